import pg from 'pg'
import { parseDatabaseUrl } from '../app/environment'
import type { Sql } from '../db/sql'
import { migratePg } from '../db/postgres/migrate'
import { PG_MIGRATIONS } from '../db/postgres/migrations'
import { listCameraCodes } from '../cameras/repository'
import { estimateClockOffsets, lookup, trail } from '../lookup/engine'
import { loadClockOffsets, loadRoadGraph } from '../lookup/service'
import { replaceClockOffsets, sightingsByPlate } from '../lookup/repository'
import { pgSql } from '../db/postgres/pgSql'
import { importSightingsFileToPg } from '../sightings/pgImport'
import { createPgSightingStore } from '../sightings/pgRepository'
import { runOnAsyncStore } from '../sightings/asyncStore'
import type { ImportSummary } from '../../shared/domain/import'
import type { LookupQuery, LookupResult, TrailPoint } from '../../shared/lookup/types'

/**
 * A district's PostgreSQL as the CLI uses it so far: it holds the pass
 * records; the registry (cameras, roads) and the camera clock offsets stay
 * in the room's file given with --db, until they move to the district too.
 */
export type District = {
  pool: pg.Pool
  close(): Promise<void>
}

/** --database-url (else WATCHROOM_DATABASE_URL, as the entry passes it); null for a room on its file alone. */
export function districtUrl(url: string | undefined): string | null {
  return parseDatabaseUrl(url) ?? null
}

export async function openDistrict(url: string): Promise<District> {
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  try {
    const c = await pool.connect()
    try {
      await migratePg(c, PG_MIGRATIONS)
    } finally {
      c.release()
    }
  } catch (err) {
    await pool.end()
    throw err
  }
  return { pool, close: () => pool.end() }
}

/** Sightings import into the district, checked against the room's camera registry. */
export async function importSightingsToDistrict(
  district: District,
  room: Sql,
  file: string,
  opts: { timeZone: string; onProgress?(bytes: number, total: number): void }
): Promise<ImportSummary> {
  return importSightingsFileToPg(district.pool, file, {
    ...opts,
    knownCameras: await listCameraCodes(room)
  })
}

/**
 * recomputeClockOffsets over the district's reads: the same estimate on the
 * same rows in the same order (plate in byte order, as SQLite sorts), stored
 * in the room's file where the lookup reads offsets from. Loads every read:
 * fine for a room's worth, not yet for a district's 10⁸.
 */
export async function recomputeClockOffsetsFromDistrict(
  district: District,
  room: Sql,
  now: number
): Promise<Map<string, number>> {
  const offsets = estimateClockOffsets(
    await loadRoadGraph(room),
    await sightingsByPlate(pgSql(district.pool))
  )
  await replaceClockOffsets(room, offsets, now)
  return offsets
}

export async function lookupInDistrict(
  district: District,
  room: Sql,
  query: LookupQuery
): Promise<LookupResult> {
  const graph = await loadRoadGraph(room)
  const clockOffsets = await loadClockOffsets(room)
  return runOnAsyncStore(createPgSightingStore(district.pool), (s) =>
    lookup(graph, s, query, { clockOffsets })
  )
}

export async function trailInDistrict(
  district: District,
  room: Sql,
  plate: string,
  fromMs: number,
  toMs: number,
  fuzzy: boolean
): Promise<TrailPoint[]> {
  const clockOffsets = await loadClockOffsets(room)
  return runOnAsyncStore(createPgSightingStore(district.pool), (s) =>
    trail(s, plate, fromMs, toMs, fuzzy, { clockOffsets })
  )
}
