import { describe, expect, it } from 'vitest'
import { applyMigration, count, databaseAt, insertCamera, rows } from './step'

describe('migration 0003 (registry model)', () => {
  it("names the cameras' blocks and communities, each community in its first block", () => {
    const db = databaseAt(2)
    insertCamera(db, { id: 1, code: 'C1', block: '第二片区', community: '湘湖社区' })
    insertCamera(db, { id: 2, code: 'C2', block: '第一片区', community: '湘湖社区' })
    insertCamera(db, { id: 3, code: 'C3', block: '第一片区', community: '荣星社区' })
    insertCamera(db, { id: 4, code: 'C4', block: null, community: '无片区社区' })
    insertCamera(db, { id: 5, code: 'C5' })
    applyMigration(db, 3)
    expect(rows(db, 'SELECT name FROM blocks ORDER BY id')).toEqual([
      { name: '第一片区' },
      { name: '第二片区' }
    ])
    expect(
      rows(
        db,
        'SELECT c.name, b.name AS block FROM communities c LEFT JOIN blocks b ON b.id = c.block_id ORDER BY c.name'
      )
    ).toEqual([
      { name: '无片区社区', block: null },
      { name: '湘湖社区', block: '第一片区' },
      { name: '荣星社区', block: '第一片区' }
    ])
    expect(count(db, 'cameras')).toBe(5)
  })

  it('drops a deleted camera from its groups and status history', () => {
    const db = databaseAt(2)
    insertCamera(db, { id: 1, code: 'C1' })
    applyMigration(db, 3)
    db.prepare("INSERT INTO camera_groups (id, name, created_at) VALUES (1, '金城路沿线', 1)").run()
    db.prepare('INSERT INTO camera_group_members (group_id, camera_id) VALUES (1, 1)').run()
    db.prepare(
      "INSERT INTO camera_status_history (camera_id, at, status, previous) VALUES (1, 1, 'offline', 'online')"
    ).run()
    db.prepare('DELETE FROM cameras WHERE id = 1').run()
    expect(count(db, 'camera_group_members')).toBe(0)
    expect(count(db, 'camera_status_history')).toBe(0)
  })
})
