import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import { createTestDb } from '../helpers/db'
import { addCamera } from '../helpers/recording'
import {
  addBookmark,
  addEvidenceLock,
  availability,
  deleteBookmark,
  insertSegment,
  listBookmarks,
  listSegments,
  oldestUnlockedStored,
  recordingSettingOf
} from '../../src/main/recording/repository'
import { parseDemoRef, seedDemoFootage } from '../../src/main/demo/footage'

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
  it('creates the recording tables with their checks', () => {
    const db = openMemoryDatabase()
    const v = MIGRATIONS.findIndex((m) => m.name === '0006-recording') + 1
    migrate(db, MIGRATIONS.slice(0, v))
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
    const id = addCamera(db, 'M1', null)
    expect(() => insertSegment(db, { ...seg(id, 1000), endMs: 1000 })).toThrow(/CHECK/)
    insertSegment(db, seg(id, 1000))
    expect(() => insertSegment(db, seg(id, 1000))).toThrow(/UNIQUE/)
    expect(() =>
      db
        .prepare(
          "INSERT INTO recording_settings (camera_id, mode, retention_days, updated_at) VALUES (?, 'sometimes', 1, 0)"
        )
        .run(id)
    ).toThrow(/CHECK/)
  })

  it('refuses to delete a segment overlapping an evidence lock (trigger)', () => {
    const db = createTestDb()
    const id = addCamera(db, 'M2', null)
    const a = insertSegment(db, seg(id, 0))
    const b = insertSegment(db, seg(id, 2000))
    addEvidenceLock(db, {
      cameraId: id,
      from: 3000,
      to: 3500,
      reason: 'r',
      exportId: null,
      at: 0,
      actor: null
    })
    expect(db.prepare('DELETE FROM recording_segments WHERE id = ?').run(a.id).changes).toBe(1)
    expect(() => db.prepare('DELETE FROM recording_segments WHERE id = ?').run(b.id)).toThrow(
      /evidence lock/
    )
    expect(oldestUnlockedStored(db, 10)).toEqual([])
  })
})

describe('recording repository', () => {
  it('merges availability over small gaps and clips it to the range', () => {
    const db = createTestDb()
    const id = addCamera(db, 'M3', null)
    for (const s of [0, 2000, 4100, 20_000, 22_000]) insertSegment(db, seg(id, s))
    expect(availability(db, id, 0, 30_000, 0)).toEqual([
      { from: 0, to: 4000 },
      { from: 4100, to: 6100 },
      { from: 20_000, to: 24_000 }
    ])
    expect(availability(db, id, 1000, 21_000, 500)).toEqual([
      { from: 1000, to: 6100 },
      { from: 20_000, to: 21_000 }
    ])
    expect(listSegments(db, id, 5000, 20_001).map((s) => s.startMs)).toEqual([4100, 20_000])
  })

  it('keeps bookmarks in time order and deletes them', () => {
    const db = createTestDb()
    const b2 = addBookmark(db, {
      at: 2000,
      note: '第二',
      cameraIds: [1],
      createdAt: 0,
      createdBy: 'a'
    })
    addBookmark(db, { at: 1000, note: 'first', cameraIds: [], createdAt: 0, createdBy: 'a' })
    expect(listBookmarks(db, 0, 5000).map((b) => b.note)).toEqual(['first', '第二'])
    expect(deleteBookmark(db, b2.id)).toBe(true)
    expect(deleteBookmark(db, b2.id)).toBe(false)
  })

  it('seeds an hour of demo footage for 50 cameras once, quickly', () => {
    const db = createTestDb()
    const cameras = Array.from({ length: 50 }, (_, i) => ({
      id: addCamera(db, `BG-${String(i + 1).padStart(4, '0')}`, null, 'off'),
      code: `BG-${String(i + 1).padStart(4, '0')}`
    }))
    const now = Date.UTC(2026, 5, 1, 6, 0, 1, 500)
    const t0 = performance.now()
    const n = seedDemoFootage(db, { cameras, now, segmentMs: 2000, variant: 'main', run: 1 })
    const ms = performance.now() - t0
    expect(n).toBe(50 * 1800)
    expect(ms).toBeLessThan(5000)
    expect(
      seedDemoFootage(db, { cameras, now: now + 10_000, segmentMs: 2000, variant: 'main', run: 2 })
    ).toBe(0)
    const first = cameras[0]?.id ?? 0
    expect(recordingSettingOf(db, first).mode).toBe('continuous')
    const rows = listSegments(db, first, 0, now + 1)
    // whole, elapsed segments only: the last one ended before now
    expect(rows.at(-1)?.endMs).toBe(Date.UTC(2026, 5, 1, 6, 0, 0))
    expect(rows[0]?.startMs).toBe(Date.UTC(2026, 5, 1, 5, 0, 0))
    expect(parseDemoRef(rows[0]?.path ?? '')).toEqual({
      code: 'BG-0001',
      variant: 'main',
      seq: Date.UTC(2026, 5, 1, 5, 0, 0) / 2000
    })
    expect(availability(db, first, 0, now, 0)).toEqual([
      { from: Date.UTC(2026, 5, 1, 5, 0, 0), to: Date.UTC(2026, 5, 1, 6, 0, 0) }
    ])
  })
})
