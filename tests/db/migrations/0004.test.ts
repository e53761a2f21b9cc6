import { describe, expect, it } from 'vitest'
import { applyMigration, count, databaseAt, rows } from './step'

describe('migration 0004 (workstation layouts)', () => {
  it('keeps the layouts and lets a workstation choose one, forgotten with it', () => {
    const db = databaseAt(3)
    const insert = db.prepare(
      "INSERT INTO layouts (id, name, cols, rows, cells, camera_ids, is_default, updated_at) VALUES (?, ?, 2, 2, '[]', '[]', ?, 1)"
    )
    insert.run(1, '四宫格', 1)
    insert.run(2, '值班台', 0)
    applyMigration(db, 4)
    expect(rows(db, 'SELECT id, name, is_default FROM layouts ORDER BY id')).toEqual([
      { id: 1, name: '四宫格', is_default: 1 },
      { id: 2, name: '值班台', is_default: 0 }
    ])
    db.prepare(
      "INSERT INTO workstation_layouts (workstation_id, layout_id, updated_at) VALUES ('desk-1', 2, 1)"
    ).run()
    expect(() =>
      db
        .prepare(
          "INSERT INTO workstation_layouts (workstation_id, layout_id, updated_at) VALUES ('desk-2', 9, 1)"
        )
        .run()
    ).toThrow(/FOREIGN KEY/)
    db.prepare('DELETE FROM layouts WHERE id = 2').run()
    expect(count(db, 'workstation_layouts')).toBe(0)
  })
})
