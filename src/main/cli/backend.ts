import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { openDatabase, type WritableDb } from '../db/database'
import { migrate } from '../db/migrate'
import { sqliteSql } from '../db/sqliteSql'
import type { Sql } from '../db/sql'
import { openPgSql, type PgSql } from '../db/postgres/pgSql'
import { migratePg } from '../db/postgres/migrate'
import { PG_MIGRATIONS } from '../db/postgres/migrations'
import { parseDatabaseUrl } from '../app/environment'
import { loadDistrictAuditKey, readAuditKey } from '../audit/anchor'
import { useAuditKey, type AuditKey } from '../audit/repository'

/**
 * The database a command works on: the room's file (`--db`), or a
 * district's PostgreSQL (`--database-url`), where the registry, the pass
 * records, the clock offsets and the audit trail all live. The commands run
 * the same repositories on either through `sql`.
 */
export type CliStore = (
  | { kind: 'file'; sql: Sql; db: WritableDb; file: string }
  | { kind: 'district'; sql: PgSql; url: string }
) & {
  /** where the key files (audit.key, secrets.key) and exported audit heads are; null: none named */
  keysDir: string | null
  close(): Promise<void>
}

/** An audit key file (the format audit/anchor.ts writes), named on the command line. */
export function readAuditKeyFile(file: string, option = '--audit-key'): AuditKey {
  if (!existsSync(file)) throw new Error(`${option}: no file ${file}`)
  let raw: { key?: unknown; keyedFrom?: unknown }
  try {
    raw = JSON.parse(readFileSync(file, 'utf8')) as typeof raw
  } catch {
    throw new Error(`${option}: ${file} is not an audit key file`)
  }
  if (typeof raw.key !== 'string' || !Number.isInteger(raw.keyedFrom))
    throw new Error(`${option}: ${file} is not an audit key file`)
  return { key: Buffer.from(raw.key, 'base64'), keyedFrom: raw.keyedFrom as number }
}

/**
 * Opens and migrates the database the options name. A district needs no
 * `--db`; its keys are those of a room on it (`dataDir`: every room of a
 * district holds the same audit.key and secrets.key), a room's file has
 * them beside it.
 */
export async function openCliStore(o: {
  db?: string
  databaseUrl?: string
  dataDir?: string
}): Promise<CliStore> {
  const url = parseDatabaseUrl(o.databaseUrl)
  if (url) {
    const keysDir = o.dataDir ? path.resolve(o.dataDir) : null
    const sql = openPgSql(url, { applicationName: 'watchroom cli', max: 4 })
    try {
      const c = await sql.pool.connect()
      try {
        await migratePg(c, PG_MIGRATIONS)
      } finally {
        c.release()
      }
      if (keysDir) {
        mkdirSync(keysDir, { recursive: true, mode: 0o700 })
        // the district's one key, as a room server takes it: a new district records this one's,
        // a key that is missing or another than the district's is refused
        useAuditKey(sql, await loadDistrictAuditKey(keysDir, sql))
      }
    } catch (err) {
      await sql.end()
      throw err
    }
    return { kind: 'district', sql, url, keysDir, close: () => sql.end() }
  }
  if (!o.db)
    throw new Error('--db FILE (a room) or --database-url postgres://… (a district) is required')
  const file = path.resolve(o.db)
  const db = openDatabase(file)
  try {
    migrate(db)
    // rows the command line appends are keyed like the app's
    const k = readAuditKey(path.dirname(file))
    if (k) useAuditKey(db, k)
  } catch (err) {
    db.close()
    throw err
  }
  return {
    kind: 'file',
    sql: sqliteSql(db),
    db,
    file,
    keysDir: path.dirname(file),
    close: () => {
      db.close()
      return Promise.resolve()
    }
  }
}
