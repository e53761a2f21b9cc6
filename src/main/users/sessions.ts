import { createHash, randomBytes } from 'node:crypto'
import type { User } from '../../shared/domain/user'

export type Session = {
  token: string
  /** names the session in signed media links and logs without being the token */
  id: string
  user: User
  demo: boolean
  /** the account is on a known or initial password in a real room: only a password change is allowed */
  mustChangePassword: boolean
  locked: boolean
  createdAt: number
  expiresAt: number
  lastActiveAt: number
  /** last keyboard or mouse use the renderer reported: the idle lock counts from here */
  lastInputAt: number
}

/** The account as stored now: sessions take role, state and password status from here on every call. */
export type AccountLoader = (userId: number) => Promise<{ user: User; demo: boolean } | undefined>

/**
 * Live sessions, in memory: a restart of main logs everyone out, which is
 * the safe default for a shared room PC.
 */
export type SessionStore = ReturnType<typeof createSessionStore>

export const sessionIdOf = (token: string): string =>
  createHash('sha256').update(token).digest('base64url').slice(0, 22)

export function createSessionStore(opts: {
  /** sliding lifetime without calls */
  ttlMs: number
  /** absolute lifetime from login, whatever the activity */
  maxAgeMs?: number
  /** idle time after which the server locks the session (0 = never), read again on every call */
  idleLockMs?: () => number | Promise<number>
  loadAccount?: AccountLoader
  /** whether an account on a well-known password must change it first (everywhere but the demo) */
  passwordChangeRequired?: (account: { user: User; demo: boolean }) => boolean
  now?: () => number
}) {
  const now = opts.now ?? Date.now
  const maxAge = opts.maxAgeMs ?? 24 * 3600_000
  const sessions = new Map<string, Session>()
  const byId = new Map<string, Session>()
  // as of the last call: peek and byId (media, sockets) answer without a database read
  let idleMs = 0

  const drop = (s: Session) => {
    sessions.delete(s.token)
    byId.delete(s.id)
  }

  /** Applies expiry and the idle lock; null when the session is over. */
  const refresh = (s: Session, t: number, touch: boolean): Session | null => {
    if (t >= s.expiresAt || t >= s.createdAt + maxAge) {
      drop(s)
      return null
    }
    if (idleMs > 0 && t - s.lastInputAt >= idleMs) s.locked = true
    if (touch) {
      s.lastActiveAt = t
      s.expiresAt = Math.min(t + opts.ttlMs, s.createdAt + maxAge)
    }
    return s
  }

  return {
    create(user: User, demo: boolean): Session {
      const t = now()
      const token = randomBytes(32).toString('base64url')
      const s: Session = {
        token,
        id: sessionIdOf(token),
        user,
        demo,
        mustChangePassword: opts.passwordChangeRequired?.({ user, demo }) ?? false,
        locked: false,
        createdAt: t,
        expiresAt: Math.min(t + opts.ttlMs, t + maxAge),
        lastActiveAt: t,
        lastInputAt: t
      }
      sessions.set(s.token, s)
      byId.set(s.id, s)
      return s
    },
    /**
     * The live session for a token, as of now (sliding expiry), with the
     * account as stored now: a demoted, disabled or deleted account changes
     * or ends its sessions at the next call. Null when there is none.
     */
    async get(token: string | null | undefined): Promise<Session | null> {
      const s = token ? sessions.get(token) : undefined
      if (!s) return null
      if (opts.loadAccount) {
        const account = await opts.loadAccount(s.user.id)
        if (!account || account.user.disabled) {
          drop(s)
          return null
        }
        s.user = account.user
        s.demo = account.demo
        s.mustChangePassword = opts.passwordChangeRequired?.(account) ?? false
      }
      if (opts.idleLockMs) idleMs = await opts.idleLockMs()
      // logged out or revoked while the account was read
      if (sessions.get(s.token) !== s) return null
      return refresh(s, now(), true)
    },
    /**
     * Like get, without counting as activity and without reading the
     * database (event pushes, media checks, a socket's liveness): the
     * account and idle limit as of the session's last call.
     */
    peek(token: string | null | undefined): Session | null {
      const s = token ? sessions.get(token) : undefined
      return s ? refresh(s, now(), false) : null
    },
    /** The live session a signed link was issued to. */
    byId(id: string | null | undefined): Session | null {
      const s = id ? byId.get(id) : undefined
      return s ? refresh(s, now(), false) : null
    },
    /** The user worked the keyboard or mouse: the idle lock starts over. */
    noteInput(s: Session): void {
      if (!s.locked) s.lastInputAt = now()
    },
    unlock(s: Session): void {
      s.locked = false
      s.lastInputAt = now()
    },
    /** Ends every session of a user (password reset, disabled), except the one given. */
    revokeUser(userId: number, exceptToken?: string): number {
      let n = 0
      for (const s of [...sessions.values()])
        if (s.user.id === userId && s.token !== exceptToken) {
          drop(s)
          n++
        }
      return n
    },
    delete(token: string | null | undefined): void {
      const s = token ? sessions.get(token) : undefined
      if (s) drop(s)
    },
    size(): number {
      return sessions.size
    }
  }
}
