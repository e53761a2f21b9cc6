import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPgCluster, type PgCluster } from '../helpers/pgCluster'
import { addCamera } from '../helpers/recording'
import { openPgSql, type PgSql } from '../../src/main/db/postgres/pgSql'
import { migratePg } from '../../src/main/db/postgres/migrate'
import { PG_MIGRATIONS } from '../../src/main/db/postgres/migrations'
import {
  attachmentRoomOf,
  listRooms,
  registerRoom,
  servingRoomOf,
  setCameraRoom
} from '../../src/main/district/rooms'
import { insertAttachment } from '../../src/main/incidents/repository'

let cluster: PgCluster
let url: string
const pools: PgSql[] = []
/** A room server's pool: its application_name is the room's origin on the district. */
const poolAs = (origin: string) => {
  const sql = openPgSql(url, { applicationName: origin, max: 2 })
  pools.push(sql)
  return sql
}

beforeAll(async () => {
  cluster = await startPgCluster()
  url = cluster.createDatabase('rooms')
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await migratePg(c, PG_MIGRATIONS)
  await c.end()
})
afterAll(async () => {
  for (const p of pools) await p.end()
  cluster?.stop()
})

describe('the room directory (PostgreSQL migration 0017-rooms)', () => {
  it('keeps one entry per room id, updated when the room starts again elsewhere', async () => {
    const sql = poolAs('room dir test')
    await registerRoom(sql, {
      id: 'r-1',
      name: 'A',
      publicUrl: 'http://a:1/',
      origin: 'o1',
      nowMs: 10
    })
    await registerRoom(sql, {
      id: 'r-1',
      name: 'A 街道',
      publicUrl: 'https://a:2/',
      origin: 'o2',
      nowMs: 20
    })
    expect(await listRooms(sql)).toEqual([
      { id: 'r-1', name: 'A 街道', publicUrl: 'https://a:2/', lastSeenMs: 20 }
    ])
  })

  it("names the room whose server registered a camera or stored an attachment, and a technician's choice wins", async () => {
    const a = poolAs('watchroom test room-a')
    const b = poolAs('watchroom test room-b')
    await registerRoom(a, {
      id: 'room-a',
      name: 'A',
      publicUrl: 'http://127.0.0.1:1/',
      origin: 'watchroom test room-a',
      nowMs: 1
    })
    await registerRoom(a, {
      id: 'room-b',
      name: 'B',
      publicUrl: 'http://127.0.0.1:2/',
      origin: 'watchroom test room-b',
      nowMs: 1
    })
    const inA = await addCamera(a, 'RA-1', 'rtsp://cam/a')
    const inB = await addCamera(b, 'RB-1', 'rtsp://cam/b')
    // registered by a program that is no room server (the CLI): no room is named
    const byCli = await addCamera(poolAs('watchroom cli'), 'RC-1', 'rtsp://cam/c')
    expect(await servingRoomOf(b, inA)).toEqual({ id: 'room-a', publicUrl: 'http://127.0.0.1:1/' })
    expect(await servingRoomOf(a, inB)).toEqual({ id: 'room-b', publicUrl: 'http://127.0.0.1:2/' })
    expect(await servingRoomOf(a, byCli)).toBeNull()
    await setCameraRoom(a, inA, 'room-b')
    await setCameraRoom(a, byCli, 'room-a')
    expect((await servingRoomOf(a, inA))?.id).toBe('room-b')
    expect((await servingRoomOf(a, byCli))?.id).toBe('room-a')

    const incident = await a.get<{ id: number }>(
      `INSERT INTO incidents (type, at, severity, place_kind, created_at, updated_at)
       VALUES ('traffic', 1, 'low', 'point', 1, 1) RETURNING id`
    )
    const att = await insertAttachment(a, {
      incidentId: incident?.id ?? 0,
      kind: 'snapshot',
      fileName: 'p.png',
      relPath: 'x/p.png',
      mime: 'image/png',
      bytes: 1,
      sha256: '0'.repeat(64),
      createdAt: 1,
      createdBy: null
    })
    expect(await attachmentRoomOf(b, att.id)).toEqual({
      id: 'room-a',
      publicUrl: 'http://127.0.0.1:1/'
    })
  })
})
