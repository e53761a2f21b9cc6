import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'

describe('0005-incidents-duty', () => {
  const db = openMemoryDatabase()
  migrate(
    db,
    MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.name === '0005-incidents-duty') + 1)
  )

  it('creates the incident and duty tables and the contentless FTS indexes', () => {
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
      .pluck()
      .all() as string[]
    expect(names).toEqual(
      expect.arrayContaining([
        'incidents',
        'incident_steps',
        'incident_cameras',
        'incident_attachments',
        'incident_notifications',
        'shifts',
        'duty_log',
        'incidents_fts',
        'duty_log_fts'
      ])
    )
    db.prepare("INSERT INTO duty_log_fts (rowid, body) VALUES (7, '盗窃 窃案 案')").run()
    expect(
      db.prepare('SELECT rowid FROM duty_log_fts WHERE duty_log_fts MATCH \'"盗窃"\'').pluck().all()
    ).toEqual([7])
    db.prepare('DELETE FROM duty_log_fts WHERE rowid = 7').run()
    expect(
      db.prepare('SELECT rowid FROM duty_log_fts WHERE duty_log_fts MATCH \'"盗窃"\'').pluck().all()
    ).toEqual([])
  })

  it('checks statuses and allows one open shift only', () => {
    expect(() =>
      db
        .prepare(
          "INSERT INTO incidents (type, at, severity, status, place_kind, created_at, updated_at) VALUES ('x', 0, 'low', 'lost', 'point', 0, 0)"
        )
        .run()
    ).toThrow(/CHECK/)
    db.prepare('INSERT INTO shifts (started_at) VALUES (1)').run()
    expect(() => db.prepare('INSERT INTO shifts (started_at) VALUES (2)').run()).toThrow(/UNIQUE/)
    db.prepare('UPDATE shifts SET ended_at = 5').run()
    db.prepare('INSERT INTO shifts (started_at) VALUES (6)').run()
  })
})
