import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { createTestDb } from '../helpers/db'
import {
  addGroupMembers,
  appendStatusChange,
  cameraReferenceColumns,
  insertGroup,
  listGroups,
  listStatusHistory,
  recordProbeResults
} from '../../src/main/registry/repository'

const insertCamera = (
  db: ReturnType<typeof openMemoryDatabase>,
  code: string,
  block: string | null,
  community: string | null
) =>
  db
    .prepare(
      `INSERT INTO cameras (code, name, lat, lng, block, community, created_at, updated_at) VALUES (?, ?, 30, 120, ?, ?, 0, 0) RETURNING id`
    )
    .pluck()
    .get(code, code, block, community) as number

describe('0003-registry', () => {
  it('backfills blocks and communities from cameras registered before it', () => {
    const db = openMemoryDatabase()
    migrate(db, MIGRATIONS.slice(0, 2))
    insertCamera(db, 'A', '1', '荣星社区')
    insertCamera(db, 'B', '2', '东瑞社区')
    insertCamera(db, 'C', '2', '东瑞社区')
    insertCamera(db, 'D', null, null)
    migrate(db, MIGRATIONS.slice(0, 3))
    expect(db.prepare('SELECT name FROM blocks ORDER BY name').pluck().all()).toEqual(['1', '2'])
    expect(
      db
        .prepare(
          'SELECT m.name, b.name FROM communities m LEFT JOIN blocks b ON b.id = m.block_id ORDER BY m.name'
        )
        .raw()
        .all()
    ).toEqual([
      ['东瑞社区', '2'],
      ['荣星社区', '1']
    ])
  })

  it('groups and status history go with their camera; names are unique', () => {
    const db = createTestDb()
    const id = insertCamera(db, 'A', null, null)
    const g = insertGroup(db, { name: '大润发商圈', color: '#ff8800' }, 'tech', 1)
    addGroupMembers(db, g.id, [id, id])
    expect(listGroups(db)).toEqual([
      { id: g.id, name: '大润发商圈', color: '#ff8800', cameraIds: [id] }
    ])
    expect(() => insertGroup(db, { name: '大润发商圈', color: null }, 'tech', 1)).toThrow(/UNIQUE/)
    appendStatusChange(db, {
      cameraId: id,
      at: 5,
      status: 'online',
      previous: 'unknown',
      detail: null
    })
    appendStatusChange(db, {
      cameraId: id,
      at: 9,
      status: 'offline',
      previous: 'online',
      detail: 'HTTP 404'
    })
    expect(listStatusHistory(db, id, 10).map((s) => s.status)).toEqual(['offline', 'online'])
    expect(() =>
      appendStatusChange(db, {
        cameraId: id,
        at: 9,
        status: 'broken' as 'online',
        previous: null,
        detail: null
      })
    ).toThrow(/CHECK/)
    db.prepare('DELETE FROM cameras WHERE id = ?').run(id)
    expect(listGroups(db)[0]?.cameraIds).toEqual([])
    expect(listStatusHistory(db, id, 10)).toEqual([])
  })

  it('records probe results in one transaction, keeping last-seen when offline', () => {
    const db = createTestDb()
    const a = insertCamera(db, 'A', null, null)
    const b = insertCamera(db, 'B', null, null)
    recordProbeResults(db, [
      { id: a, status: 'online', seenAt: 100 },
      { id: b, status: 'online', seenAt: 100 }
    ])
    recordProbeResults(db, [{ id: b, status: 'offline', seenAt: null }])
    expect(
      db.prepare('SELECT code, status, last_seen_at FROM cameras ORDER BY code').raw().all()
    ).toEqual([
      ['A', 'online', 100],
      ['B', 'offline', 100]
    ])
  })

  it('finds every column that may reference a camera, but not the rows that belong to it', () => {
    const db = createTestDb()
    const cols = cameraReferenceColumns(db).map((c) => `${c.table}.${c.column}`)
    expect(cols).toContain('sightings.camera_code')
    expect(cols).toContain('system_events.camera_id')
    expect(cols).not.toContain('camera_group_members.camera_id')
    expect(cols).not.toContain('camera_status_history.camera_id')
    db.exec('CREATE TABLE later_feature (camera_id INTEGER) STRICT')
    expect(cameraReferenceColumns(db).map((c) => c.table)).toContain('later_feature')
  })
})
