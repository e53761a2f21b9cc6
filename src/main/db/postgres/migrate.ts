import type { ClientBase } from 'pg'

/**
 * The district database was written by a newer WatchRoom. Its own class (not
 * the SQLite runner's) so that this runner loads without the bundled SQL
 * lists, as the benches run it under tsx.
 */
export class PgDatabaseFromFutureError extends Error {
  constructor(
    readonly dbVersion: number,
    readonly appVersion: number
  ) {
    super(
      `This district database has schema version ${dbVersion}, but this WatchRoom knows only up to ${appVersion}. ` +
        'It was written by a newer WatchRoom; update the app.'
    )
    this.name = 'DatabaseFromFutureError'
  }
}

/** pg_advisory_xact_lock key: rooms starting together migrate one at a time. */
const MIGRATE_LOCK = 0x5752_0001

type Migration = { version: number; name: string; sql: string }

export async function getPgSchemaVersion(client: ClientBase): Promise<number> {
  const t = await client.query<{ t: string | null }>("SELECT to_regclass('watchroom_schema') AS t")
  if (!t.rows[0]?.t) return 0
  const r = await client.query<{ version: number }>('SELECT version FROM watchroom_schema')
  return r.rows[0]?.version ?? 0
}

/**
 * The SQLite runner's rules on PostgreSQL: numbers must run 1..n, a database
 * newer than the app is refused, and every pending step is applied in one
 * transaction together with the recorded version (PostgreSQL's DDL is
 * transactional, so a failed step leaves the schema as it was). The version
 * lives in a one-row table since there is no user_version.
 */
export async function migratePg(
  client: ClientBase,
  migrations: readonly Migration[]
): Promise<{ from: number; to: number }> {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`)
  })
  const latest = migrations.length
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK])
    await client.query(
      'CREATE TABLE IF NOT EXISTS watchroom_schema (id int PRIMARY KEY CHECK (id = 1), version int NOT NULL)'
    )
    const r = await client.query<{ version: number }>(
      'SELECT version FROM watchroom_schema WHERE id = 1'
    )
    const from = r.rows[0]?.version ?? 0
    if (from > latest) throw new PgDatabaseFromFutureError(from, latest)
    for (const m of migrations.slice(from)) await client.query(m.sql)
    await client.query(
      'INSERT INTO watchroom_schema (id, version) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET version = $1',
      [latest]
    )
    await client.query('COMMIT')
    return { from, to: latest }
  } catch (err) {
    await client.query('ROLLBACK')
    throw err
  }
}
