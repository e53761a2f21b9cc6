import { describe, expect, it } from 'vitest'
import { applyMigration, databaseAt, rows } from './step'

describe('migration 0009 (sighting attributes)', () => {
  it('keeps every read, with no attributes, and checks the new direction column', () => {
    const db = databaseAt(8)
    db.prepare(
      "INSERT INTO sightings (camera_code, ts, plate, confidence) VALUES ('BG-0001', 1000, '浙A12345', 0.8)"
    ).run()
    applyMigration(db, 9)
    expect(rows(db, 'SELECT * FROM sightings')).toEqual([
      {
        id: 1,
        camera_code: 'BG-0001',
        ts: 1000,
        plate: '浙A12345',
        confidence: 0.8,
        direction: null,
        plate_color: null,
        vehicle_color: null,
        vehicle_type: null,
        vehicle_brand: null
      }
    ])
    const insert = db.prepare(
      'INSERT INTO sightings (camera_code, ts, plate, direction, vehicle_color) VALUES (?, ?, ?, ?, ?)'
    )
    insert.run('BG-0002', 2000, '浙A54321', 'E', 'white')
    expect(() => insert.run('BG-0002', 3000, '浙A54321', 'NE', 'white')).toThrow(/CHECK/)
    // the colour-first vehicle search has its index
    expect(
      db
        .prepare('EXPLAIN QUERY PLAN SELECT id FROM sightings WHERE vehicle_color = ? AND ts > ?')
        .all('white', 0)
        .map((r) => (r as { detail: string }).detail)
        .join('\n')
    ).toMatch(/sightings_byColorTs/)
  })
})
