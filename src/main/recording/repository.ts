import { column, value, type Sql } from '../db/sql'
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

/**
 * `room` is the room server that wrote the segment (its room.id; '' on a
 * room's own file): on a district every room records into its own data
 * directory, so a room reads and deletes only the rows naming it.
 */
export type NewSegment = Omit<SegmentRow, 'id'> & { createdAt: number; room?: string }

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

const SEGMENT_COLUMNS =
  'room, camera_id, start_ms, end_ms, duration_ms, bytes, path, run, time_source, created_at'
const segmentValues = (s: NewSegment): unknown[] => [
  s.room ?? '',
  s.cameraId,
  s.startMs,
  s.endMs,
  s.durationMs,
  s.bytes,
  s.path,
  s.run,
  s.timeSource,
  s.createdAt
]

export async function insertSegment(sql: Sql, s: NewSegment): Promise<SegmentRow> {
  const row = await sql.get<RawSegment>(
    `INSERT INTO recording_segments (${SEGMENT_COLUMNS})
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    segmentValues(s)
  )
  return toSegment(row as RawSegment)
}

/** Rows per INSERT of the bulk insert: one round trip carries many rows on PostgreSQL. */
const ROWS_PER_INSERT = 200

/** Bulk insert (seeded footage) in one transaction; existing paths are skipped. */
export async function insertSegments(sql: Sql, rows: readonly NewSegment[]): Promise<number> {
  return sql.tx(async (t) => {
    let n = 0
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT)
      const r = await t.run(
        `INSERT INTO recording_segments (${SEGMENT_COLUMNS}) VALUES ${chunk
          .map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
          .join(', ')} ON CONFLICT DO NOTHING`,
        chunk.flatMap(segmentValues)
      )
      n += r.changes
    }
    return n
  })
}

/** Segments of a camera overlapping [from, to), in time order. */
export async function listSegments(
  sql: Sql,
  cameraId: number,
  from: number,
  to: number,
  room = ''
): Promise<SegmentRow[]> {
  const rows = await sql.all<RawSegment>(
    `SELECT * FROM recording_segments
     WHERE camera_id = @cameraId AND start_ms >= @lo AND start_ms < @to AND end_ms > @from
       AND room = @room
     ORDER BY start_ms, id`,
    { cameraId, from, to, lo: from - MAX_SEGMENT_MS, room }
  )
  return rows.map(toSegment)
}

export async function getSegment(sql: Sql, id: number, room = ''): Promise<SegmentRow | undefined> {
  const r = await sql.get<RawSegment>(
    'SELECT * FROM recording_segments WHERE id = ? AND room = ?',
    [id, room]
  )
  return r && toSegment(r)
}

/** The newest segment of a camera (where a resumed recording continues). */
export async function lastSegment(
  sql: Sql,
  cameraId: number,
  room = ''
): Promise<SegmentRow | undefined> {
  const r = await sql.get<RawSegment>(
    'SELECT * FROM recording_segments WHERE camera_id = ? AND room = ? ORDER BY start_ms DESC, id DESC LIMIT 1',
    [cameraId, room]
  )
  return r && toSegment(r)
}

export async function maxRun(sql: Sql, room = ''): Promise<number> {
  return Number(
    (await value<number | null>(sql, 'SELECT MAX(run) FROM recording_segments WHERE room = ?', [
      room
    ])) ?? 0
  )
}

/** Bytes the room's store holds (its own disk: the quota counts only these). */
export async function totalStoredBytes(sql: Sql, room = ''): Promise<number> {
  // PostgreSQL sums bigint as numeric, which arrives as a string
  return Number(
    (await value<number | string>(
      sql,
      'SELECT COALESCE(SUM(bytes), 0) FROM recording_segments WHERE room = ?',
      [room]
    )) ?? 0
  )
}

/**
 * Recorded stretches of a camera in [from, to): consecutive segments closer
 * than `mergeGapMs` (at least 1 ms of slack for rounding) form one range.
 */
export async function availability(
  sql: Sql,
  cameraId: number,
  from: number,
  to: number,
  mergeGapMs: number,
  room = ''
): Promise<TimeRange[]> {
  const rows = await sql.all<{ start_ms: number; end_ms: number }>(
    `SELECT start_ms, end_ms FROM recording_segments
     WHERE camera_id = @cameraId AND start_ms >= @lo AND start_ms < @to AND end_ms > @from
       AND room = @room
     ORDER BY start_ms`,
    { cameraId, from, to, lo: from - MAX_SEGMENT_MS, room }
  )
  const out: TimeRange[] = []
  const slack = Math.max(mergeGapMs, 1)
  let cur: TimeRange | null = null
  for (const { start_ms: s, end_ms: e } of rows) {
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
export async function oldestUnlockedStored(
  sql: Sql,
  limit: number,
  room = ''
): Promise<SegmentRow[]> {
  const rows = await sql.all<RawSegment>(
    `SELECT s.* FROM recording_segments s WHERE s.room = ? AND s.bytes > 0 AND ${UNLOCKED}
     ORDER BY s.start_ms, s.id LIMIT ?`,
    [room, limit]
  )
  return rows.map(toSegment)
}

/** Unlocked segments of a camera that ended before `before` (retention), oldest first. */
export async function expiredUnlocked(
  sql: Sql,
  cameraId: number,
  before: number,
  limit: number,
  room = ''
): Promise<SegmentRow[]> {
  const rows = await sql.all<RawSegment>(
    `SELECT s.* FROM recording_segments s
     WHERE s.camera_id = @cameraId AND s.room = @room AND s.start_ms < @before
       AND s.end_ms <= @before AND ${UNLOCKED}
     ORDER BY s.start_ms LIMIT @limit`,
    { cameraId, before, limit, room }
  )
  return rows.map(toSegment)
}

/** Cameras that have any footage (retention runs over these, recorded now or not). */
export function camerasWithFootage(sql: Sql, room = ''): Promise<number[]> {
  return column<number>(sql, 'SELECT DISTINCT camera_id FROM recording_segments WHERE room = ?', [
    room
  ])
}

/** Deletes the room's rows among `ids` (another room's row stays, whatever id it is given). */
export function deleteSegments(sql: Sql, ids: readonly number[], room = ''): Promise<number> {
  return sql.tx(async (t) => {
    let n = 0
    for (const id of ids)
      n += (await t.run('DELETE FROM recording_segments WHERE id = ? AND room = ?', [id, room]))
        .changes
    return n
  })
}

/** Segments of a camera starting after `after` (rows the recorder may have written just before a crash). */
export async function segmentsAfter(
  sql: Sql,
  cameraId: number,
  after: number,
  room = ''
): Promise<SegmentRow[]> {
  const rows = await sql.all<RawSegment>(
    'SELECT * FROM recording_segments WHERE camera_id = ? AND room = ? AND start_ms > ? ORDER BY start_ms',
    [cameraId, room, after]
  )
  return rows.map(toSegment)
}

// ---- settings ----

type RawSetting = {
  camera_id: number
  mode: RecordingMode
  retention_days: number
  updated_at: number
  updated_by: string | null
}

const toSetting = (r: RawSetting): RecordingSetting => ({
  cameraId: r.camera_id,
  mode: r.mode,
  retentionDays: r.retention_days,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by
})

export async function listRecordingSettings(sql: Sql): Promise<Map<number, RecordingSetting>> {
  const rows = await sql.all<RawSetting>('SELECT * FROM recording_settings')
  return new Map(rows.map((r) => [r.camera_id, toSetting(r)]))
}

export async function recordingSettingOf(sql: Sql, cameraId: number): Promise<RecordingSetting> {
  const r = await sql.get<RawSetting>('SELECT * FROM recording_settings WHERE camera_id = ?', [
    cameraId
  ])
  return r
    ? toSetting(r)
    : {
        cameraId,
        mode: 'off',
        retentionDays: DEFAULT_RETENTION_DAYS,
        updatedAt: null,
        updatedBy: null
      }
}

export async function upsertRecordingSetting(
  sql: Sql,
  s: {
    cameraId: number
    mode: RecordingMode
    retentionDays: number
    at: number
    actor: string | null
  }
): Promise<RecordingSetting> {
  await sql.run(
    `INSERT INTO recording_settings (camera_id, mode, retention_days, updated_at, updated_by)
     VALUES (@cameraId, @mode, @retentionDays, @at, @actor)
     ON CONFLICT (camera_id) DO UPDATE SET mode = excluded.mode, retention_days = excluded.retention_days,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    s
  )
  return {
    cameraId: s.cameraId,
    mode: s.mode,
    retentionDays: s.retentionDays,
    updatedAt: s.at,
    updatedBy: s.actor
  }
}

const QUOTA_KEY = 'recording.quotaBytes'

export async function getQuotaBytes(sql: Sql): Promise<number> {
  return (await getSetting<number>(sql, QUOTA_KEY)) ?? DEFAULT_QUOTA_BYTES
}

export function setQuotaBytes(sql: Sql, bytes: number): Promise<void> {
  return setSetting(sql, QUOTA_KEY, bytes)
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

export async function addEvidenceLock(
  sql: Sql,
  l: {
    cameraId: number
    from: number
    to: number
    reason: string
    exportId: number | null
    at: number
    actor: string | null
  }
): Promise<EvidenceLock> {
  const row = await sql.get<RawLock>(
    `INSERT INTO evidence_locks (camera_id, from_ms, to_ms, reason, export_id, created_at, created_by)
     VALUES (@cameraId, @from, @to, @reason, @exportId, @at, @actor) RETURNING *`,
    l
  )
  return toLock(row as RawLock)
}

export async function listEvidenceLocks(sql: Sql, cameraId?: number): Promise<EvidenceLock[]> {
  const rows =
    cameraId === undefined
      ? await sql.all<RawLock>('SELECT * FROM evidence_locks ORDER BY from_ms')
      : await sql.all<RawLock>(
          'SELECT * FROM evidence_locks WHERE camera_id = ? ORDER BY from_ms',
          [cameraId]
        )
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

export async function addBookmark(
  sql: Sql,
  b: { at: number; note: string; cameraIds: number[]; createdAt: number; createdBy: string | null }
): Promise<Bookmark> {
  const row = await sql.get<RawBookmark>(
    `INSERT INTO bookmarks (at, note, camera_ids, created_at, created_by)
     VALUES (@at, @note, @cameraIds, @createdAt, @createdBy) RETURNING *`,
    { ...b, cameraIds: JSON.stringify(b.cameraIds) }
  )
  return toBookmark(row as RawBookmark)
}

export async function listBookmarks(sql: Sql, from: number, to: number): Promise<Bookmark[]> {
  const rows = await sql.all<RawBookmark>(
    'SELECT * FROM bookmarks WHERE at >= ? AND at < ? ORDER BY at, id',
    [from, to]
  )
  return rows.map(toBookmark)
}

export async function getBookmark(sql: Sql, id: number): Promise<Bookmark | undefined> {
  const r = await sql.get<RawBookmark>('SELECT * FROM bookmarks WHERE id = ?', [id])
  return r && toBookmark(r)
}

export async function deleteBookmark(sql: Sql, id: number): Promise<boolean> {
  return (await sql.run('DELETE FROM bookmarks WHERE id = ?', [id])).changes === 1
}
