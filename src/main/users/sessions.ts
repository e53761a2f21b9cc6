import { randomBytes } from 'node:crypto'
import type { User } from '../../shared/domain/user'

export type Session = {
  token: string
  user: User
  demo: boolean
  locked: boolean
  createdAt: number
  expiresAt: number
  lastActiveAt: number
}

/**
 * Live sessions, in memory: a restart of main logs everyone out, which is
 * the safe default for a shared room PC.
 */
export type SessionStore = ReturnType<typeof createSessionStore>

export function createSessionStore(opts: { ttlMs: number; now?: () => number }) {
  const now = opts.now ?? Date.now
  const sessions = new Map<string, Session>()

  return {
    create(user: User, demo: boolean): Session {
      const t = now()
      const s: Session = {
        token: randomBytes(32).toString('base64url'),
        user,
        demo,
        locked: false,
        createdAt: t,
        expiresAt: t + opts.ttlMs,
        lastActiveAt: t
      }
      sessions.set(s.token, s)
      return s
    },
    /** The live session for a token; expired ones are dropped. Sliding expiry. */
    get(token: string | null | undefined): Session | null {
      if (!token) return null
      const s = sessions.get(token)
      if (!s) return null
      const t = now()
      if (t >= s.expiresAt) {
        sessions.delete(token)
        return null
      }
      s.lastActiveAt = t
      s.expiresAt = t + opts.ttlMs
      return s
    },
    delete(token: string | null | undefined): void {
      if (token) sessions.delete(token)
    },
    size(): number {
      return sessions.size
    }
  }
}
