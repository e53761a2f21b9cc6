import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { startPgCluster, type PgCluster } from '../../../helpers/pgCluster'
import { ensureNodeBuild, ROOT, watchroom } from '../../../helpers/cli'
import { openDatabase, type WritableDb } from '../../../../src/main/db/database'
import { migrate } from '../../../../src/main/db/migrate'
import { migratePg } from '../../../../src/main/db/postgres/migrate'
import { PG_MIGRATIONS } from '../../../../src/main/db/postgres/migrations'
import { districtTypes } from '../../../../src/main/db/postgres/connect'
import { clientSql } from '../../../../src/main/db/postgres/pgSql'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'
import {
  COPIED_TABLES,
  migrateRoomToDistrict,
  REBUILT_TABLES,
  ROOM_OWNED_TABLES
} from '../../../../src/main/db/postgres/roomCopy'
import {
  addEvidenceLock,
  insertSegment,
  listSegments,
  upsertRecordingSetting
} from '../../../../src/main/recording/repository'
import { insertExport } from '../../../../src/main/export/repository'
import { readRoomId } from '../../../../src/main/recording/roomId'
import {
  AUDIT_HEAD_FILE,
  anchorsFor,
  loadOrCreateAuditKey,
  readAuditKey,
  writeAuditAnchor
} from '../../../../src/main/audit/anchor'
import { useAuditKey, verifyAuditChain } from '../../../../src/main/audit/repository'
import { seedDemoSite } from '../../../../src/main/demo/site'
import {
  createIncident,
  notifyDepartment,
  transitionIncident
} from '../../../../src/main/incidents/service'
import { addLogEntry, startShift } from '../../../../src/main/duty/service'
import { bulkEditCameras, createGroup } from '../../../../src/main/registry/service'
import { appendSystemEvent } from '../../../../src/main/events/repository'
import { listCameras } from '../../../../src/main/cameras/repository'
import { setWorkstationDefault } from '../../../../src/main/layouts/repository'
import { createSqliteSightingStore } from '../../../../src/main/sightings/store'
import { createPgSightingStore } from '../../../../src/main/sightings/pgRepository'

const NOW = Date.parse('2026-06-01T06:00:00Z')

/**
 * A room as the app leaves it: the demo district (cameras, roads, an hour of
 * plate reads, a wall, accounts), incidents through their workflow, a shift
 * with log entries, a camera group, system events, and a keyed audit chain
 * whose head is exported beside the file.
 */
async function makeRoom(dir: string): Promise<string> {
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'watchroom.db')
  const db = openDatabase(file)
  migrate(db)
  const sql = sqliteSql(db)
  useAuditKey(db, await loadOrCreateAuditKey(dir, sql))
  await seedDemoSite(sql, { resourcesDir: path.join(ROOT, 'resources'), now: NOW })
  const a = { sql, now: NOW, actor: 'duty' }
  const cams = await listCameras(sql)
  const g = await createGroup(sql, '金城路沿线', '#f50', { actor: 'technician', now: NOW })
  await bulkEditCameras(
    sql,
    [cams[0].id, cams[1].id],
    { addToGroups: [g.id] },
    { actor: 'tech', now: NOW }
  )
  await setWorkstationDefault(sql, 'ws-1', 1, NOW)
  for (let i = 0; i < 12; i++) {
    const inc = await createIncident(
      { ...a, now: NOW + i * 60_000 },
      {
        type: i % 2 ? 'theft' : 'traffic',
        at: NOW + i * 60_000,
        severity: 'medium',
        placeKind: 'camera',
        cameraId: cams[i % cams.length].id,
        roadId: null,
        placeName: `金城路 ${i} 号`,
        lat: null,
        lng: null,
        // tabs, line breaks and backslashes cross COPY's text format intact
        description: `电动车被盗\t第 ${i} 起\n目击者称\\车辆往东`,
        linkedCameras: [{ cameraId: cams[0].id, from: NOW, to: NOW + 60_000 }]
      }
    )
    await transitionIncident({ ...a, now: NOW + i * 60_000 + 1 }, inc.id, 'acknowledge', null)
    if (i % 3 === 0)
      await notifyDepartment({ ...a, now: NOW + i * 60_000 + 2 }, inc.id, {
        department: 'police',
        at: NOW + i * 60_000 + 2,
        method: 'phone',
        contact: '110 接警员 王',
        note: ''
      })
  }
  await startShift(a, ['张三', '李四'])
  for (let i = 0; i < 5; i++)
    await addLogEntry({ ...a, now: NOW + i }, `巡查第 ${i} 次，纠纷已调解`, null)
  await appendSystemEvent(sql, {
    at: NOW,
    kind: 'camera.offline',
    cameraId: cams[2].id,
    actor: null,
    data: { code: cams[2].code, detail: 'timeout' }
  })
  // footage on the room's disk, an evidence lock on it and an export of it
  await upsertRecordingSetting(sql, {
    cameraId: cams[0].id,
    mode: 'continuous',
    retentionDays: 30,
    at: NOW,
    actor: 'tech'
  })
  for (let i = 0; i < 3; i++)
    await insertSegment(sql, {
      cameraId: cams[0].id,
      startMs: NOW + i * 2000,
      endMs: NOW + (i + 1) * 2000,
      durationMs: 2000,
      bytes: 1000,
      path: `${cams[0].id}/20260601/${NOW + i * 2000}-1.ts`,
      run: 1,
      timeSource: 'pdt',
      createdAt: NOW
    })
  const exportId = await insertExport(sql, {
    from: NOW,
    to: NOW + 4000,
    cameraIds: [cams[0].id],
    dir: 'export-1',
    at: NOW,
    actor: 'duty'
  })
  await addEvidenceLock(sql, {
    cameraId: cams[0].id,
    from: NOW,
    to: NOW + 4000,
    reason: `export ${exportId}`,
    exportId,
    at: NOW,
    actor: 'duty'
  })
  await writeAuditAnchor(path.join(dir, AUDIT_HEAD_FILE), sql, NOW)
  db.close()
  return file
}

let cluster: PgCluster
let tmp: string
let roomFile: string
let seq = 0
const newDistrict = () => cluster.createDatabase(`district_${++seq}`)

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, types: districtTypes })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

async function pgCount(c: pg.Client, table: string): Promise<number> {
  const r = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
  return r.rows[0].n
}

function roomCount(db: WritableDb, table: string): number {
  return db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
}

beforeAll(async () => {
  ensureNodeBuild()
  tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-migrate-'))
  cluster = await startPgCluster()
  roomFile = await makeRoom(path.join(tmp, 'room'))
})
afterAll(() => cluster?.stop())

describe('watchroom migrate --from FILE.db --to postgres://…', () => {
  it('copies every table row for row, keeps the audit chain verifiable, and refuses to run twice', async () => {
    const url = newDistrict()
    const r = watchroom(['migrate', '--from', roomFile, '--to', url])
    expect(r.status, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/^migrated .* into the district: .*cameras \d+/m)
    expect(r.stdout).toMatch(/audit chain ok: (\d+) row\(s\) in the room, \d+ on the district/)
    expect(r.stdout).toMatch(/keyed with .*audit\.key \(SHA-256 [0-9a-f]{64}\)/)

    const room = openDatabase(roomFile, { readonly: true })
    const dir = path.dirname(roomFile)
    const key = readAuditKey(dir)!
    // the id the room server started on this directory records and reads under
    const roomId = readRoomId(dir)
    expect(roomId).toMatch(/^[0-9a-f]{32}$/)
    expect(r.stdout).toContain(`indexed on the district under room ${roomId}`)
    const owned: readonly string[] = ROOM_OWNED_TABLES
    try {
      await withPg(url, async (c) => {
        // every row of every table, compared as sets (some tables have no rowid order)
        const rowsOf = (rows: unknown[]) => rows.map((x) => JSON.stringify(x)).sort()
        for (const table of COPIED_TABLES.filter((t) => t !== 'sightings')) {
          const lite = (room.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[])
            // the room's own rows ('' in its file) name the room on the district
            .map((x) => (owned.includes(table) ? { ...x, room: roomId } : x))
          const dist = (await c.query(`SELECT * FROM ${table}`)).rows
          const expected = table === 'audit_log' ? lite.length + 1 : lite.length
          expect({ table, n: dist.length }).toEqual({ table, n: expected })
          if (table !== 'audit_log')
            expect({ table, rows: rowsOf(dist) }).toEqual({ table, rows: rowsOf(lite) })
        }
        expect(roomCount(room, 'incidents')).toBe(12)
        expect(roomCount(room, 'camera_group_members')).toBe(2)
        // the demo's hour of plate reads, in file order, attributes included, read back
        // through each backend's own store
        const plates = room
          .prepare('SELECT DISTINCT plate FROM sightings')
          .pluck()
          .all() as string[]
        const liteS = createSqliteSightingStore(room).byPlates(plates, 0, 8.64e15)
        expect(liteS.length).toBeGreaterThan(1000)
        expect(liteS.filter((x) => x.vehicleColor).length).toBeGreaterThan(100)
        const pool = new pg.Pool({ connectionString: url, max: 1 })
        const distS = await createPgSightingStore(pool)
          .byPlates(plates, 0, 8.64e15)
          .finally(() => pool.end())
        expect(distS).toEqual(liteS)

        // the chain: the room's rows byte for byte, then the row recording the migration
        const liteAudit = room.prepare('SELECT * FROM audit_log ORDER BY id').all()
        const distAudit = (await c.query('SELECT * FROM audit_log ORDER BY id')).rows
        expect(distAudit.slice(0, -1)).toEqual(liteAudit)
        expect(distAudit.at(-1)).toMatchObject({ action: 'district.migrate', actor: 'cli' })
        const v = await verifyAuditChain(clientSql(c), { key, anchors: anchorsFor(dir) })
        expect(v).toEqual({ ok: true, rows: liteAudit.length + 1 })
        expect((await verifyAuditChain(sqliteSql(room), { key })).ok).toBe(true)
        // without the key the keyed rows do not verify: the check can fail
        expect((await verifyAuditChain(clientSql(c))).ok).toBe(false)

        // accounts keep their password hashes as they were
        const users = await c.query<{ username: string; password_hash: string }>(
          'SELECT username, password_hash FROM users ORDER BY id'
        )
        expect(users.rows).toEqual(
          room.prepare('SELECT username, password_hash FROM users ORDER BY id').all()
        )
        expect(users.rows[0].password_hash).toMatch(/^scrypt\$/)

        // full text was made again: a two-character Chinese word finds its rows
        const fts = await c.query<{ rowid: number }>(
          "SELECT rowid FROM duty_log_fts WHERE to_tsvector('simple', body) @@ to_tsquery('simple', '纠纷') ORDER BY rowid"
        )
        expect(fts.rows).toHaveLength(5)
        expect(await pgCount(c, 'incidents_fts')).toBe(roomCount(room, 'incidents'))

        // new rows continue after the copied ids
        const cam = await c.query<{ id: number }>(
          "INSERT INTO cameras (code, name, lat, lng, created_at, updated_at) VALUES ('NEW-1', '新', 30, 120, 0, 0) RETURNING id"
        )
        expect(cam.rows[0].id).toBe(
          (room.prepare('SELECT max(id) FROM cameras').pluck().get() as number) + 1
        )
        await c.query("DELETE FROM cameras WHERE code = 'NEW-1'")

        const marker = await c.query('SELECT * FROM room_migrations')
        expect(marker.rows).toHaveLength(1)
        expect(marker.rows[0]).toMatchObject({ source: roomFile, audit_rows: liteAudit.length })
        // the room's footage, lock and export arrived, and the room reads its footage there
        for (const t of ['recording_settings', 'recording_segments', 'evidence_locks', 'exports'])
          expect({ t, n: await pgCount(c, t) }).toEqual({ t, n: roomCount(room, t) })
        expect(roomCount(room, 'recording_segments')).toBe(3)
        const camId = room.prepare('SELECT camera_id FROM recording_segments').pluck().get()
        const footage = await listSegments(clientSql(c), camId as number, 0, 8.64e15, roomId)
        expect(footage.map((s) => s.path)).toEqual(
          room.prepare('SELECT path FROM recording_segments ORDER BY start_ms').pluck().all()
        )
        expect(await listSegments(clientSql(c), camId as number, 0, 8.64e15, '')).toEqual([])
      })

      // a second run changes nothing and says why
      const before = await withPg(url, (c) => pgCount(c, 'cameras'))
      const again = watchroom(['migrate', '--from', roomFile, '--to', url])
      expect(again.status).toBe(1)
      expect(again.stderr).toMatch(/already holds a room: .*watchroom\.db was migrated into it/)
      expect(await withPg(url, (c) => pgCount(c, 'cameras'))).toBe(before)
      expect(await withPg(url, (c) => pgCount(c, 'room_migrations'))).toBe(1)
    } finally {
      room.close()
    }
  })

  it('decides for every table of the room: copied, made again, or kept by the room', () => {
    const db = openDatabase(path.join(tmp, 'empty.db'))
    migrate(db)
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%'"
      )
      .pluck()
      .all() as string[]
    db.close()
    const decided: string[] = [...COPIED_TABLES, ...REBUILT_TABLES]
    expect([...decided].sort()).toEqual([...tables].sort())
  })

  it('refuses a chain that does not verify with the key it is given, and copies nothing', async () => {
    const url = newDistrict()
    const wrong = path.join(tmp, 'wrong.key')
    writeFileSync(
      wrong,
      JSON.stringify({ v: 1, key: randomBytes(32).toString('base64'), keyedFrom: 1 })
    )
    const r = watchroom(['migrate', '--from', roomFile, '--to', url, '--audit-key', wrong])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/audit chain does not verify, so it was not copied: row 1: /)
    await withPg(url, async (c) => {
      expect(await pgCount(c, 'cameras')).toBe(0)
      expect(await pgCount(c, 'room_migrations')).toBe(0)
    })
    // the room's key named explicitly works like the one found beside the file
    const named = path.join(tmp, 'named.key')
    copyFileSync(path.join(path.dirname(roomFile), 'audit.key'), named)
    const ok = watchroom(['migrate', '--from', roomFile, '--to', url, '--audit-key', named])
    expect(ok.status, ok.stderr).toBe(0)
  })

  it('leaves the district empty when a row cannot be stored half-way through', async () => {
    const copy = path.join(tmp, 'nul', 'watchroom.db')
    mkdirSync(path.dirname(copy))
    copyFileSync(roomFile, copy)
    copyFileSync(
      path.join(path.dirname(roomFile), 'audit.key'),
      path.join(path.dirname(copy), 'audit.key')
    )
    const db = openDatabase(copy)
    // a NUL character: SQLite stores it, PostgreSQL's text cannot
    db.prepare("UPDATE duty_log SET text = 'a' || char(0) || 'b' WHERE id = 3").run()
    db.close()
    const url = newDistrict()
    const r = watchroom(['migrate', '--from', copy, '--to', url])
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/duty_log row 3 \(id 3\), column text, contains a NUL character/)
    await withPg(url, async (c) => {
      for (const t of ['cameras', 'users', 'incidents', 'audit_log', 'shifts', 'room_migrations'])
        expect({ t, n: await pgCount(c, t) }).toEqual({ t, n: 0 })
      expect(await pgCount(c, 'sightings')).toBe(0)
    })
  })

  it('leaves the district empty when its connection is cut in the middle of the copy', async () => {
    const url = newDistrict()
    const room = openDatabase(roomFile)
    const dir = path.dirname(roomFile)
    const c = new pg.Client({ connectionString: url, types: districtTypes })
    await c.connect()
    c.on('error', () => undefined)
    await migratePg(c, PG_MIGRATIONS)
    const pid = (await c.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid
    const seen: string[] = []
    const err = await migrateRoomToDistrict(room, c, {
      source: roomFile,
      room: 'c'.repeat(32),
      key: readAuditKey(dir),
      anchors: anchorsFor(dir),
      now: NOW,
      actor: 'test',
      onTable: async (table) => {
        seen.push(table)
        // the server drops this session once incidents are written
        if (table === 'incidents')
          await withPg(url, (k) => k.query('SELECT pg_terminate_backend($1)', [pid]))
      }
    }).catch((e: unknown) => e)
    await c.end().catch(() => undefined)
    expect(err).toBeInstanceOf(Error)
    expect(seen).toContain('incidents')
    expect(seen).not.toContain('duty_log')
    room.close()
    await withPg(url, async (c) => {
      for (const t of ['cameras', 'users', 'incidents', 'audit_log', 'room_migrations'])
        expect({ t, n: await pgCount(c, t) }).toEqual({ t, n: 0 })
    })
  })

  it('says what is wrong with its arguments', () => {
    const bad = watchroom(['migrate', '--from', roomFile, '--to', 'mysql://h/db'])
    expect(bad.status).toBe(1)
    expect(bad.stderr).toMatch(/--to must be a postgres:\/\/… URL/)
    const missing = watchroom([
      'migrate',
      '--from',
      path.join(tmp, 'nope.db'),
      '--to',
      'postgres://127.0.0.1:1/x'
    ])
    expect(missing.status).toBe(1)
    expect(missing.stderr).toMatch(/--from: no room database at/)
    const down = watchroom(['migrate', '--from', roomFile, '--to', 'postgres://127.0.0.1:1/x'])
    expect(down.status).toBe(1)
    expect(down.stderr).toMatch(
      /cannot connect to the district database postgres:\/\/127\.0\.0\.1:1\/x/
    )
  })
})
