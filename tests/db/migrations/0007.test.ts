import { describe, expect, it } from 'vitest'
import { applyMigration, databaseAt, rows } from './step'

describe('migration 0007 (camera clock offsets)', () => {
  it('keeps the plate reads and holds one estimated offset per camera', () => {
    const db = databaseAt(6)
    const read = db.prepare(
      'INSERT INTO sightings (camera_code, ts, plate, confidence) VALUES (?, ?, ?, ?)'
    )
    read.run('BG-0001', 1000, '浙A12345', 0.9)
    read.run('BG-0002', 61_000, '浙A12345', null)
    applyMigration(db, 7)
    expect(
      rows(db, 'SELECT camera_code, ts, plate, confidence FROM sightings ORDER BY ts')
    ).toEqual([
      { camera_code: 'BG-0001', ts: 1000, plate: '浙A12345', confidence: 0.9 },
      { camera_code: 'BG-0002', ts: 61_000, plate: '浙A12345', confidence: null }
    ])
    const offset = db.prepare(
      'INSERT INTO camera_clock_offsets (camera_code, offset_ms, estimated_at) VALUES (?, ?, ?)'
    )
    offset.run('BG-0001', -1500.5, 5)
    expect(() => offset.run('BG-0001', 20, 6)).toThrow(/UNIQUE|PRIMARY KEY/)
    expect(() => offset.run('BG-0002', 'soon', 6)).toThrow(/cannot store TEXT value in REAL column/)
    expect(rows(db, 'SELECT * FROM camera_clock_offsets')).toEqual([
      { camera_code: 'BG-0001', offset_ms: -1500.5, estimated_at: 5 }
    ])
  })
})
