import { describe, expect, it } from 'vitest'
import { applyMigration, count, databaseAt, insertCamera } from './step'

describe('migration 0006 (recording)', () => {
  it('indexes segments of existing cameras and keeps locked footage from deletion', () => {
    const db = databaseAt(5)
    insertCamera(db, { id: 1, code: 'BG-0001' })
    applyMigration(db, 6)
    const seg = db.prepare(
      `INSERT INTO recording_segments (camera_id, start_ms, end_ms, duration_ms, bytes, path, run, time_source, created_at)
       VALUES (1, ?, ?, 2000, 10, ?, 1, 'pdt', 1)`
    )
    seg.run(0, 2000, 'BG-0001/0.ts')
    seg.run(2000, 4000, 'BG-0001/1.ts')
    expect(() => seg.run(4000, 6000, 'BG-0001/1.ts')).toThrow(/UNIQUE/)
    db.prepare(
      "INSERT INTO evidence_locks (camera_id, from_ms, to_ms, reason, created_at) VALUES (1, 2500, 3000, 'case', 1)"
    ).run()
    expect(() => db.prepare('DELETE FROM recording_segments WHERE start_ms = 2000').run()).toThrow(
      /evidence lock/
    )
    db.prepare('DELETE FROM recording_segments WHERE start_ms = 0').run()
    expect(count(db, 'recording_segments')).toBe(1)
    expect(() =>
      db
        .prepare(
          "INSERT INTO recording_settings (camera_id, mode, retention_days, updated_at) VALUES (1, 'continuous', 0, 1)"
        )
        .run()
    ).toThrow(/CHECK/)
  })
})
