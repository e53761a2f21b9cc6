import { describe, expect, it } from 'vitest'
import { applyMigration, count, databaseAt, insertCamera, rows } from './step'

describe('migration 0010 (ONVIF devices and alarms)', () => {
  it('links existing cameras to their devices and raises alarms on them', () => {
    const db = databaseAt(9)
    insertCamera(db, { id: 1, code: 'BG-0001' })
    applyMigration(db, 10)
    expect(count(db, 'cameras')).toBe(1)
    db.prepare(
      "INSERT INTO onvif_links (camera_id, xaddr, username, password, profile_token, updated_at) VALUES (1, 'http://10.0.0.5/onvif/device_service', 'admin', 'pw', 'main', 1)"
    ).run()
    expect(() =>
      db
        .prepare(
          "INSERT INTO onvif_links (camera_id, xaddr, username, password, profile_token, updated_at) VALUES (9, 'x', 'a', 'p', 't', 1)"
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
    db.prepare(
      "INSERT INTO alarm_rules (id, name, created_at, updated_at) VALUES (1, '夜间越界', 1, 1)"
    ).run()
    db.prepare(
      "INSERT INTO alarms (camera_id, rule_id, kind, first_at, last_at) VALUES (1, 1, 'motion', 10, 10)"
    ).run()
    expect(rows(db, 'SELECT enabled, camera_ids, schedule FROM alarm_rules')).toEqual([
      { enabled: 1, camera_ids: '[]', schedule: '[]' }
    ])
    expect(rows(db, 'SELECT count, popup, sound, acked_at FROM alarms')).toEqual([
      { count: 1, popup: 1, sound: 0, acked_at: null }
    ])
  })
})
