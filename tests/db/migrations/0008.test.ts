import { describe, expect, it } from 'vitest'
import { applyMigration, count, databaseAt, insertCamera, rows } from './step'

describe('migration 0008 (lookup cases)', () => {
  it('links cases to existing incidents, outliving them, and drops verdicts with their case', () => {
    const db = databaseAt(7)
    insertCamera(db, { id: 1, code: 'BG-0001' })
    db.prepare(
      `INSERT INTO incidents (id, type, at, severity, place_kind, camera_id, created_at, updated_at)
       VALUES (4, 'hit_and_run', 100, 'high', 'camera', 1, 100, 100)`
    ).run()
    applyMigration(db, 8)
    expect(count(db, 'incidents')).toBe(1)
    db.prepare(
      "INSERT INTO lookup_cases (id, title, incident_id, query_json, result_json, created_at, updated_at) VALUES (1, '逃逸', 4, '{}', '{}', 1, 1)"
    ).run()
    db.prepare(
      "INSERT INTO lookup_case_confirmations (case_id, window_index, camera_code, verdict, video_at, created_at) VALUES (1, 0, 'BG-0001', 'seen', 5, 1)"
    ).run()
    expect(() =>
      db
        .prepare(
          "INSERT INTO lookup_case_confirmations (case_id, window_index, camera_code, verdict, video_at, created_at) VALUES (1, 0, 'BG-0001', 'maybe', 5, 1)"
        )
        .run()
    ).toThrow(/CHECK/)
    db.prepare('DELETE FROM incidents WHERE id = 4').run()
    expect(rows(db, 'SELECT incident_id, version FROM lookup_cases')).toEqual([
      { incident_id: null, version: 1 }
    ])
    db.prepare('DELETE FROM lookup_cases WHERE id = 1').run()
    expect(count(db, 'lookup_case_confirmations')).toBe(0)
  })
})
