import { z } from 'zod'
import { channel } from '../channel'
import { passwordSchema } from './users'
import type { SessionInfo } from '../../domain/user'

const credentials = z
  .object({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256)
  })
  .strict()

export const authContract = {
  /** Log in; the transport binds the new session to the window or browser. */
  'auth:login': channel<SessionInfo>()({
    input: credentials,
    permission: 'public',
    audit: 'session'
  }),
  /** End the caller's session. */
  'auth:logout': channel<null>()({
    input: z.object({}).strict(),
    permission: 'public',
    audit: 'session'
  }),
  /** The caller's session, or null when logged out. */
  'auth:session': channel<SessionInfo | null>()({
    input: z.object({}).strict(),
    permission: 'public'
  }),
  /** Lock the caller's session until the password is given again. */
  'auth:lock': channel<SessionInfo>()({
    input: z.object({}).strict(),
    permission: 'watch',
    audit: { none: 'locks this screen only; the account and its data are untouched' }
  }),
  /**
   * The user worked the keyboard or mouse: the server's idle lock counts from
   * here (other calls do not count, since a wall refreshes on its own).
   */
  'auth:activity': channel<null>()({
    input: z.object({}).strict(),
    permission: 'watch',
    audit: { none: 'keeps an idle session from locking; called every minute of use' }
  }),
  /** Unlock a locked session with the user's password. */
  'auth:unlock': channel<SessionInfo>()({
    input: z.object({ password: z.string().min(1).max(256) }).strict(),
    permission: 'public',
    audit: { none: 'a wrong password is audited (auth.failed); a right one resumes the session' }
  }),
  /** Change one's own password. */
  'auth:changePassword': channel<null>()({
    input: z.object({ current: z.string().min(1).max(256), next: passwordSchema }).strict(),
    permission: 'watch',
    audit: 'user'
  })
}
