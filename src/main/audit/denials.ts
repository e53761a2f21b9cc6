import type { Denial } from '../api/dispatch'

/** Refusals of the same caller, channel and reason within this window are one audit row and a count. */
const WINDOW_MS = 60_000
/** Distinct callers tracked at once; past this everything pending is written out. */
const MAX_KEYS = 5000

export type DenialRecord = {
  at: number
  actor: string | null
  channel: string
  reason: Denial['reason']
  permission: string
  client: string | null
  /** refusals folded into this row after the first (0 for a first refusal) */
  repeated: number
  /** when the folded refusals started (for a repeat row) */
  since?: number
}

/**
 * Refused calls go to the audit trail with the caller's address, but a
 * client hammering one channel must not write one row per request: the first
 * refusal is written at once and the repeats within a minute as one row with
 * their count.
 */
export function createDenialLog(opts: {
  now: () => number
  write: (r: DenialRecord) => Promise<unknown>
}) {
  type Pending = { first: DenialRecord; count: number }
  const pending = new Map<string, Pending>()
  // the refused call has its answer already; the row is written behind it, and close waits for it
  const writing = new Set<Promise<unknown>>()
  const write = (r: DenialRecord): void => {
    const w = opts
      .write(r)
      .catch((err: unknown) => console.error('audit of a refused call failed', err))
      .finally(() => writing.delete(w))
    writing.add(w)
  }

  const flushOne = (key: string, p: Pending) => {
    pending.delete(key)
    if (p.count > 0) write({ ...p.first, at: opts.now(), repeated: p.count, since: p.first.at })
  }
  const flush = (olderThan = Infinity) => {
    const t = opts.now()
    for (const [key, p] of [...pending]) if (t - p.first.at >= olderThan) flushOne(key, p)
  }
  const timer = setInterval(() => flush(WINDOW_MS), WINDOW_MS)
  timer.unref()

  return {
    record(d: Denial): void {
      const t = opts.now()
      const actor = d.session?.user.username ?? null
      const client = d.clientId ?? null
      const key = JSON.stringify([actor, client, d.channel, d.reason])
      const p = pending.get(key)
      if (p && t - p.first.at < WINDOW_MS) {
        p.count++
        return
      }
      if (p) flushOne(key, p)
      if (pending.size >= MAX_KEYS) flush()
      const first: DenialRecord = {
        at: t,
        actor,
        channel: d.channel,
        reason: d.reason,
        permission: d.permission,
        client,
        repeated: 0
      }
      write(first)
      pending.set(key, { first, count: 0 })
    },
    /** Writes every pending count (at close). */
    async close(): Promise<void> {
      clearInterval(timer)
      flush()
      await Promise.all(writing)
    }
  }
}
