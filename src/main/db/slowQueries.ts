import { performance } from 'node:perf_hooks'
import type Database from 'better-sqlite3'

/** A statement that took longer than the connection's threshold, with SQLite's plan for it. */
export type SlowQuery = {
  sql: string
  ms: number
  /** `EXPLAIN QUERY PLAN` rows as `detail` lines, indented by depth; empty for `exec` scripts */
  plan: string[]
}

const TIMED = ['run', 'get', 'all'] as const

/**
 * Times every statement of `db` and reports the ones slower than `thresholdMs`
 * with their query plan, so a missing index shows up in the log with the scan
 * that needs it. `iterate` is left alone: its time is mostly the caller's own
 * work between rows.
 */
export function watchSlowQueries(
  db: Database.Database,
  thresholdMs: number,
  report: (q: SlowQuery) => void
): void {
  const prepare = db.prepare.bind(db)
  const exec = db.exec.bind(db)
  const planOf = (sql: string, args: unknown[]): string[] => {
    try {
      const rows = prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as {
        id: number
        parent: number
        detail: string
      }[]
      const depth = new Map<number, number>([[0, 0]])
      return rows.map((r) => {
        const d = (depth.get(r.parent) ?? 0) + 1
        depth.set(r.id, d)
        return `${'  '.repeat(d - 1)}${r.detail}`
      })
    } catch (err) {
      // the statement ran; only its plan could not be had (a pragma, a closed connection)
      return [`(no plan: ${err instanceof Error ? err.message : String(err)})`]
    }
  }
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql)
    const methods = stmt as unknown as Record<
      (typeof TIMED)[number],
      (...args: unknown[]) => unknown
    >
    for (const name of TIMED) {
      const original = methods[name]
      // own properties shadow the prototype's, so pluck()/raw() (which return the
      // statement itself) keep the timing
      Object.defineProperty(stmt, name, {
        configurable: true,
        writable: true,
        value: function timed(this: Database.Statement, ...args: unknown[]) {
          const start = performance.now()
          const result = original.apply(this, args)
          const ms = performance.now() - start
          if (ms > thresholdMs) report({ sql, ms, plan: planOf(sql, args) })
          return result
        }
      })
    }
    return stmt
  }) as typeof db.prepare
  db.exec = (sql: string) => {
    const start = performance.now()
    const result = exec(sql)
    const ms = performance.now() - start
    if (ms > thresholdMs) report({ sql, ms, plan: [] })
    return result
  }
}

/** One log line for a slow statement: its time, its SQL on one line, its plan. */
export function formatSlowQuery(q: SlowQuery): string {
  const sql = q.sql.replace(/\s+/g, ' ').trim()
  const plan = q.plan.length > 0 ? `\n  plan:\n    ${q.plan.join('\n    ')}` : ''
  return `slow query (${Math.round(q.ms)} ms): ${sql.length > 500 ? `${sql.slice(0, 500)}…` : sql}${plan}`
}
