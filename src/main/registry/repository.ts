import type { Params, Sql } from '../db/sql'
import { value } from '../db/sql'
import type { Camera, CameraFields, CameraStatus } from '../../shared/domain/camera'
import type {
  Block,
  CameraGroup,
  CameraPatch,
  CameraReferences,
  Community,
  StatusChange
} from '../../shared/domain/registry'
import { cameraParams, getCamera, INSERT_CAMERA } from '../cameras/repository'

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

/** One statement run once per parameter set, in order; how many rows they changed in all. */
async function runEach(sql: Sql, text: string, each: readonly Params[]): Promise<number> {
  let n = 0
  for (const params of each) n += (await sql.run(text, params)).changes
  return n
}

/** Applies the fields present in `patch`; returns the camera after, or undefined if there is no such camera. */
export async function updateCameraFields(
  sql: Sql,
  id: number,
  patch: CameraPatch,
  actor: string | null,
  now: number
): Promise<Camera | undefined> {
  const sets: string[] = []
  const params: Record<string, string | number | null> = { id, now, actor }
  for (const [k, col] of Object.entries(PATCH_COLUMNS) as [keyof CameraPatch, string][]) {
    if (!(k in patch) || patch[k] === undefined) continue
    sets.push(`${col} = @${col}`)
    params[col] = toDbValue(patch[k])
  }
  if (sets.length > 0) {
    const r = await sql.run(
      `UPDATE cameras SET ${sets.join(', ')}, version = version + 1, updated_at = @now, updated_by = @actor WHERE id = @id`,
      params
    )
    if (r.changes !== 1) return undefined
  }
  return getCamera(sql, id)
}

export async function insertCamera(
  sql: Sql,
  c: CameraFields,
  actor: string | null,
  now: number
): Promise<Camera> {
  const row = await sql.get<{ id: number }>(`${INSERT_CAMERA} RETURNING id`, {
    ...cameraParams(c),
    now,
    actor
  })
  return (await getCamera(sql, row!.id))!
}

export function setArchived(
  sql: Sql,
  ids: readonly number[],
  archived: boolean,
  actor: string | null,
  now: number
): Promise<number> {
  return runEach(
    sql,
    'UPDATE cameras SET archived = @archived, version = version + 1, updated_at = @now, updated_by = @actor WHERE id = @id AND archived != @archived',
    ids.map((id) => ({ id, archived: archived ? 1 : 0, now, actor }))
  )
}

export async function deleteCameraRow(sql: Sql, id: number): Promise<boolean> {
  return (await sql.run('DELETE FROM cameras WHERE id = ?', [id])).changes === 1
}

/** Tables whose rows belong to the camera and go with it (not references that keep it alive). */
const OWNED_TABLES = new Set(['cameras', 'camera_group_members', 'camera_status_history'])

type RefColumn = { table: string; column: 'camera_id' | 'camera_code' }
const refColumnsCache = new WeakMap<Sql, { schemaVersion: number; cols: RefColumn[] }>()

/** Every table's columns, from the dialect's own catalogue. */
async function tableColumns(sql: Sql): Promise<{ table: string; column: string }[]> {
  // a partition's rows are its parent's (sightings by day): only the parent counts
  if (sql.dialect === 'postgres')
    return sql.all(
      `SELECT c.relname AS "table", a.attname AS "column" FROM pg_class c
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
         AND NOT c.relispartition
       ORDER BY c.relname, a.attnum`
    )
  return sql.all(
    `SELECT m.name AS "table", p.name AS "column" FROM sqlite_master m, pragma_table_info(m.name) p
     WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`
  )
}

/**
 * Every (table, column) that can point at a camera, found in the live schema:
 * incidents, recordings and sightings are built by different features (and
 * migrations), so rather than a fixed list, any table with a `camera_id` or
 * `camera_code` column counts. Cached per schema version on SQLite; read
 * each time on PostgreSQL, whose schema has no such counter (removing a
 * camera is rare).
 */
export async function cameraReferenceColumns(sql: Sql): Promise<RefColumn[]> {
  const schemaVersion =
    sql.dialect === 'sqlite' ? await value<number>(sql, 'PRAGMA schema_version') : undefined
  const hit = refColumnsCache.get(sql)
  if (hit && schemaVersion !== undefined && hit.schemaVersion === schemaVersion) return hit.cols
  const cols: RefColumn[] = []
  for (const { table, column: name } of await tableColumns(sql)) {
    if (OWNED_TABLES.has(table)) continue
    const c = name.toLowerCase()
    if (c === 'camera_id' || c === 'camera_code') cols.push({ table, column: c })
  }
  if (schemaVersion !== undefined) refColumnsCache.set(sql, { schemaVersion, cols })
  return cols
}

/**
 * What references a camera: table → number of rows. System events about the
 * camera itself (went offline…) count too, since deleting the camera would
 * orphan the log.
 */
export async function findCameraReferences(
  sql: Sql,
  camera: Pick<Camera, 'id' | 'code'>
): Promise<CameraReferences> {
  const out: CameraReferences = {}
  for (const { table, column: col } of await cameraReferenceColumns(sql)) {
    const key = col === 'camera_id' ? camera.id : camera.code
    const n = Number(
      await value<number>(
        sql,
        `SELECT COUNT(*) AS n FROM (SELECT 1 FROM "${table.replace(/"/g, '""')}" WHERE ${col} = ? LIMIT 1000) r`,
        [key]
      )
    )
    if (n > 0) out[table] = (out[table] ?? 0) + n
  }
  return out
}

// --- blocks and communities --------------------------------------------------

/** Names every block and community the cameras use (new names from imports and edits). */
export async function syncBlocksAndCommunities(sql: Sql, now: number): Promise<void> {
  // CAST: PostgreSQL cannot infer a parameter's type from a select list
  await sql.run(
    `INSERT INTO blocks (name, created_at)
     SELECT DISTINCT block, CAST(@now AS BIGINT) FROM cameras
     WHERE block IS NOT NULL AND block NOT IN (SELECT name FROM blocks)`,
    { now }
  )
  await sql.run(
    `INSERT INTO communities (name, block_id, created_at)
     SELECT g.community, b.id, CAST(@now AS BIGINT)
     FROM (SELECT community, MIN(block) AS block FROM cameras
           WHERE community IS NOT NULL AND community NOT IN (SELECT name FROM communities) GROUP BY community) g
     LEFT JOIN blocks b ON b.name = g.block`,
    { now }
  )
}

/** Blocks or communities with how many cameras in service use each name. */
const TAXONOMY_SELECT = (table: 'blocks' | 'communities', camerasColumn: string, extra = '') =>
  `SELECT t.id, t.name${extra},
     (SELECT COUNT(*) FROM cameras c WHERE c.${camerasColumn} = t.name AND c.archived = 0) AS "cameraCount"
   FROM ${table} t ORDER BY t.name`

export function listBlocks(sql: Sql): Promise<Block[]> {
  return sql.all<Block>(TAXONOMY_SELECT('blocks', 'block'))
}

export function listCommunities(sql: Sql): Promise<Community[]> {
  return sql.all<Community>(
    TAXONOMY_SELECT('communities', 'community', ', t.block_id AS "blockId"')
  )
}

// --- groups ------------------------------------------------------------------

export async function listGroups(sql: Sql): Promise<CameraGroup[]> {
  const groups = await sql.all<Omit<CameraGroup, 'cameraIds'>>(
    'SELECT id, name, color FROM camera_groups ORDER BY name'
  )
  const members = await sql.all<{ g: number; c: number }>(
    'SELECT group_id AS g, camera_id AS c FROM camera_group_members ORDER BY camera_id'
  )
  const byGroup = new Map<number, number[]>()
  for (const m of members) {
    let a = byGroup.get(m.g)
    if (!a) byGroup.set(m.g, (a = []))
    a.push(m.c)
  }
  return groups.map((g) => ({ ...g, cameraIds: byGroup.get(g.id) ?? [] }))
}

export async function insertGroup(
  sql: Sql,
  g: { name: string; color: string | null },
  actor: string | null,
  now: number
): Promise<CameraGroup> {
  const row = await sql.get<Omit<CameraGroup, 'cameraIds'>>(
    'INSERT INTO camera_groups (name, color, created_at, created_by) VALUES (@name, @color, @now, @actor) RETURNING id, name, color',
    { name: g.name, color: g.color, now, actor }
  )
  return { ...row!, cameraIds: [] }
}

export function getGroupName(sql: Sql, id: number): Promise<string | undefined> {
  return value<string>(sql, 'SELECT name FROM camera_groups WHERE id = ?', [id])
}

export async function deleteGroup(sql: Sql, id: number): Promise<boolean> {
  return (await sql.run('DELETE FROM camera_groups WHERE id = ?', [id])).changes === 1
}

const MEMBERSHIP = {
  add: 'INSERT INTO camera_group_members (group_id, camera_id) VALUES (?, ?) ON CONFLICT DO NOTHING',
  remove: 'DELETE FROM camera_group_members WHERE group_id = ? AND camera_id = ?'
} as const

/** Puts cameras into a group or takes them out; how many memberships changed. */
function changeGroupMembers(
  sql: Sql,
  change: keyof typeof MEMBERSHIP,
  groupId: number,
  cameraIds: readonly number[]
): Promise<number> {
  return runEach(
    sql,
    MEMBERSHIP[change],
    cameraIds.map((c) => [groupId, c])
  )
}

export const addGroupMembers = (sql: Sql, groupId: number, cameraIds: readonly number[]) =>
  changeGroupMembers(sql, 'add', groupId, cameraIds)

export const removeGroupMembers = (sql: Sql, groupId: number, cameraIds: readonly number[]) =>
  changeGroupMembers(sql, 'remove', groupId, cameraIds)

// --- status history ----------------------------------------------------------

const STATUS_CHANGE_COLUMNS = 'id, camera_id AS "cameraId", at, status, previous, detail'

export async function appendStatusChange(
  sql: Sql,
  c: Omit<StatusChange, 'id'>
): Promise<StatusChange> {
  const row = await sql.get<StatusChange>(
    `INSERT INTO camera_status_history (camera_id, at, status, previous, detail)
     VALUES (@cameraId, @at, @status, @previous, @detail) RETURNING ${STATUS_CHANGE_COLUMNS}`,
    { cameraId: c.cameraId, at: c.at, status: c.status, previous: c.previous, detail: c.detail }
  )
  return row!
}

export function listStatusHistory(
  sql: Sql,
  cameraId: number,
  limit: number
): Promise<StatusChange[]> {
  return sql.all<StatusChange>(
    `SELECT ${STATUS_CHANGE_COLUMNS} FROM camera_status_history
     WHERE camera_id = ? ORDER BY at DESC, id DESC LIMIT ?`,
    [cameraId, limit]
  )
}

/** Sets the probed status and last-seen time of many cameras, in one transaction. */
export function recordProbeResults(
  sql: Sql,
  results: readonly { id: number; status: CameraStatus; seenAt: number | null }[]
): Promise<void> {
  return sql.tx(async (t) => {
    await runEach(
      t,
      'UPDATE cameras SET status = @status, last_seen_at = COALESCE(@seenAt, last_seen_at) WHERE id = @id',
      results.map((r) => ({ id: r.id, status: r.status, seenAt: r.seenAt }))
    )
  })
}
