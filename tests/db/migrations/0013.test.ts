import { describe, expect, it } from 'vitest'
import { applyMigration, databaseAt, insertCamera, rows } from './step'

describe('migration 0013 (the room that wrote a segment or an export)', () => {
  it("keeps the room's footage and exports as its own ('') and makes paths unique per room", () => {
    const db = databaseAt(12)
    insertCamera(db, { id: 1, code: 'HZ-0001' })
    db.prepare(
      `INSERT INTO recording_segments (camera_id, start_ms, end_ms, duration_ms, bytes, path, run, time_source, created_at)
       VALUES (1, 0, 2000, 2000, 10, '1/19700101/a.ts', 1, 'pdt', 0),
              (1, 2000, 4000, 2000, 10, '1/19700101/b.ts', 1, 'pdt', 0)`
    ).run()
    db.prepare(
      `INSERT INTO exports (from_ms, to_ms, camera_ids, status, dir, created_at)
       VALUES (0, 4000, '[1]', 'done', 'x', 5)`
    ).run()
    applyMigration(db, 13)

    expect(rows(db, 'SELECT path, room FROM recording_segments ORDER BY start_ms')).toEqual([
      { path: '1/19700101/a.ts', room: '' },
      { path: '1/19700101/b.ts', room: '' }
    ])
    expect(rows(db, 'SELECT dir, room FROM exports')).toEqual([{ dir: 'x', room: '' }])

    const insert = db.prepare(
      `INSERT INTO recording_segments (room, camera_id, start_ms, end_ms, duration_ms, bytes, path, run, time_source, created_at)
       VALUES (?, 1, 4000, 6000, 2000, 10, ?, 1, 'pdt', 0)`
    )
    // another room's store may hold the same relative path; the same room may not
    expect(() => insert.run('room-b', '1/19700101/a.ts')).not.toThrow()
    expect(() => insert.run('', '1/19700101/a.ts')).toThrow(/UNIQUE/)
  })
})
