import type { ReadableDb } from '../db/database'
import type { Sighting } from '../../shared/domain/sighting'
import type { SightingStore } from '../lookup/memoryStore'

type Row = { camera_code: string; ts: number; plate: string; confidence: number | null }

/**
 * The lookup's sighting queries over SQLite: both are range scans of an
 * index, (camera_code, ts) and (plate, ts), with statements prepared once.
 */
export function createSqliteSightingStore(db: ReadableDb): SightingStore {
  const byCamera = db.prepare(
    'SELECT camera_code, ts, plate, confidence FROM sightings WHERE camera_code = ? AND ts BETWEEN ? AND ?'
  )
  const byPlate = db.prepare(
    'SELECT camera_code, ts, plate, confidence FROM sightings WHERE plate = ? AND ts BETWEEN ? AND ?'
  )
  const collect = (
    stmt: typeof byCamera,
    keys: readonly string[],
    fromMs: number,
    toMs: number
  ): Sighting[] => {
    const out: Sighting[] = []
    for (const k of new Set(keys))
      for (const r of stmt.iterate(k, fromMs, toMs) as IterableIterator<Row>)
        out.push({ cameraCode: r.camera_code, ts: r.ts, plate: r.plate, confidence: r.confidence })
    return out
  }
  return {
    inRange: (codes, fromMs, toMs) => collect(byCamera, codes, fromMs, toMs),
    byPlates: (plates, fromMs, toMs) => collect(byPlate, plates, fromMs, toMs)
  }
}
