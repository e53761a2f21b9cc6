import { describe, expect, it } from 'vitest'
import { applyMigration, count, databaseAt, insertCamera, rows } from './step'

describe('migration 0002 (audit trail)', () => {
  it('keeps the registry and log, and adds an append-only audit_log', () => {
    const db = databaseAt(1)
    insertCamera(db, { id: 1, code: 'BG-0001' })
    db.prepare(
      "INSERT INTO system_events (at, kind, camera_id) VALUES (7, 'camera.offline', 1)"
    ).run()
    applyMigration(db, 2)
    expect(rows(db, 'SELECT at, kind, camera_id FROM system_events')).toEqual([
      { at: 7, kind: 'camera.offline', camera_id: 1 }
    ])
    expect(count(db, 'cameras')).toBe(1)
    db.prepare(
      "INSERT INTO audit_log (at, actor, action, prev_hash, hash) VALUES (1, 'a', 'x', '0', '1')"
    ).run()
    expect(() => db.prepare("UPDATE audit_log SET actor = 'b'").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
    expect(count(db, 'audit_log')).toBe(1)
  })
})
