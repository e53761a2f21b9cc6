import { AsyncLocalStorage } from 'node:async_hooks'
import type Database from 'better-sqlite3'
import type { Params, RunResult, Sql } from './sql'
import type { WritableDb } from './database'

type Statement = Database.Statement<unknown[], unknown>

export type SqliteSql = Sql & { readonly db: WritableDb }

const adapters = new WeakMap<WritableDb, SqliteSql>()

const isNamed = (p: Params | undefined): p is Readonly<Record<string, unknown>> =>
  p !== undefined && !Array.isArray(p)

const toSqlite = (v: unknown): unknown => (typeof v === 'boolean' ? (v ? 1 : 0) : v)

function args(params: Params | undefined): unknown[] {
  if (params === undefined) return []
  if (isNamed(params))
    return [Object.fromEntries(Object.entries(params).map(([k, v]) => [k, toSqlite(v)]))]
  return params.map(toSqlite)
}

/**
 * `Sql` over a better-sqlite3 connection. The driver is synchronous, so each
 * call has finished before its promise is returned, and a transaction whose
 * body awaits only this adapter runs without any other request interleaving.
 * A body that awaits other I/O (a file, a child process) keeps the
 * connection's transaction open; other transactions and writes then queue
 * behind it (an async lock) instead of joining it. Which calls belong to the
 * open transaction is known from the async context it was started in.
 */
export function sqliteSql(db: WritableDb): SqliteSql {
  // one adapter per connection: two would each think no transaction is open
  // and BEGIN inside the other's (the write lock is the connection's)
  let adapter = adapters.get(db)
  if (!adapter) {
    adapter = createSqliteSql(db)
    adapters.set(db, adapter)
  }
  return adapter
}

function createSqliteSql(db: WritableDb): SqliteSql {
  const cache = new Map<string, Statement>()
  const prepare = (text: string): Statement => {
    let st = cache.get(text)
    if (!st) {
      st = db.prepare(text)
      if (cache.size > 500) cache.clear()
      cache.set(text, st)
    }
    return st
  }
  // a token per transaction: a callback left behind by a finished transaction
  // keeps its async context, and must not count as part of a later one
  const inTx = new AsyncLocalStorage<object>()
  let queue: Promise<unknown> = Promise.resolve()
  let open: object | undefined
  /** runs `fn` when no transaction of another caller is open */
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn)
    queue = next.catch(() => undefined)
    return next
  }
  const mine = (): boolean => open === undefined || inTx.getStore() === open

  const write = (text: string, params?: Params): RunResult => {
    const r = prepare(text).run(...args(params))
    return { changes: r.changes }
  }
  const query = <T>(text: string, params?: Params): T[] => {
    const st = prepare(text)
    if (st.reader) return st.all(...args(params)) as T[]
    st.run(...args(params))
    return []
  }

  /** a synchronous call as a promise: a driver error becomes a rejection, not a throw */
  const settle = <T>(fn: () => T | Promise<T>): Promise<T> => {
    try {
      return Promise.resolve(fn())
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)))
    }
  }
  const plainRead = (st: Statement, text: string): boolean =>
    st.reader && !/\bRETURNING\b/i.test(text)

  const sql: Sql = {
    dialect: 'sqlite',
    all<T>(text: string, params?: Params) {
      return settle(() => {
        const st = prepare(text)
        if (plainRead(st, text) || mine()) return query<T>(text, params)
        return exclusive(() => settle(() => query<T>(text, params)))
      })
    },
    get<T>(text: string, params?: Params) {
      return settle(() => {
        const st = prepare(text)
        if (plainRead(st, text)) return st.get(...args(params)) as T | undefined
        if (mine()) return query<T>(text, params)[0]
        return exclusive(() => settle(() => query<T>(text, params)[0]))
      })
    },
    run(text: string, params?: Params) {
      return settle(() =>
        mine() ? write(text, params) : exclusive(() => settle(() => write(text, params)))
      )
    },
    tx<T>(fn: (t: Sql) => Promise<T>): Promise<T> {
      if (open !== undefined && inTx.getStore() === open) return fn(sql)
      return exclusive(() => {
        const token = {}
        return inTx.run(token, async () => {
          // BEGIN first: if it fails (busy), no transaction is left marked open
          db.exec('BEGIN IMMEDIATE')
          open = token
          try {
            const result = await fn(sql)
            db.exec('COMMIT')
            return result
          } catch (err) {
            if (db.inTransaction) db.exec('ROLLBACK')
            throw err
          } finally {
            open = undefined
          }
        })
      })
    }
  }
  return Object.assign(sql, { db })
}
