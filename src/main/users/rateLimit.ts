/**
 * Login throttling: after `free` failures for one key (client + username)
 * within the window, each further attempt must wait, doubling from
 * `baseDelayMs` up to `maxDelayMs`. A success clears the key.
 */
export function createLoginLimiter(
  opts: {
    free?: number
    windowMs?: number
    baseDelayMs?: number
    maxDelayMs?: number
    now?: () => number
  } = {}
) {
  const free = opts.free ?? 5
  const windowMs = opts.windowMs ?? 15 * 60_000
  const base = opts.baseDelayMs ?? 30_000
  const max = opts.maxDelayMs ?? 15 * 60_000
  const now = opts.now ?? Date.now
  const state = new Map<string, { failures: number; first: number; blockedUntil: number }>()

  return {
    /** ms the caller must still wait, or 0 */
    retryAfter(key: string): number {
      const s = state.get(key)
      if (!s) return 0
      const t = now()
      if (t - s.first > windowMs && t >= s.blockedUntil) {
        state.delete(key)
        return 0
      }
      return Math.max(0, s.blockedUntil - t)
    },
    fail(key: string): void {
      const t = now()
      const s = state.get(key) ?? { failures: 0, first: t, blockedUntil: 0 }
      s.failures++
      if (s.failures >= free) s.blockedUntil = t + Math.min(max, base * 2 ** (s.failures - free))
      state.set(key, s)
    },
    succeed(key: string): void {
      state.delete(key)
    }
  }
}
