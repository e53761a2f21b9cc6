import { openMemoryDatabase, type WritableDb } from '../../../src/main/db/database'
import { getSchemaVersion, migrate } from '../../../src/main/db/migrate'
import { MIGRATIONS } from '../../../src/main/db/migrations'

/**
 * Signal's migration test pattern: a database at version N−1 gets the data
 * a room had then; migration N runs; the test checks the data came through
 * and the new schema holds what it promises.
 */
export function databaseAt(version: number): WritableDb {
  const db = openMemoryDatabase()
  migrate(db, MIGRATIONS.slice(0, version))
  if (getSchemaVersion(db) !== version) throw new Error(`could not reach version ${version}`)
  return db
}

/** Runs exactly migration `version` on a database one below it. */
export function applyMigration(db: WritableDb, version: number): void {
  if (getSchemaVersion(db) !== version - 1)
    throw new Error(`expected version ${version - 1}, found ${getSchemaVersion(db)}`)
  migrate(db, MIGRATIONS.slice(0, version))
}

export const rows = (db: WritableDb, sql: string, ...args: unknown[]): unknown[] =>
  db.prepare(sql).all(...args)

export const count = (db: WritableDb, table: string): number =>
  db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number

/** A camera row as every version since 0001 can hold it. */
export function insertCamera(
  db: WritableDb,
  c: { id: number; code: string; block?: string | null; community?: string | null }
): void {
  db.prepare(
    `INSERT INTO cameras (id, code, name, lat, lng, block, community, created_at, updated_at)
     VALUES (@id, @code, @name, 30.18, 120.26, @block, @community, 1, 1)`
  ).run({ block: null, community: null, name: `camera ${c.code}`, ...c })
}
