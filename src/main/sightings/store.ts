import type { ReadableDb } from '../db/database'
import type { SightingStore } from '../lookup/engine/memoryStore'
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
