/** SQL about the database itself rather than any one feature's tables. */
import type { ReadableDb, WritableDb } from './database'

/**
 * How many tables, indexes, views and triggers the schema has. Reading it
 * touches the file's header and the sqlite_master pages, so a damaged file
 * fails here, at open, rather than at a user's first click.
 */
export function countSchemaObjects(db: ReadableDb): number {
  return db.prepare('SELECT COUNT(*) FROM sqlite_master').pluck().get() as number
}

/** Writes the WAL back into the file and empties it, so pages just overwritten leave no old copy. */
export function checkpointTruncate(db: WritableDb): void {
  db.pragma('wal_checkpoint(TRUNCATE)')
}

/**
 * A write transaction held open across awaits (a streamed import): better-sqlite3's
 * `transaction()` cannot span them, so the caller opens, commits or rolls back itself.
 */
export function beginImmediate(db: WritableDb): void {
  db.exec('BEGIN IMMEDIATE')
}
export function commit(db: WritableDb): void {
  db.exec('COMMIT')
}
export function rollbackIfOpen(db: WritableDb): void {
  if (db.inTransaction) db.exec('ROLLBACK')
}
