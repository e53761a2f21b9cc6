import type { ReadableDb, WritableDb } from '../db/database'
import {
  DEFAULT_QUOTA_BYTES,
  DEFAULT_RETENTION_DAYS,
  type Bookmark,
  type EvidenceLock,
  type RecordingMode,
  type RecordingSetting,
  type TimeRange
} from '../../shared/domain/recording'
import { getSetting, setSetting } from '../settings/repository'

/** A row of the segment index. Times are UTC epoch ms. */
export type SegmentRow = {
  id: number
  cameraId: number
  startMs: number
  endMs: number
  durationMs: number
  bytes: number
  /** relative to the recording store, or a reference a source inside main resolves (playback/footage.ts) */
  path: string
  run: number
  timeSource: 'pdt' | 'arrival'
}

export type NewSegment = Omit<SegmentRow, 'id'> & { createdAt: number }

type RawSegment = {
  id: number
  camera_id: number
  start_ms: number
  end_ms: number
  duration_ms: number
  bytes: number
  path: string
  run: number
  time_source: 'pdt' | 'arrival'
}

const toSegment = (r: RawSegment): SegmentRow => ({
  id: r.id,
  cameraId: r.camera_id,
  startMs: r.start_ms,
  endMs: r.end_ms,
  durationMs: r.duration_ms,
  bytes: r.bytes,
  path: r.path,
  run: r.run,
  timeSource: r.time_source
})

/** Longest segment the index accepts; range queries rely on it to use the (camera, start) index. */
export const MAX_SEGMENT_MS = 60_000

export function insertSegment(db: WritableDb, s: NewSegment): SegmentRow {
  const row = db
    .prepare(
      `INSERT INTO recording_segments (camera_id, start_ms, end_ms, duration_ms, bytes, path, run, time_source, created_at)
       VALUES (@cameraId, @startMs, @endMs, @durationMs, @bytes, @path, @run, @timeSource, @createdAt) RETURNING *`
    )
    .get(s) as RawSegment
  return toSegment(row)
}

/** Bulk insert (seeded footage): one prepared statement in one transaction; existing paths are skipped. */
export function insertSegments(db: WritableDb, rows: readonly NewSegment[]): number {
  const stmt = db.prepare(
    `INSERT OR IGNORE INTO recording_segments (camera_id, start_ms, end_ms, duration_ms, bytes, path, run, time_source, created_at)
     VALUES (@cameraId, @startMs, @endMs, @durationMs, @bytes, @path, @run, @timeSource, @createdAt)`
  )
  return db.transaction(() => rows.reduce((n, r) => n + stmt.run(r).changes, 0))()
}

/** Segments of a camera overlapping [from, to), in time order. */
export function listSegments(
  db: ReadableDb,
  cameraId: number,
  from: number,
  to: number
): SegmentRow[] {
  return (
    db
      .prepare(
        `SELECT * FROM recording_segments
         WHERE camera_id = @cameraId AND start_ms >= @lo AND start_ms < @to AND end_ms > @from
         ORDER BY start_ms, id`
      )
      .all({ cameraId, from, to, lo: from - MAX_SEGMENT_MS }) as RawSegment[]
  ).map(toSegment)
}

export function getSegment(db: ReadableDb, id: number): SegmentRow | undefined {
  const r = db.prepare('SELECT * FROM recording_segments WHERE id = ?').get(id) as
    RawSegment | undefined
  return r && toSegment(r)
}

/** The newest segment of a camera (where a resumed recording continues). */
export function lastSegment(db: ReadableDb, cameraId: number): SegmentRow | undefined {
  const r = db
    .prepare(
      'SELECT * FROM recording_segments WHERE camera_id = ? ORDER BY start_ms DESC, id DESC LIMIT 1'
    )
    .get(cameraId) as RawSegment | undefined
  return r && toSegment(r)
}

export function maxRun(db: ReadableDb): number {
  return (db.prepare('SELECT MAX(run) FROM recording_segments').pluck().get() as number | null) ?? 0
}

export function totalStoredBytes(db: ReadableDb): number {
  return (
    (db
      .prepare('SELECT COALESCE(SUM(bytes), 0) FROM recording_segments')
      .pluck()
      .get() as number) ?? 0
  )
}

/**
 * Recorded stretches of a camera in [from, to): consecutive segments closer
 * than `mergeGapMs` (at least 1 ms of slack for rounding) form one range.
 */
export function availability(
  db: ReadableDb,
  cameraId: number,
  from: number,
  to: number,
  mergeGapMs: number
): TimeRange[] {
  const rows = db
    .prepare(
      `SELECT start_ms, end_ms FROM recording_segments
       WHERE camera_id = @cameraId AND start_ms >= @lo AND start_ms < @to AND end_ms > @from
       ORDER BY start_ms`
    )
    .raw()
    .iterate({ cameraId, from, to, lo: from - MAX_SEGMENT_MS }) as IterableIterator<
    [number, number]
  >
  const out: TimeRange[] = []
  const slack = Math.max(mergeGapMs, 1)
  let cur: TimeRange | null = null
  for (const [s, e] of rows) {
    const a = Math.max(s, from)
    const b = Math.min(e, to)
    if (cur && a - cur.to <= slack) cur.to = Math.max(cur.to, b)
    else {
      if (cur) out.push(cur)
      cur = { from: a, to: b }
    }
  }
  if (cur) out.push(cur)
  return out
}

const UNLOCKED = `NOT EXISTS (
  SELECT 1 FROM evidence_locks l
  WHERE l.camera_id = s.camera_id AND l.from_ms < s.end_ms AND l.to_ms > s.start_ms)`

/** Oldest unlocked segments holding bytes (quota deletion order). */
export function oldestUnlockedStored(db: ReadableDb, limit: number): SegmentRow[] {
  return (
    db
      .prepare(
        `SELECT s.* FROM recording_segments s WHERE s.bytes > 0 AND ${UNLOCKED} ORDER BY s.start_ms, s.id LIMIT ?`
      )
      .all(limit) as RawSegment[]
  ).map(toSegment)
}

/** Unlocked segments of a camera that ended before `before` (retention), oldest first. */
export function expiredUnlocked(
  db: ReadableDb,
  cameraId: number,
  before: number,
  limit: number
): SegmentRow[] {
  return (
    db
      .prepare(
        `SELECT s.* FROM recording_segments s
         WHERE s.camera_id = @cameraId AND s.start_ms < @before AND s.end_ms <= @before AND ${UNLOCKED}
         ORDER BY s.start_ms LIMIT @limit`
      )
      .all({ cameraId, before, limit }) as RawSegment[]
  ).map(toSegment)
}

/** Cameras that have any footage (retention runs over these, recorded now or not). */
export function camerasWithFootage(db: ReadableDb): number[] {
  return db.prepare('SELECT DISTINCT camera_id FROM recording_segments').pluck().all() as number[]
}

export function deleteSegments(db: WritableDb, ids: readonly number[]): number {
  const stmt = db.prepare('DELETE FROM recording_segments WHERE id = ?')
  return db.transaction(() => ids.reduce((n, id) => n + stmt.run(id).changes, 0))()
}

/** Segments of a camera starting after `after` (rows the recorder may have written just before a crash). */
export function segmentsAfter(db: ReadableDb, cameraId: number, after: number): SegmentRow[] {
  return (
    db
      .prepare(
        'SELECT * FROM recording_segments WHERE camera_id = ? AND start_ms > ? ORDER BY start_ms'
      )
      .all(cameraId, after) as RawSegment[]
  ).map(toSegment)
}

// ---- settings ----

type RawSetting = {
  camera_id: number
  mode: RecordingMode
  retention_days: number
  updated_at: number
  updated_by: string | null
}

export function listRecordingSettings(db: ReadableDb): Map<number, RecordingSetting> {
  const rows = db.prepare('SELECT * FROM recording_settings').all() as RawSetting[]
  return new Map(
    rows.map((r) => [
      r.camera_id,
      {
        cameraId: r.camera_id,
        mode: r.mode,
        retentionDays: r.retention_days,
        updatedAt: r.updated_at,
        updatedBy: r.updated_by
      }
    ])
  )
}

export function recordingSettingOf(db: ReadableDb, cameraId: number): RecordingSetting {
  const r = db.prepare('SELECT * FROM recording_settings WHERE camera_id = ?').get(cameraId) as
    RawSetting | undefined
  return r
    ? {
        cameraId,
        mode: r.mode,
        retentionDays: r.retention_days,
        updatedAt: r.updated_at,
        updatedBy: r.updated_by
      }
    : {
        cameraId,
        mode: 'off',
        retentionDays: DEFAULT_RETENTION_DAYS,
        updatedAt: null,
        updatedBy: null
      }
}

export function upsertRecordingSetting(
  db: WritableDb,
  s: {
    cameraId: number
    mode: RecordingMode
    retentionDays: number
    at: number
    actor: string | null
  }
): RecordingSetting {
  db.prepare(
    `INSERT INTO recording_settings (camera_id, mode, retention_days, updated_at, updated_by)
     VALUES (@cameraId, @mode, @retentionDays, @at, @actor)
     ON CONFLICT (camera_id) DO UPDATE SET mode = excluded.mode, retention_days = excluded.retention_days,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`
  ).run(s)
  return {
    cameraId: s.cameraId,
    mode: s.mode,
    retentionDays: s.retentionDays,
    updatedAt: s.at,
    updatedBy: s.actor
  }
}

const QUOTA_KEY = 'recording.quotaBytes'

export function getQuotaBytes(db: ReadableDb): number {
  return getSetting<number>(db, QUOTA_KEY) ?? DEFAULT_QUOTA_BYTES
}

export function setQuotaBytes(db: WritableDb, bytes: number): void {
  setSetting(db, QUOTA_KEY, bytes)
}

// ---- evidence locks ----

type RawLock = {
  id: number
  camera_id: number
  from_ms: number
  to_ms: number
  reason: string
  export_id: number | null
  created_at: number
  created_by: string | null
}
const toLock = (r: RawLock): EvidenceLock => ({
  id: r.id,
  cameraId: r.camera_id,
  from: r.from_ms,
  to: r.to_ms,
  reason: r.reason,
  exportId: r.export_id,
  createdAt: r.created_at,
  createdBy: r.created_by
})

export function addEvidenceLock(
  db: WritableDb,
  l: {
    cameraId: number
    from: number
    to: number
    reason: string
    exportId: number | null
    at: number
    actor: string | null
  }
): EvidenceLock {
  return toLock(
    db
      .prepare(
        `INSERT INTO evidence_locks (camera_id, from_ms, to_ms, reason, export_id, created_at, created_by)
         VALUES (@cameraId, @from, @to, @reason, @exportId, @at, @actor) RETURNING *`
      )
      .get(l) as RawLock
  )
}

export function listEvidenceLocks(db: ReadableDb, cameraId?: number): EvidenceLock[] {
  const rows = (
    cameraId === undefined
      ? db.prepare('SELECT * FROM evidence_locks ORDER BY from_ms').all()
      : db
          .prepare('SELECT * FROM evidence_locks WHERE camera_id = ? ORDER BY from_ms')
          .all(cameraId)
  ) as RawLock[]
  return rows.map(toLock)
}

// ---- bookmarks ----

type RawBookmark = {
  id: number
  at: number
  note: string
  camera_ids: string
  created_at: number
  created_by: string | null
}
const toBookmark = (r: RawBookmark): Bookmark => ({
  id: r.id,
  at: r.at,
  note: r.note,
  cameraIds: JSON.parse(r.camera_ids) as number[],
  createdAt: r.created_at,
  createdBy: r.created_by
})

export function addBookmark(
  db: WritableDb,
  b: { at: number; note: string; cameraIds: number[]; createdAt: number; createdBy: string | null }
): Bookmark {
  return toBookmark(
    db
      .prepare(
        `INSERT INTO bookmarks (at, note, camera_ids, created_at, created_by)
         VALUES (@at, @note, @cameraIds, @createdAt, @createdBy) RETURNING *`
      )
      .get({ ...b, cameraIds: JSON.stringify(b.cameraIds) }) as RawBookmark
  )
}

export function listBookmarks(db: ReadableDb, from: number, to: number): Bookmark[] {
  return (
    db
      .prepare('SELECT * FROM bookmarks WHERE at >= ? AND at < ? ORDER BY at, id')
      .all(from, to) as RawBookmark[]
  ).map(toBookmark)
}

export function getBookmark(db: ReadableDb, id: number): Bookmark | undefined {
  const r = db.prepare('SELECT * FROM bookmarks WHERE id = ?').get(id) as RawBookmark | undefined
  return r && toBookmark(r)
}

export function deleteBookmark(db: WritableDb, id: number): boolean {
  return db.prepare('DELETE FROM bookmarks WHERE id = ?').run(id).changes === 1
}
