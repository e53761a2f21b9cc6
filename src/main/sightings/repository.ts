import type { ReadableDb, WritableDb } from '../db/database'
import type { Sighting } from '../../shared/domain/sighting'

type SightingRow = { camera_code: string; ts: number; plate: string; confidence: number | null }

const toSighting = (r: SightingRow): Sighting => ({
  cameraCode: r.camera_code,
  ts: r.ts,
  plate: r.plate,
  confidence: r.confidence
})

/** Returns an inserter bound to one prepared statement; call inside a transaction. */
export function prepareSightingInsert(db: WritableDb): (rows: readonly Sighting[]) => void {
  const stmt = db.prepare(
    'INSERT INTO sightings (camera_code, ts, plate, confidence) VALUES (?, ?, ?, ?)'
  )
  return (rows) => {
    for (const s of rows) stmt.run(s.cameraCode, s.ts, s.plate, s.confidence)
  }
}

export function countSightings(db: ReadableDb): number {
  return db.prepare('SELECT COUNT(*) FROM sightings').pluck().get() as number
}

export function listSightingsInRange(
  db: ReadableDb,
  cameraCodes: readonly string[],
  fromMs: number,
  toMs: number
): Sighting[] {
  if (cameraCodes.length === 0) return []
  const stmt = db.prepare(
    'SELECT camera_code, ts, plate, confidence FROM sightings WHERE camera_code = ? AND ts BETWEEN ? AND ? ORDER BY ts'
  )
  const out: Sighting[] = []
  for (const code of cameraCodes)
    for (const r of stmt.all(code, fromMs, toMs) as SightingRow[]) out.push(toSighting(r))
  return out
}

export function listSightingsByPlates(
  db: ReadableDb,
  plates: readonly string[],
  fromMs: number,
  toMs: number
): Sighting[] {
  if (plates.length === 0) return []
  const stmt = db.prepare(
    'SELECT camera_code, ts, plate, confidence FROM sightings WHERE plate = ? AND ts BETWEEN ? AND ? ORDER BY ts'
  )
  const out: Sighting[] = []
  for (const p of plates)
    for (const r of stmt.all(p, fromMs, toMs) as SightingRow[]) out.push(toSighting(r))
  return out
}
