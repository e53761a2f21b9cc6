import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { describeBackends } from '../helpers/backends'
import { addCamera } from '../helpers/recording'
import {
  addBookmark,
  addEvidenceLock,
  availability,
  deleteBookmark,
  deleteSegments,
  getBookmark,
  insertSegment,
  lastSegment,
  listBookmarks,
  listEvidenceLocks,
  listSegments,
  maxRun,
  oldestUnlockedStored,
  recordingSettingOf,
  totalStoredBytes
} from '../../src/main/recording/repository'
import { parseDemoRef, seedDemoFootage } from '../../src/main/demo/footage'
import { getExportRow, insertExport, listExportRows } from '../../src/main/export/repository'

const seg = (cameraId: number, startMs: number, durationMs = 2000, bytes = 10) => ({
  cameraId,
  startMs,
  endMs: startMs + durationMs,
  durationMs,
  bytes,
  path: `${cameraId}/20260601/${startMs}-1.ts`,
  run: 1,
  timeSource: 'pdt' as const,
  createdAt: 0
})

describe('0006-recording', () => {
  it('creates the recording tables with their checks', async () => {
    const db = openMemoryDatabase()
    const v = MIGRATIONS.findIndex((m) => m.name === '0006-recording') + 1
    migrate(db, MIGRATIONS.slice(0, v))
    const sql = sqliteSql(db)
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()
    expect(tables).toEqual(
      expect.arrayContaining([
        'recording_settings',
        'recording_segments',
        'evidence_locks',
        'bookmarks',
        'exports'
      ])
    )
    const id = await addCamera(sql, 'M1', null)
    // the statement as this version's columns take it (later steps add the room)
    const insert = (s: ReturnType<typeof seg>) =>
      db
        .prepare(
          `INSERT INTO recording_segments (camera_id, start_ms, end_ms, duration_ms, bytes, path, run, time_source, created_at)
           VALUES (@cameraId, @startMs, @endMs, @durationMs, @bytes, @path, @run, @timeSource, @createdAt)`
        )
        .run(s)
    expect(() => insert({ ...seg(id, 1000), endMs: 1000 })).toThrow(/CHECK/)
    insert(seg(id, 1000))
    expect(() => insert(seg(id, 1000))).toThrow(/UNIQUE/)
    expect(() =>
      db
        .prepare(
          "INSERT INTO recording_settings (camera_id, mode, retention_days, updated_at) VALUES (?, 'sometimes', 1, 0)"
        )
        .run(id)
    ).toThrow(/CHECK/)
  })
})

describeBackends('recording repository', (b) => {
  it('refuses a segment that ends before it starts, or a path indexed twice', async () => {
    const sql = b.sql()
    const id = await addCamera(sql, 'M0', null)
    await expect(insertSegment(sql, { ...seg(id, 1000), endMs: 1000 })).rejects.toThrow(
      /CHECK|check constraint/
    )
    await insertSegment(sql, seg(id, 1000))
    await expect(insertSegment(sql, seg(id, 1000))).rejects.toThrow(/UNIQUE|unique constraint/)
  })

  it('refuses to delete a segment overlapping an evidence lock (trigger)', async () => {
    const sql = b.sql()
    const id = await addCamera(sql, 'M2', null)
    const a = await insertSegment(sql, seg(id, 0))
    const c = await insertSegment(sql, seg(id, 2000))
    const lock = await addEvidenceLock(sql, {
      cameraId: id,
      from: 3000,
      to: 3500,
      reason: 'r',
      exportId: null,
      at: 0,
      actor: null
    })
    expect(await listEvidenceLocks(sql, id)).toEqual([lock])
    expect(await listEvidenceLocks(sql, id + 1)).toEqual([])
    expect((await sql.run('DELETE FROM recording_segments WHERE id = ?', [a.id])).changes).toBe(1)
    await expect(sql.run('DELETE FROM recording_segments WHERE id = ?', [c.id])).rejects.toThrow(
      /evidence lock/
    )
    // a batch with a locked row leaves every row of the batch
    await expect(deleteSegments(sql, [c.id])).rejects.toThrow(/evidence lock/)
    expect((await listSegments(sql, id, 0, 10_000)).map((s) => s.id)).toEqual([c.id])
    expect(await oldestUnlockedStored(sql, 10)).toEqual([])
  })

  it('merges availability over small gaps and clips it to the range', async () => {
    const sql = b.sql()
    const id = await addCamera(sql, 'M3', null)
    for (const s of [0, 2000, 4100, 20_000, 22_000]) await insertSegment(sql, seg(id, s))
    expect(await availability(sql, id, 0, 30_000, 0)).toEqual([
      { from: 0, to: 4000 },
      { from: 4100, to: 6100 },
      { from: 20_000, to: 24_000 }
    ])
    expect(await availability(sql, id, 1000, 21_000, 500)).toEqual([
      { from: 1000, to: 6100 },
      { from: 20_000, to: 21_000 }
    ])
    expect((await listSegments(sql, id, 5000, 20_001)).map((s) => s.startMs)).toEqual([
      4100, 20_000
    ])
    expect((await lastSegment(sql, id))?.startMs).toBe(22_000)
    // totals as numbers on both backends (PostgreSQL sums bigint as numeric)
    expect(await totalStoredBytes(sql)).toBe(50)
    expect(await maxRun(sql)).toBe(1)
  })

  it("keeps each room's segments and exports to that room", async () => {
    const sql = b.sql()
    const id = await addCamera(sql, 'M4', null)
    const [ra, rb] = ['a'.repeat(32), 'b'.repeat(32)]
    const a1 = await insertSegment(sql, { ...seg(id, 0), room: ra })
    const b1 = await insertSegment(sql, { ...seg(id, 0, 2000, 30), room: rb, run: 4 })
    // the same path in two rooms' stores; twice in one room is refused
    expect(b1.path).toBe(a1.path)
    await expect(insertSegment(sql, { ...seg(id, 0), room: rb })).rejects.toThrow(
      /UNIQUE|unique constraint/
    )
    expect(await listSegments(sql, id, 0, 10_000, ra)).toEqual([a1])
    expect(await listSegments(sql, id, 0, 10_000, rb)).toEqual([b1])
    expect(await listSegments(sql, id, 0, 10_000)).toEqual([])
    expect(await totalStoredBytes(sql, ra)).toBe(10)
    expect(await totalStoredBytes(sql, rb)).toBe(30)
    expect(await maxRun(sql, ra)).toBe(1)
    expect(await maxRun(sql, rb)).toBe(4)
    // another room's id deletes nothing
    expect(await deleteSegments(sql, [b1.id], ra)).toBe(0)
    expect(await deleteSegments(sql, [b1.id], rb)).toBe(1)

    const e = await insertExport(sql, {
      room: ra,
      from: 0,
      to: 2000,
      cameraIds: [id],
      dir: 'x',
      at: 1,
      actor: null
    })
    expect((await getExportRow(sql, e, ra))?.dir).toBe('x')
    expect(await getExportRow(sql, e, rb)).toBeUndefined()
    expect((await listExportRows(sql, 10, ra)).map((r) => r.id)).toEqual([e])
    expect(await listExportRows(sql, 10, rb)).toEqual([])
  })

  it('keeps bookmarks in time order and deletes them', async () => {
    const sql = b.sql()
    const b2 = await addBookmark(sql, {
      at: 2000,
      note: '第二',
      cameraIds: [1],
      createdAt: 0,
      createdBy: 'a'
    })
    await addBookmark(sql, {
      at: 1000,
      note: 'first',
      cameraIds: [],
      createdAt: 0,
      createdBy: 'a'
    })
    expect((await listBookmarks(sql, 0, 5000)).map((x) => x.note)).toEqual(['first', '第二'])
    expect(await getBookmark(sql, b2.id)).toEqual(b2)
    expect(b2.cameraIds).toEqual([1])
    expect(await deleteBookmark(sql, b2.id)).toBe(true)
    expect(await deleteBookmark(sql, b2.id)).toBe(false)
  })

  it('seeds an hour of demo footage for 50 cameras once', async () => {
    const sql = b.sql()
    const cameras = []
    for (let i = 0; i < 50; i++) {
      const code = `BG-${String(i + 1).padStart(4, '0')}`
      cameras.push({ id: await addCamera(sql, code, null, 'off'), code })
    }
    const now = Date.UTC(2026, 5, 1, 6, 0, 1, 500)
    const n = await seedDemoFootage(sql, { cameras, now, segmentMs: 2000, variant: 'main', run: 1 })
    expect(n).toBe(50 * 1800)
    expect(
      await seedDemoFootage(sql, {
        cameras,
        now: now + 10_000,
        segmentMs: 2000,
        variant: 'main',
        run: 2
      })
    ).toBe(0)
    const first = cameras[0]?.id ?? 0
    expect((await recordingSettingOf(sql, first)).mode).toBe('continuous')
    const rows = await listSegments(sql, first, 0, now + 1)
    // whole, elapsed segments only: the last one ended before now
    expect(rows.at(-1)?.endMs).toBe(Date.UTC(2026, 5, 1, 6, 0, 0))
    expect(rows[0]?.startMs).toBe(Date.UTC(2026, 5, 1, 5, 0, 0))
    expect(parseDemoRef(rows[0]?.path ?? '')).toEqual({
      code: 'BG-0001',
      variant: 'main',
      seq: Date.UTC(2026, 5, 1, 5, 0, 0) / 2000
    })
    expect(await availability(sql, first, 0, now, 0)).toEqual([
      { from: Date.UTC(2026, 5, 1, 5, 0, 0), to: Date.UTC(2026, 5, 1, 6, 0, 0) }
    ])
  })
})
