import type { Role } from '../auth/roles'

/** A user as the API shows it (never the password hash). */
export type User = {
  id: number
  username: string
  displayName: string
  role: Role
  disabled: boolean
  createdAt: number
}

/** The caller's session as the renderer sees it. */
export type SessionInfo = {
  user: User
  locked: boolean
  expiresAt: number
  /** the demo site's accounts have well-known passwords; the UI says so */
  demo: boolean
  /** on a well-known or generated initial password outside the demo: nothing but a password change is allowed */
  mustChangePassword: boolean
}
