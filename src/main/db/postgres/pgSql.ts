import { AsyncLocalStorage } from 'node:async_hooks'
import pg from 'pg'
import type { Params, RunResult, Sql } from '../sql'
import { districtTypes, redactUrl } from './connect'

type Compiled = { text: string; names: string[] | null; positional: number }

/**
 * Rewrites `?` and `@name` placeholders to `$n`, skipping quoted strings,
 * quoted identifiers and comments. Cached per statement text.
 */
export function compilePlaceholders(text: string): Compiled {
  let out = ''
  let n = 0
  const names: string[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1)
      const stop = end < 0 ? text.length : end + 1
      out += text.slice(i, stop)
      i = stop
    } else if (c === '-' && text[i + 1] === '-') {
      const end = text.indexOf('\n', i)
      const stop = end < 0 ? text.length : end
      out += text.slice(i, stop)
      i = stop
    } else if (c === '?') {
      out += `$${++n}`
      i++
    } else if (c === '@' && /[A-Za-z_]/.test(text[i + 1] ?? '')) {
      const m = /^@([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i)) as RegExpExecArray
      const name = m[1]
      let k = names.indexOf(name)
      if (k < 0) k = names.push(name) - 1
      out += `$${k + 1}`
      i += m[0].length
    } else {
      out += c
      i++
    }
  }
  if (n > 0 && names.length > 0) throw new Error('mixed ? and @name placeholders')
  return { text: out, names: names.length ? names : null, positional: n }
}

/** undefined as NULL; booleans as the 0/1 integers the schema's flag columns hold */
const toPg = (v: unknown): unknown => (v === undefined ? null : typeof v === 'boolean' ? +v : v)

type Queryable = { query: (text: string, values: unknown[]) => Promise<pg.QueryResult> }

export type PgSql = Sql & {
  readonly pool: pg.Pool
  end(): Promise<void>
}

function valuesOf(c: Compiled, params: Params | undefined): unknown[] {
  if (params === undefined) return []
  if (Array.isArray(params)) return (params as unknown[]).map(toPg)
  const named = params as Readonly<Record<string, unknown>>
  return (c.names ?? []).map((k) => {
    if (!(k in named)) throw new Error(`missing parameter @${k}`)
    return toPg(named[k])
  })
}

function compiler(): (text: string) => Compiled {
  const cache = new Map<string, Compiled>()
  return (text) => {
    let c = cache.get(text)
    if (!c) {
      c = compilePlaceholders(text)
      if (cache.size > 1000) cache.clear()
      cache.set(text, c)
    }
    return c
  }
}

/**
 * `Sql` over a PostgreSQL pool. A transaction takes a connection of its own
 * for its lifetime; calls made inside it (known from the async context it
 * started) go to that connection, everything else to the pool.
 */
export function pgSql(pool: pg.Pool): PgSql {
  const compile = compiler()
  // `done` because a callback left behind by a finished transaction keeps its
  // async context: it must go to the pool, not to a released connection
  const current = new AsyncLocalStorage<{ client: pg.PoolClient; done: boolean }>()
  const open = (): pg.PoolClient | undefined => {
    const s = current.getStore()
    return s && !s.done ? s.client : undefined
  }
  const exec = (text: string, params?: Params): Promise<pg.QueryResult> => {
    const c = compile(text)
    const values = valuesOf(c, params)
    const target: Queryable = open() ?? pool
    return target.query(c.text, values)
  }
  const sql: PgSql = {
    dialect: 'postgres',
    pool,
    async all<T>(text: string, params?: Params) {
      return (await exec(text, params)).rows as T[]
    },
    async get<T>(text: string, params?: Params) {
      return (await exec(text, params)).rows[0] as T | undefined
    },
    async run(text: string, params?: Params): Promise<RunResult> {
      return { changes: (await exec(text, params)).rowCount ?? 0 }
    },
    async tx<T>(fn: (t: Sql) => Promise<T>): Promise<T> {
      if (open()) return fn(sql)
      const client = await pool.connect()
      const store = { client, done: false }
      // A connection lost between two statements reports it as an 'error' event, which the
      // pool listens for only on idle connections: unheard it would end the process. The
      // transaction's next statement fails instead, and a connection that cannot even roll
      // back is dropped, not handed to the next caller.
      let broken = false
      const lost = (): void => {
        broken = true
      }
      client.on('error', lost)
      try {
        await client.query('BEGIN')
        const result = await current.run(store, () => fn(sql))
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {
          broken = true
        })
        throw err
      } finally {
        store.done = true
        client.off('error', lost)
        client.release(broken)
      }
    },
    end: () => pool.end()
  }
  return sql
}

/**
 * `Sql` over one connection inside a transaction the caller opened and will
 * end (a copy that owns its connection from BEGIN to COMMIT): `tx` joins it.
 */
export function clientSql(client: pg.ClientBase): Sql {
  const compile = compiler()
  const exec = async (text: string, params?: Params): Promise<pg.QueryResult> => {
    const c = compile(text)
    return client.query(c.text, valuesOf(c, params))
  }
  const sql: Sql = {
    dialect: 'postgres',
    all: async <T>(text: string, params?: Params) => (await exec(text, params)).rows as T[],
    get: async <T>(text: string, params?: Params) =>
      (await exec(text, params)).rows[0] as T | undefined,
    run: async (text: string, params?: Params) => ({
      changes: (await exec(text, params)).rowCount ?? 0
    }),
    tx: (fn) => fn(sql)
  }
  return sql
}

/** A pool on the district database with the app's type parsing (bigint as number). */
export function openPgSql(
  url: string,
  opts: { applicationName?: string; max?: number } = {}
): PgSql {
  const pool = new pg.Pool({
    connectionString: url,
    types: districtTypes,
    application_name: opts.applicationName ?? 'watchroom',
    max: opts.max ?? 8
  })
  pool.on('error', (err) => {
    // an idle connection dropped by the server: the pool makes a new one on demand
    console.warn(`district database ${redactUrl(url)}: ${err.message}`)
  })
  return pgSql(pool)
}
