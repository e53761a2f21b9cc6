import type { ReadableDb } from '../db/database'
import type { Sql } from '../db/sql'
import type { PgSql } from '../db/postgres/pgSql'
import type { SightingStore } from '../lookup/engine/memoryStore'
import { runOnAsyncStore } from './asyncStore'
import { createPgSightingStore } from './pgRepository'
import { prepareSightingReads } from './repository'

/**
 * The lookup's sighting queries over SQLite: one statement per call, a range
 * scan of the (camera_code, ts) or (plate, ts) index for each key.
 */
export function createSqliteSightingStore(db: ReadableDb): SightingStore {
  const reads = prepareSightingReads(db)
  return {
    inRange: (codes, fromMs, toMs) => reads.atCameras(codes, fromMs, toMs),
    byPlates: (plates, fromMs, toMs) => reads.ofPlates(plates, fromMs, toMs)
  }
}

/** The room's SQLite connection under `sql`, when it is one (the prepared-statement paths). */
export function roomFileOf(sql: Sql): ReadableDb | undefined {
  return sql.dialect === 'sqlite' ? (sql as Partial<{ db: ReadableDb }>).db : undefined
}

/** The district's pool under `sql`, when it is one. */
export function districtPoolOf(sql: Sql): PgSql['pool'] | undefined {
  return sql.dialect === 'postgres' ? (sql as Partial<PgSql>).pool : undefined
}

/** Runs a synchronous computation (lookup, trail) over the pass records behind `sql`. */
export type SightingReader = <T>(run: (store: SightingStore) => T) => Promise<T>

/**
 * The room's file is read synchronously with prepared statements (a lookup
 * makes one read, and the engine stays synchronous and fast); a district's
 * PostgreSQL through the asynchronous store, with the same answers.
 */
export function sightingReaderOf(sql: Sql): SightingReader {
  const file = roomFileOf(sql)
  if (file) {
    const store = createSqliteSightingStore(file)
    // runs at once; a throw becomes the rejection
    return (run) => new Promise((resolve) => resolve(run(store)))
  }
  const pool = districtPoolOf(sql)
  if (!pool) throw new Error(`no sightings store for this ${sql.dialect} connection`)
  const store = createPgSightingStore(pool)
  return (run) => runOnAsyncStore(store, run)
}
