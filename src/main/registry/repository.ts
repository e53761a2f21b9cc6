import type { ReadableDb, WritableDb } from '../db/database'
import type { Camera, CameraFields, CameraStatus } from '../../shared/domain/camera'
import type {
  Block,
  CameraGroup,
  CameraPatch,
  CameraReferences,
  Community,
  StatusChange
} from '../../shared/domain/registry'
import { getCamera } from '../cameras/repository'

/** Camera fields → columns, for partial updates. */
const PATCH_COLUMNS: Record<keyof CameraPatch, string> = {
  name: 'name',
  lat: 'lat',
  lng: 'lng',
  headingDeg: 'heading_deg',
  fovDeg: 'fov_deg',
  anpr: 'anpr',
  streamUrl: 'stream_url',
  subStreamUrl: 'sub_stream_url',
  block: 'block',
  community: 'community',
  kind: 'kind',
  owner: 'owner',
  notes: 'notes'
}

const toDbValue = (v: unknown): string | number | null =>
  v === undefined || v === null
    ? null
    : typeof v === 'boolean'
      ? v
        ? 1
        : 0
      : typeof v === 'string'
        ? v.trim() === ''
          ? null
          : v.trim()
        : (v as number)

/** Applies the fields present in `patch`; returns the camera after, or undefined if there is no such camera. */
export function updateCameraFields(
  db: WritableDb,
  id: number,
  patch: CameraPatch,
  actor: string | null,
  now: number
): Camera | undefined {
  const sets: string[] = []
  const params: Record<string, string | number | null> = { id, now, actor }
  for (const [k, col] of Object.entries(PATCH_COLUMNS) as [keyof CameraPatch, string][]) {
    if (!(k in patch) || patch[k] === undefined) continue
    sets.push(`${col} = @${col}`)
    params[col] = toDbValue(patch[k])
  }
  if (sets.length > 0) {
    const r = db
      .prepare(
        `UPDATE cameras SET ${sets.join(', ')}, version = version + 1, updated_at = @now, updated_by = @actor WHERE id = @id`
      )
      .run(params)
    if (r.changes !== 1) return undefined
  }
  return getCamera(db, id)
}

export function insertCamera(
  db: WritableDb,
  c: CameraFields,
  actor: string | null,
  now: number
): Camera {
  const row = db
    .prepare(
      `INSERT INTO cameras (code, name, lat, lng, heading_deg, fov_deg, anpr, stream_url, sub_stream_url,
         block, community, kind, owner, notes, created_at, updated_at, created_by, updated_by)
       VALUES (@code, @name, @lat, @lng, @headingDeg, @fovDeg, @anpr, @streamUrl, @subStreamUrl,
         @block, @community, @kind, @owner, @notes, @now, @now, @actor, @actor) RETURNING id`
    )
    .get({ ...c, anpr: c.anpr ? 1 : 0, now, actor }) as { id: number }
  return getCamera(db, row.id)!
}

export function setArchived(
  db: WritableDb,
  ids: readonly number[],
  archived: boolean,
  actor: string | null,
  now: number
): number {
  const stmt = db.prepare(
    'UPDATE cameras SET archived = @archived, version = version + 1, updated_at = @now, updated_by = @actor WHERE id = @id AND archived != @archived'
  )
  let n = 0
  for (const id of ids) n += stmt.run({ id, archived: archived ? 1 : 0, now, actor }).changes
  return n
}

export function deleteCameraRow(db: WritableDb, id: number): boolean {
  return db.prepare('DELETE FROM cameras WHERE id = ?').run(id).changes === 1
}

/** Tables whose rows belong to the camera and go with it (not references that keep it alive). */
const OWNED_TABLES = new Set(['cameras', 'camera_group_members', 'camera_status_history'])

type RefColumn = { table: string; column: 'camera_id' | 'camera_code' }
const refColumnsCache = new WeakMap<ReadableDb, { schemaVersion: number; cols: RefColumn[] }>()

/**
 * Every (table, column) that can point at a camera, found in the live schema:
 * incidents, recordings and sightings are built by different features (and
 * migrations), so rather than a fixed list, any table with a `camera_id` or
 * `camera_code` column counts. Cached per schema version.
 */
export function cameraReferenceColumns(db: ReadableDb): RefColumn[] {
  const schemaVersion = db.pragma('schema_version', { simple: true }) as number
  const hit = refColumnsCache.get(db)
  if (hit && hit.schemaVersion === schemaVersion) return hit.cols
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )
    .pluck()
    .all() as string[]
  const cols: RefColumn[] = []
  for (const t of tables) {
    if (OWNED_TABLES.has(t)) continue
    const names = (
      db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(t) as string[]
    ).map((n) => n.toLowerCase())
    if (names.includes('camera_id')) cols.push({ table: t, column: 'camera_id' })
    if (names.includes('camera_code')) cols.push({ table: t, column: 'camera_code' })
  }
  refColumnsCache.set(db, { schemaVersion, cols })
  return cols
}

/**
 * What references a camera: table → number of rows. System events about the
 * camera itself (went offline…) count too, since deleting the camera would
 * orphan the log.
 */
export function findCameraReferences(
  db: ReadableDb,
  camera: Pick<Camera, 'id' | 'code'>
): CameraReferences {
  const out: CameraReferences = {}
  for (const { table, column } of cameraReferenceColumns(db)) {
    const value = column === 'camera_id' ? camera.id : camera.code
    const n = db
      .prepare(
        `SELECT COUNT(*) FROM (SELECT 1 FROM "${table.replace(/"/g, '""')}" WHERE ${column} = ? LIMIT 1000)`
      )
      .pluck()
      .get(value) as number
    if (n > 0) out[table] = (out[table] ?? 0) + n
  }
  return out
}

// --- blocks and communities --------------------------------------------------

/** Names every block and community the cameras use (new names from imports and edits). */
export function syncBlocksAndCommunities(db: WritableDb, now: number): void {
  db.prepare(
    `INSERT INTO blocks (name, created_at)
     SELECT DISTINCT block, @now FROM cameras WHERE block IS NOT NULL AND block NOT IN (SELECT name FROM blocks)`
  ).run({ now })
  db.prepare(
    `INSERT INTO communities (name, block_id, created_at)
     SELECT g.community, b.id, @now
     FROM (SELECT community, MIN(block) AS block FROM cameras
           WHERE community IS NOT NULL AND community NOT IN (SELECT name FROM communities) GROUP BY community) g
     LEFT JOIN blocks b ON b.name = g.block`
  ).run({ now })
}

export function listBlocks(db: ReadableDb): Block[] {
  return db
    .prepare(
      `SELECT b.id, b.name, (SELECT COUNT(*) FROM cameras c WHERE c.block = b.name AND c.archived = 0) AS cameraCount
       FROM blocks b ORDER BY b.name`
    )
    .all() as Block[]
}

export function listCommunities(db: ReadableDb): Community[] {
  return db
    .prepare(
      `SELECT m.id, m.name, m.block_id AS blockId,
         (SELECT COUNT(*) FROM cameras c WHERE c.community = m.name AND c.archived = 0) AS cameraCount
       FROM communities m ORDER BY m.name`
    )
    .all() as Community[]
}

// --- groups ------------------------------------------------------------------

export function listGroups(db: ReadableDb): CameraGroup[] {
  const groups = db
    .prepare('SELECT id, name, color FROM camera_groups ORDER BY name')
    .all() as Omit<CameraGroup, 'cameraIds'>[]
  const members = db
    .prepare('SELECT group_id AS g, camera_id AS c FROM camera_group_members ORDER BY camera_id')
    .all() as { g: number; c: number }[]
  const byGroup = new Map<number, number[]>()
  for (const m of members) {
    let a = byGroup.get(m.g)
    if (!a) byGroup.set(m.g, (a = []))
    a.push(m.c)
  }
  return groups.map((g) => ({ ...g, cameraIds: byGroup.get(g.id) ?? [] }))
}

export function insertGroup(
  db: WritableDb,
  g: { name: string; color: string | null },
  actor: string | null,
  now: number
): CameraGroup {
  const row = db
    .prepare(
      'INSERT INTO camera_groups (name, color, created_at, created_by) VALUES (@name, @color, @now, @actor) RETURNING id, name, color'
    )
    .get({ ...g, now, actor }) as Omit<CameraGroup, 'cameraIds'>
  return { ...row, cameraIds: [] }
}

export function getGroupName(db: ReadableDb, id: number): string | undefined {
  return db.prepare('SELECT name FROM camera_groups WHERE id = ?').pluck().get(id) as
    string | undefined
}

export function deleteGroup(db: WritableDb, id: number): boolean {
  return db.prepare('DELETE FROM camera_groups WHERE id = ?').run(id).changes === 1
}

export function addGroupMembers(
  db: WritableDb,
  groupId: number,
  cameraIds: readonly number[]
): number {
  const stmt = db.prepare(
    'INSERT OR IGNORE INTO camera_group_members (group_id, camera_id) VALUES (?, ?)'
  )
  let n = 0
  for (const c of cameraIds) n += stmt.run(groupId, c).changes
  return n
}

export function removeGroupMembers(
  db: WritableDb,
  groupId: number,
  cameraIds: readonly number[]
): number {
  const stmt = db.prepare('DELETE FROM camera_group_members WHERE group_id = ? AND camera_id = ?')
  let n = 0
  for (const c of cameraIds) n += stmt.run(groupId, c).changes
  return n
}

// --- status history ----------------------------------------------------------

export function appendStatusChange(db: WritableDb, c: Omit<StatusChange, 'id'>): StatusChange {
  return db
    .prepare(
      `INSERT INTO camera_status_history (camera_id, at, status, previous, detail)
       VALUES (@cameraId, @at, @status, @previous, @detail)
       RETURNING id, camera_id AS cameraId, at, status, previous, detail`
    )
    .get(c) as StatusChange
}

export function listStatusHistory(db: ReadableDb, cameraId: number, limit: number): StatusChange[] {
  return db
    .prepare(
      `SELECT id, camera_id AS cameraId, at, status, previous, detail FROM camera_status_history
       WHERE camera_id = ? ORDER BY at DESC, id DESC LIMIT ?`
    )
    .all(cameraId, limit) as StatusChange[]
}

/** Sets the probed status and last-seen time of many cameras in one statement each. */
export function recordProbeResults(
  db: WritableDb,
  results: readonly { id: number; status: CameraStatus; seenAt: number | null }[]
): void {
  const stmt = db.prepare(
    'UPDATE cameras SET status = @status, last_seen_at = COALESCE(@seenAt, last_seen_at) WHERE id = @id'
  )
  db.transaction(() => {
    for (const r of results) stmt.run(r)
  })()
}
