import { describe, expect, it } from 'vitest'
import { applyMigration, count, databaseAt, insertCamera, rows } from './step'

describe('migration 0001 (foundation)', () => {
  it('creates the registry, accounts, event log and sightings, with their keys', () => {
    const db = databaseAt(0)
    applyMigration(db, 1)
    insertCamera(db, { id: 1, code: 'BG-0001', block: '第一片区' })
    db.prepare(
      "INSERT INTO roads (external_id, name, oneway, speed_kmh, lines, created_at, updated_at) VALUES ('r1', '金城路', 'no', 40, '[]', 1, 1)"
    ).run()
    db.prepare(
      "INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('admin', 'A', 'admin', 'x', 1)"
    ).run()
    db.prepare(
      "INSERT INTO system_events (at, kind, camera_id, data) VALUES (1, 'app.started', 1, '{}')"
    ).run()
    db.prepare(
      "INSERT INTO sightings (camera_code, ts, plate) VALUES ('BG-0001', 5, '浙A12345')"
    ).run()
    expect(rows(db, 'SELECT code, status, archived FROM cameras')).toEqual([
      { code: 'BG-0001', status: 'unknown', archived: 0 }
    ])
    // codes and user names are unique; a role outside the four and an unknown camera are refused
    expect(() => insertCamera(db, { id: 2, code: 'BG-0001' })).toThrow(/UNIQUE/)
    expect(() =>
      db
        .prepare(
          "INSERT INTO users (username, display_name, role, password_hash, created_at) VALUES ('x', 'X', 'boss', 'x', 1)"
        )
        .run()
    ).toThrow(/CHECK/)
    expect(() =>
      db.prepare("INSERT INTO system_events (at, kind, camera_id) VALUES (1, 'x', 99)").run()
    ).toThrow(/FOREIGN KEY/)
    expect(count(db, 'sightings')).toBe(1)
  })
})
