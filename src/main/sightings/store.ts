import type { ReadableDb } from '../db/database'
import type { Sighting } from '../../shared/domain/sighting'
import type { SightingStore } from '../lookup/engine/memoryStore'
import { SIGHTING_SELECT, toSighting } from './repository'
import type { SightingRow } from './repository'

/**
 * The lookup's sighting queries over SQLite: both are range scans of an
 * index, (camera_code, ts) and (plate, ts), with statements prepared once.
 */
export function createSqliteSightingStore(db: ReadableDb): SightingStore {
  const byCamera = db.prepare(`${SIGHTING_SELECT} WHERE camera_code = ? AND ts BETWEEN ? AND ?`)
  const byPlate = db.prepare(`${SIGHTING_SELECT} WHERE plate = ? AND ts BETWEEN ? AND ?`)
  const collect = (
    stmt: typeof byCamera,
    keys: readonly string[],
    fromMs: number,
    toMs: number
  ): Sighting[] => {
    const out: Sighting[] = []
    for (const k of new Set(keys))
      for (const r of stmt.iterate(k, fromMs, toMs) as IterableIterator<SightingRow>)
        out.push(toSighting(r))
    return out
  }
  return {
    inRange: (codes, fromMs, toMs) => collect(byCamera, codes, fromMs, toMs),
    byPlates: (plates, fromMs, toMs) => collect(byPlate, plates, fromMs, toMs)
  }
}
