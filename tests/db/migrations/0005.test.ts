import { describe, expect, it } from 'vitest'
import { applyMigration, count, databaseAt, insertCamera, rows } from './step'

describe('migration 0005 (incidents and duty)', () => {
  it('keeps cameras and roads and lets incidents, steps and the duty log refer to them', () => {
    const db = databaseAt(4)
    insertCamera(db, { id: 1, code: 'BG-0001', block: '第一片区' })
    db.prepare(
      "INSERT INTO roads (id, external_id, name, oneway, speed_kmh, lines, created_at, updated_at) VALUES (3, 'r3', '育才路', 'no', 40, '[]', 1, 1)"
    ).run()
    applyMigration(db, 5)
    expect(count(db, 'cameras')).toBe(1)
    expect(count(db, 'roads')).toBe(1)
    db.prepare(
      `INSERT INTO incidents (id, type, at, severity, place_kind, camera_id, road_id, created_at, updated_at)
       VALUES (10, 'traffic', 100, 'high', 'camera', 1, 3, 100, 100)`
    ).run()
    expect(rows(db, 'SELECT status, version, description FROM incidents')).toEqual([
      { status: 'new', version: 1, description: '' }
    ])
    db.prepare(
      "INSERT INTO incident_steps (incident_id, at, action, to_status) VALUES (10, 100, 'create', 'new')"
    ).run()
    expect(() =>
      db
        .prepare(
          "INSERT INTO incidents (type, at, severity, place_kind, camera_id, created_at, updated_at) VALUES ('x', 1, 'high', 'camera', 99, 1, 1)"
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
    expect(() =>
      db
        .prepare(
          "INSERT INTO incidents (type, at, severity, place_kind, created_at, updated_at) VALUES ('x', 1, 'urgent', 'point', 1, 1)"
        )
        .run()
    ).toThrow(/CHECK/)
    db.prepare('DELETE FROM incidents WHERE id = 10').run()
    expect(count(db, 'incident_steps')).toBe(0)
  })

  it('allows one open shift at a time and indexes text for search', () => {
    const db = databaseAt(4)
    applyMigration(db, 5)
    db.prepare('INSERT INTO shifts (started_at) VALUES (1)').run()
    expect(() => db.prepare('INSERT INTO shifts (started_at) VALUES (2)').run()).toThrow(/UNIQUE/)
    db.prepare('UPDATE shifts SET ended_at = 5').run()
    db.prepare('INSERT INTO shifts (started_at) VALUES (6)').run()
    db.prepare("INSERT INTO incidents_fts (rowid, body) VALUES (1, '刮擦 擦后 后驶')").run()
    expect(
      db.prepare("SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH '擦后'").pluck().all()
    ).toEqual([1])
  })
})
