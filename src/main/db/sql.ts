/**
 * The storage seam. Repositories are plain async functions over `Sql`, so one
 * repository serves both backends: the room's embedded SQLite file (the
 * default) and a district's PostgreSQL (`--database-url`).
 *
 * Write SQL both dialects accept: `?` positional or `@name` named parameters
 * (the PostgreSQL adapter rewrites them to `$n`), `RETURNING id` instead of
 * `lastInsertRowid`, `ON CONFLICT … DO NOTHING/UPDATE` instead of `INSERT OR`,
 * times as epoch-ms numbers passed in. Where the dialects really differ
 * (full-text search, JSON arrays, the catalogue), branch on `sql.dialect`.
 */
export type Dialect = 'sqlite' | 'postgres'

/** Positional values for `?`, or an object for `@name` placeholders. */
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>

export type RunResult = { changes: number }

export interface Sql {
  readonly dialect: Dialect
  /** every row of a query */
  all<T>(text: string, params?: Params): Promise<T[]>
  /** the first row, or undefined */
  get<T>(text: string, params?: Params): Promise<T | undefined>
  /** a statement run for its effect; rows a RETURNING clause gives come back through all/get */
  run(text: string, params?: Params): Promise<RunResult>
  /**
   * One transaction that takes the write lock up front (SQLite: BEGIN IMMEDIATE;
   * PostgreSQL: a connection of its own). Calls made inside it, through `t` or
   * the same root `Sql` (known from the async context), belong to it; a `tx`
   * inside a `tx` joins the outer one. The transaction ends when `fn`'s
   * promise settles: commit on success, rollback when it throws.
   *
   * On SQLite other callers' writes wait for it, but their plain reads do not
   * (one connection): they see its uncommitted rows, so a body should not
   * await slow non-database work while it holds a transaction.
   */
  tx<T>(fn: (t: Sql) => Promise<T>): Promise<T>
}

/**
 * The first column of the first row (counts, single values), like
 * better-sqlite3's `pluck().get()`.
 */
export async function value<T>(sql: Sql, text: string, params?: Params): Promise<T | undefined> {
  const row = await sql.get<Record<string, unknown>>(text, params)
  if (!row) return undefined
  const first = Object.keys(row)[0]
  return first === undefined ? undefined : (row[first] as T)
}

/** The first column of every row. */
export async function column<T>(sql: Sql, text: string, params?: Params): Promise<T[]> {
  const rows = await sql.all<Record<string, unknown>>(text, params)
  return rows.map((r) => r[Object.keys(r)[0]] as T)
}
