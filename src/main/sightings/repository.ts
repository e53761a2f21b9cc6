import type { ReadableDb, WritableDb } from '../db/database'
import type {
  Heading,
  PlateColor,
  Sighting,
  VehicleBrand,
  VehicleColor,
  VehicleType
} from '../../shared/domain/sighting'

export type SightingRow = {
  camera_code: string
  ts: number
  plate: string
  confidence: number | null
  direction: string | null
  plate_color: string | null
  vehicle_color: string | null
  vehicle_type: string | null
  vehicle_brand: string | null
}

export const SIGHTING_SELECT =
  'SELECT camera_code, ts, plate, confidence, direction, plate_color, vehicle_color, vehicle_type, vehicle_brand FROM sightings'

/** Values were checked against the vocabularies on the way in (parser, API). */
export const toSighting = (r: SightingRow): Sighting => ({
  cameraCode: r.camera_code,
  ts: r.ts,
  plate: r.plate,
  confidence: r.confidence,
  direction: r.direction as Heading | null,
  plateColor: r.plate_color as PlateColor | null,
  vehicleColor: r.vehicle_color as VehicleColor | null,
  vehicleType: r.vehicle_type as VehicleType | null,
  vehicleBrand: r.vehicle_brand as VehicleBrand | null
})

/** Returns an inserter bound to one prepared statement; call inside a transaction. */
export function prepareSightingInsert(db: WritableDb): (rows: readonly Sighting[]) => void {
  const stmt = db.prepare(
    'INSERT INTO sightings (camera_code, ts, plate, confidence, direction, plate_color, vehicle_color, vehicle_type, vehicle_brand) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'
  )
  return (rows) => {
    for (const s of rows)
      stmt.run(
        s.cameraCode,
        s.ts,
        s.plate,
        s.confidence,
        s.direction ?? null,
        s.plateColor ?? null,
        s.vehicleColor ?? null,
        s.vehicleType ?? null,
        s.vehicleBrand ?? null
      )
  }
}

export function countSightings(db: ReadableDb): number {
  return db.prepare('SELECT COUNT(*) FROM sightings').pluck().get() as number
}
