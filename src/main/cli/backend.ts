import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { openDatabase, type WritableDb } from '../db/database'
import { migrate } from '../db/migrate'
import { sqliteSql } from '../db/sqliteSql'
import type { Sql } from '../db/sql'
import { openPgSql, type PgSql } from '../db/postgres/pgSql'
import { migratePg } from '../db/postgres/migrate'
import { PG_MIGRATIONS } from '../db/postgres/migrations'
import { parseDatabaseUrl } from '../app/environment'
import { readAuditKey } from '../audit/anchor'
import { useAuditKey, type AuditKey } from '../audit/repository'

/**
 * The database a command works on: the room's file (`--db`), or a
 * district's PostgreSQL (`--database-url`), where the registry, the pass
 * records, the clock offsets and the audit trail all live. The commands run
 * the same repositories on either through `sql`.
 */
export type CliStore =
  | { kind: 'file'; sql: Sql; db: WritableDb; file: string; close(): Promise<void> }
  | { kind: 'district'; sql: PgSql; url: string; close(): Promise<void> }

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
 * `--db`; its rows are keyed with `--audit-key` (a copy of the rooms'
 * audit.key), a room's file with the audit.key beside it.
 */
export async function openCliStore(o: {
  db?: string
  databaseUrl?: string
  auditKey?: string
}): Promise<CliStore> {
  const url = parseDatabaseUrl(o.databaseUrl)
  const key = o.auditKey ? readAuditKeyFile(path.resolve(o.auditKey)) : undefined
  if (url) {
    const sql = openPgSql(url, { applicationName: 'watchroom cli', max: 4 })
    try {
      const c = await sql.pool.connect()
      try {
        await migratePg(c, PG_MIGRATIONS)
      } finally {
        c.release()
      }
    } catch (err) {
      await sql.end()
      throw err
    }
    if (key) useAuditKey(sql, key)
    return { kind: 'district', sql, url, close: () => sql.end() }
  }
  if (!o.db)
    throw new Error('--db FILE (a room) or --database-url postgres://… (a district) is required')
  const file = path.resolve(o.db)
  const db = openDatabase(file)
  try {
    migrate(db)
    // rows the command line appends are keyed like the app's
    const k = key ?? readAuditKey(path.dirname(file))
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
    close: () => {
      db.close()
      return Promise.resolve()
    }
  }
}
