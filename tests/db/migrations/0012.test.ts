import { describe, expect, it } from 'vitest'
import { applyMigration, count, databaseAt, rows } from './step'

describe('migration 0012 (sighting attributes as integer codes)', () => {
  it('turns the attribute words of stored reads into their vocabulary positions', () => {
    const db = databaseAt(11)
    db.prepare(
      `INSERT INTO sightings (camera_code, ts, plate, confidence, direction, plate_color,
         vehicle_color, vehicle_type, vehicle_brand)
       VALUES ('KK-01', 1000, '浙A12345', 0.9, 'E', 'blue', 'silver', 'suv', NULL),
              ('KK-02', 2000, '浙B00001', NULL, NULL, NULL, NULL, NULL, NULL)`
    ).run()
    applyMigration(db, 12)
    expect(count(db, 'sightings')).toBe(2)
    const [a, b] = rows(
      db,
      'SELECT camera_code, plate, direction, plate_color, vehicle_color, vehicle_type, vehicle_brand FROM sightings ORDER BY ts'
    ) as Record<string, unknown>[]
    expect(a).toMatchObject({
      camera_code: 'KK-01',
      plate: '浙A12345',
      direction: 2,
      plate_color: 1
    })
    expect(typeof a?.vehicle_color).toBe('number')
    expect(typeof a?.vehicle_type).toBe('number')
    expect(a?.vehicle_brand).toBeNull()
    expect(b).toMatchObject({ direction: null, plate_color: null, vehicle_color: null })
  })
})
