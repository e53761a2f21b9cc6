import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import type { Sql } from '../../src/main/db/sql'
import { column } from '../../src/main/db/sql'
import { describeBackends } from '../helpers/backends'
import {
  addGroupMembers,
  appendStatusChange,
  cameraReferenceColumns,
  deleteGroup,
  findCameraReferences,
  getGroupName,
  insertCamera,
  insertGroup,
  listBlocks,
  listCommunities,
  listGroups,
  listStatusHistory,
  recordProbeResults,
  removeGroupMembers,
  setArchived,
  syncBlocksAndCommunities,
  updateCameraFields
} from '../../src/main/registry/repository'
import {
  countCamerasByStatus,
  getCamera,
  getCameraByCode,
  listCameraCodes,
  listCameras,
  listCamerasWithUrlCredentials,
  listProbeTargets,
  nearestCameraBlock,
  overrideCameraStatus,
  setCameraStatus,
  setCameraStreamUrls,
  upsertCameras
} from '../../src/main/cameras/repository'
import { countRoads, getRoad, listRoads, upsertRoads } from '../../src/main/roads/repository'
import type { CameraFields } from '../../src/shared/domain/camera'

const seedCamera = (
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
    seedCamera(db, 'A', '1', '荣星社区')
    seedCamera(db, 'B', '2', '东瑞社区')
    seedCamera(db, 'C', '2', '东瑞社区')
    seedCamera(db, 'D', null, null)
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
})

const fields = (code: string, more: Partial<CameraFields> = {}): CameraFields => ({
  code,
  name: `cam ${code}`,
  lat: 30,
  lng: 120,
  headingDeg: null,
  fovDeg: null,
  anpr: false,
  streamUrl: null,
  subStreamUrl: null,
  block: null,
  community: null,
  kind: null,
  owner: null,
  notes: null,
  ...more
})

const addCamera = async (
  sql: Sql,
  code: string,
  block: string | null = null,
  community: string | null = null
): Promise<number> => (await insertCamera(sql, fields(code, { block, community }), 'tech', 1)).id

const value1 = async (sql: Sql, text: string, id: number): Promise<unknown> =>
  (await column(sql, text, [id]))[0]

describeBackends('registry repository', (b) => {
  it('groups and status history go with their camera; names are unique', async () => {
    const sql = b.sql()
    const id = await addCamera(sql, 'A')
    const g = await insertGroup(sql, { name: '大润发商圈', color: '#ff8800' }, 'tech', 1)
    expect(await addGroupMembers(sql, g.id, [id, id])).toBe(1)
    expect(await listGroups(sql)).toEqual([
      { id: g.id, name: '大润发商圈', color: '#ff8800', cameraIds: [id] }
    ])
    expect(await getGroupName(sql, g.id)).toBe('大润发商圈')
    await expect(insertGroup(sql, { name: '大润发商圈', color: null }, 'tech', 1)).rejects.toThrow(
      /UNIQUE|unique/
    )
    await appendStatusChange(sql, {
      cameraId: id,
      at: 5,
      status: 'online',
      previous: 'unknown',
      detail: null
    })
    const last = await appendStatusChange(sql, {
      cameraId: id,
      at: 9,
      status: 'offline',
      previous: 'online',
      detail: 'HTTP 404'
    })
    expect(last).toMatchObject({ cameraId: id, at: 9, status: 'offline', detail: 'HTTP 404' })
    expect((await listStatusHistory(sql, id, 10)).map((s) => s.status)).toEqual([
      'offline',
      'online'
    ])
    expect(await listStatusHistory(sql, id, 1)).toEqual([last])
    await expect(
      appendStatusChange(sql, {
        cameraId: id,
        at: 9,
        status: 'broken' as 'online',
        previous: null,
        detail: null
      })
    ).rejects.toThrow(/CHECK|check constraint/)
    await sql.run('DELETE FROM cameras WHERE id = ?', [id])
    expect((await listGroups(sql))[0]?.cameraIds).toEqual([])
    expect(await listStatusHistory(sql, id, 10)).toEqual([])
  })

  it('adds and removes group members one by one, and deletes a group', async () => {
    const sql = b.sql()
    const a = await addCamera(sql, 'A')
    const c = await addCamera(sql, 'C')
    const g = await insertGroup(sql, { name: 'g', color: null }, null, 1)
    expect(await addGroupMembers(sql, g.id, [c, a])).toBe(2)
    expect((await listGroups(sql))[0].cameraIds).toEqual([a, c])
    expect(await removeGroupMembers(sql, g.id, [a, a])).toBe(1)
    expect((await listGroups(sql))[0].cameraIds).toEqual([c])
    expect(await deleteGroup(sql, g.id)).toBe(true)
    expect(await deleteGroup(sql, g.id)).toBe(false)
    expect(await getGroupName(sql, g.id)).toBeUndefined()
  })

  it('records probe results in one transaction, keeping last-seen when offline', async () => {
    const sql = b.sql()
    const a = await addCamera(sql, 'A')
    const c = await addCamera(sql, 'B')
    await recordProbeResults(sql, [
      { id: a, status: 'online', seenAt: 100 },
      { id: c, status: 'online', seenAt: 100 }
    ])
    await recordProbeResults(sql, [{ id: c, status: 'offline', seenAt: null }])
    expect(await sql.all('SELECT code, status, last_seen_at FROM cameras ORDER BY code')).toEqual([
      { code: 'A', status: 'online', last_seen_at: 100 },
      { code: 'B', status: 'offline', last_seen_at: 100 }
    ])
    // one bad row takes the whole batch back
    await expect(
      recordProbeResults(sql, [
        { id: a, status: 'degraded', seenAt: 200 },
        { id: c, status: 'broken' as 'online', seenAt: 200 }
      ])
    ).rejects.toThrow()
    expect((await getCamera(sql, a))?.status).toBe('online')
  })

  it('finds every column that may reference a camera, but not the rows that belong to it', async () => {
    const sql = b.sql()
    await sql.run('CREATE TABLE later_feature (camera_id INTEGER)')
    const cols = (await cameraReferenceColumns(sql)).map((c) => `${c.table}.${c.column}`)
    expect(cols).toContain('sightings.camera_code')
    expect(cols).toContain('system_events.camera_id')
    expect(cols).toContain('later_feature.camera_id')
    expect(cols).not.toContain('camera_group_members.camera_id')
    expect(cols).not.toContain('camera_status_history.camera_id')
    // a schema changes under a running app only by a migration; the columns follow it
    await sql.run('CREATE TABLE later_still (camera_code TEXT)')
    expect((await cameraReferenceColumns(sql)).map((c) => c.table)).toContain('later_still')
    const id = await addCamera(sql, 'R1')
    expect(await findCameraReferences(sql, { id, code: 'R1' })).toEqual({})
    await sql.run('INSERT INTO later_feature (camera_id) VALUES (?), (?)', [id, id])
    await sql.run(
      `INSERT INTO system_events (at, kind, camera_id, actor, data) VALUES (1, 'camera.offline', ?, NULL, '{}')`,
      [id]
    )
    expect(await findCameraReferences(sql, { id, code: 'R1' })).toEqual({
      later_feature: 2,
      system_events: 1
    })
  })

  it('names new blocks and communities once, and counts the cameras in service per name', async () => {
    const sql = b.sql()
    const a = await addCamera(sql, 'A', '1', '荣星社区')
    await addCamera(sql, 'B', '2', '东瑞社区')
    await addCamera(sql, 'C', '2', '东瑞社区')
    await syncBlocksAndCommunities(sql, 7)
    await syncBlocksAndCommunities(sql, 8)
    await setArchived(sql, [a], true, 'tech', 9)
    const blocks = await listBlocks(sql)
    expect(blocks.map(({ name, cameraCount }) => [name, cameraCount])).toEqual([
      ['1', 0],
      ['2', 2]
    ])
    expect(
      (await listCommunities(sql)).map(({ name, blockId, cameraCount }) => [
        name,
        blockId,
        cameraCount
      ])
    ).toEqual([
      ['东瑞社区', blocks[1].id, 2],
      ['荣星社区', blocks[0].id, 0]
    ])
    expect(await column(sql, 'SELECT created_at FROM blocks ORDER BY id')).toEqual([7, 7])
  })

  it('updates only the fields of a patch, bumping the version; archives only what changes', async () => {
    const sql = b.sql()
    const id = await addCamera(sql, 'A')
    const after = await updateCameraFields(
      sql,
      id,
      { name: ' 新名字 ', anpr: true, notes: '', headingDeg: 90 },
      'chief',
      50
    )
    expect(after).toMatchObject({
      name: '新名字',
      anpr: true,
      notes: null,
      headingDeg: 90,
      updatedAt: 50,
      updatedBy: 'chief'
    })
    expect(await value1(sql, 'SELECT version FROM cameras WHERE id = ?', id)).toBe(2)
    expect(await updateCameraFields(sql, 999, { name: 'x' }, null, 1)).toBeUndefined()
    expect(await setArchived(sql, [id, id], true, 'tech', 60)).toBe(1)
    expect((await getCamera(sql, id))?.archived).toBe(true)
    expect(await listCameras(sql)).toEqual([])
    expect((await listCameras(sql, { includeArchived: true })).map((c) => c.code)).toEqual(['A'])
  })
})

describeBackends('cameras repository', (b) => {
  it('upserts by code: adds new codes, updates (and unarchives) known ones', async () => {
    const sql = b.sql()
    expect(
      await upsertCameras(sql, [fields('B2'), fields('A10', { anpr: true })], 'tech', 10)
    ).toEqual({ added: 2, updated: 0 })
    const a = (await getCameraByCode(sql, 'A10'))!
    await setArchived(sql, [a.id], true, 'tech', 11)
    expect(
      await upsertCameras(
        sql,
        [fields('A10', { name: '路口', block: '1', owner: 'social' }), fields('C3')],
        'chief',
        20
      )
    ).toEqual({ added: 1, updated: 1 })
    expect(await getCamera(sql, a.id)).toMatchObject({
      code: 'A10',
      name: '路口',
      anpr: false,
      block: '1',
      owner: 'social',
      archived: false,
      createdAt: 10,
      createdBy: 'tech',
      updatedAt: 20,
      updatedBy: 'chief',
      status: 'unknown',
      streamPasswordSet: false
    })
    expect((await listCameras(sql)).map((c) => c.code)).toEqual(['A10', 'B2', 'C3'])
    expect([...(await listCameraCodes(sql))].sort()).toEqual(['A10', 'B2', 'C3'])
    expect(await getCameraByCode(sql, 'nope')).toBeUndefined()
  })

  it('records a probed status and says when it changed; counts by status in service', async () => {
    const sql = b.sql()
    await upsertCameras(sql, [fields('A'), fields('B'), fields('C')], null, 1)
    const [a, c, d] = await listCameras(sql)
    expect(await setCameraStatus(sql, a.id, 'online', 100)).toEqual({ previous: 'unknown' })
    expect(await setCameraStatus(sql, a.id, 'online', 110)).toBeNull()
    expect(await setCameraStatus(sql, a.id, 'offline', 120)).toEqual({ previous: 'online' })
    expect((await getCamera(sql, a.id))?.lastSeenAt).toBe(110)
    expect(await setCameraStatus(sql, 999, 'online', 1)).toBeNull()
    await overrideCameraStatus(sql, c.id, 'degraded')
    await setArchived(sql, [d.id], true, null, 2)
    expect(await countCamerasByStatus(sql)).toEqual({
      unknown: 0,
      online: 0,
      degraded: 1,
      offline: 1
    })
    expect(await listProbeTargets(sql)).toEqual([
      { id: a.id, code: 'A', streamUrl: null, subStreamUrl: null, status: 'offline' },
      { id: c.id, code: 'B', streamUrl: null, subStreamUrl: null, status: 'degraded' }
    ])
  })

  it('lists cameras whose URLs still carry an account, and replaces URLs as they are', async () => {
    const sql = b.sql()
    await upsertCameras(
      sql,
      [
        fields('A', { streamUrl: 'rtsp://admin:p@ss@10.0.0.1/main' }),
        fields('B', { streamUrl: 'rtsp://10.0.0.2/main', subStreamUrl: 'rtsp://u@10.0.0.2/sub' }),
        fields('C', { streamUrl: 'rtsp://10.0.0.3/main' })
      ],
      null,
      1
    )
    const rows = await listCamerasWithUrlCredentials(sql)
    expect(rows.map((r) => r.stream_url)).toEqual([
      'rtsp://admin:p@ss@10.0.0.1/main',
      'rtsp://10.0.0.2/main'
    ])
    await setCameraStreamUrls(sql, rows[0].id, 'rtsp://10.0.0.1/main', null)
    expect(await getCamera(sql, rows[0].id)).toMatchObject({
      streamUrl: 'rtsp://10.0.0.1/main',
      subStreamUrl: null,
      updatedAt: 1
    })
    expect((await listCamerasWithUrlCredentials(sql)).map((r) => r.id)).toEqual([rows[1].id])
  })

  it('finds the block of the nearest camera in service', async () => {
    const sql = b.sql()
    await upsertCameras(
      sql,
      [
        fields('N', { lat: 30.01, lng: 120, block: '北', community: '北社区' }),
        fields('S', { lat: 29.99, lng: 120, block: '南', community: null }),
        fields('X', { lat: 30.0, lng: 120.0, block: null })
      ],
      null,
      1
    )
    expect(await nearestCameraBlock(sql, 30.008, 120.001)).toEqual({
      block: '北',
      community: '北社区'
    })
    expect(await nearestCameraBlock(sql, 29.995, 120)).toEqual({ block: '南', community: null })
    const n = (await getCameraByCode(sql, 'N'))!
    const s = (await getCameraByCode(sql, 'S'))!
    await setArchived(sql, [n.id, s.id], true, null, 2)
    expect(await nearestCameraBlock(sql, 30.008, 120.001)).toEqual({
      block: null,
      community: null
    })
  })
})

describeBackends('roads repository', (b) => {
  it('upserts roads by external id and reads their lines back', async () => {
    const sql = b.sql()
    const road = {
      externalId: 'r1',
      name: '深南大道',
      oneway: 'no' as const,
      speedKmh: 60,
      kind: 'primary',
      lines: [
        [
          [114.05, 22.54],
          [114.06, 22.541]
        ]
      ] as [number, number][][]
    }
    expect(await upsertRoads(sql, [road, { ...road, externalId: 'r2' }], 5)).toEqual({
      added: 2,
      updated: 0
    })
    expect(await upsertRoads(sql, [{ ...road, speedKmh: 40, oneway: 'forward' }], 9)).toEqual({
      added: 0,
      updated: 1
    })
    expect(await countRoads(sql)).toBe(2)
    const [r1, r2] = await listRoads(sql)
    expect(r1).toEqual({
      ...road,
      id: r1.id,
      speedKmh: 40,
      oneway: 'forward',
      createdAt: 5,
      updatedAt: 9
    })
    expect(await getRoad(sql, r2.id)).toEqual(r2)
    expect(await getRoad(sql, 999)).toBeUndefined()
  })
})
