import type { Sql } from '../db/sql'
import { column, value } from '../db/sql'
import type { Camera, CameraFields, CameraStatus } from '../../shared/domain/camera'
import { upsertEach } from '../db/upsert'
import { rowReader } from '../db/rows'

type CameraRow = {
  id: number
  code: string
  name: string
  lat: number
  lng: number
  heading_deg: number | null
  fov_deg: number | null
  anpr: number
  stream_url: string | null
  sub_stream_url: string | null
  block: string | null
  community: string | null
  kind: string | null
  owner: 'public' | 'social' | null
  notes: string | null
  status: CameraStatus
  last_seen_at: number | null
  archived: number
  created_at: number
  updated_at: number
  created_by: string | null
  updated_by: string | null
  stream_user: string | null
  stream_password: Buffer | null
}

function toCamera(r: CameraRow): Camera {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    lat: r.lat,
    lng: r.lng,
    headingDeg: r.heading_deg,
    fovDeg: r.fov_deg,
    anpr: r.anpr === 1,
    streamUrl: r.stream_url,
    subStreamUrl: r.sub_stream_url,
    block: r.block,
    community: r.community,
    kind: r.kind,
    owner: r.owner,
    notes: r.notes,
    status: r.status,
    lastSeenAt: r.last_seen_at,
    archived: r.archived === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    createdBy: r.created_by,
    updatedBy: r.updated_by,
    streamUser: r.stream_user,
    streamPasswordSet: r.stream_password !== null
  }
}

const cameraRows = rowReader(toCamera)

/** A camera's fields as the named parameters of the statements below (snake_case columns). */
export function cameraParams(c: CameraFields): Record<string, string | number | null> {
  return {
    code: c.code,
    name: c.name,
    lat: c.lat,
    lng: c.lng,
    heading_deg: c.headingDeg,
    fov_deg: c.fovDeg,
    anpr: c.anpr ? 1 : 0,
    stream_url: c.streamUrl,
    sub_stream_url: c.subStreamUrl,
    block: c.block,
    community: c.community,
    kind: c.kind,
    owner: c.owner,
    notes: c.notes
  }
}

/**
 * A new camera row; the import's upsert and a single create share it.
 * Params: {@link cameraParams} plus `now` and `actor`.
 */
export const INSERT_CAMERA = `INSERT INTO cameras (code, name, lat, lng, heading_deg, fov_deg, anpr, stream_url,
    sub_stream_url, block, community, kind, owner, notes, created_at, updated_at, created_by, updated_by)
  VALUES (@code, @name, @lat, @lng, @heading_deg, @fov_deg, @anpr, @stream_url, @sub_stream_url,
    @block, @community, @kind, @owner, @notes, @now, @now, @actor, @actor)`

export function listCameras(sql: Sql, opts: { includeArchived?: boolean } = {}): Promise<Camera[]> {
  return cameraRows.all(
    sql,
    opts.includeArchived
      ? 'SELECT * FROM cameras ORDER BY code'
      : 'SELECT * FROM cameras WHERE archived = 0 ORDER BY code'
  )
}

export function getCameraByCode(sql: Sql, code: string): Promise<Camera | undefined> {
  return cameraRows.get(sql, 'SELECT * FROM cameras WHERE code = ?', [code])
}

export function getCamera(sql: Sql, id: number): Promise<Camera | undefined> {
  return cameraRows.get(sql, 'SELECT * FROM cameras WHERE id = ?', [id])
}

export async function listCameraCodes(sql: Sql): Promise<Set<string>> {
  return new Set(await column<string>(sql, 'SELECT code FROM cameras'))
}

/**
 * Inserts new codes and updates existing ones (a re-import of the same file
 * updates by `code` instead of duplicating). Call inside a transaction.
 */
export function upsertCameras(
  sql: Sql,
  cameras: readonly CameraFields[],
  actor: string | null,
  now: number
): Promise<{ added: number; updated: number }> {
  return upsertEach(sql, cameras, {
    exists: 'SELECT 1 AS one FROM cameras WHERE code = ?',
    insert: INSERT_CAMERA,
    update: `UPDATE cameras SET name = @name, lat = @lat, lng = @lng, heading_deg = @heading_deg,
       fov_deg = @fov_deg, anpr = @anpr, stream_url = @stream_url, sub_stream_url = @sub_stream_url,
       block = @block, community = @community, kind = @kind, owner = @owner, notes = @notes,
       archived = 0, version = version + 1, updated_at = @now, updated_by = @actor
     WHERE code = @code`,
    key: (c) => c.code,
    params: (c) => ({ ...cameraParams(c), now, actor })
  })
}

/** Records a probed status; returns the previous one when it changed. */
export async function setCameraStatus(
  sql: Sql,
  id: number,
  status: CameraStatus,
  now: number
): Promise<{ previous: CameraStatus } | null> {
  const prev = await value<CameraStatus>(sql, 'SELECT status FROM cameras WHERE id = ?', [id])
  if (prev === undefined) return null
  const lastSeen = status === 'online' || status === 'degraded' ? now : null
  await sql.run(
    'UPDATE cameras SET status = @status, last_seen_at = COALESCE(@lastSeen, last_seen_at) WHERE id = @id',
    { id, status, lastSeen }
  )
  return prev === status ? null : { previous: prev }
}

export async function countCamerasByStatus(sql: Sql): Promise<Record<CameraStatus, number>> {
  const rows = await sql.all<{ status: CameraStatus; n: number }>(
    'SELECT status, COUNT(*) AS n FROM cameras WHERE archived = 0 GROUP BY status'
  )
  const out: Record<CameraStatus, number> = { unknown: 0, online: 0, degraded: 0, offline: 0 }
  for (const r of rows) out[r.status] = r.n
  return out
}

/** A camera's stream user name and sealed password, as stored (never sent anywhere as they are). */
export async function getCameraCredentials(
  sql: Sql,
  id: number
): Promise<{ user: string | null; sealedPassword: Buffer | null } | undefined> {
  const row = await sql.get<Pick<CameraRow, 'stream_user' | 'stream_password'>>(
    'SELECT stream_user, stream_password FROM cameras WHERE id = ?',
    [id]
  )
  return row && { user: row.stream_user, sealedPassword: row.stream_password }
}

/** Sets (or with nulls clears) a camera's stream credentials; false when there is no such camera. */
export async function setCameraCredentials(
  sql: Sql,
  where: { id: number } | { code: string },
  user: string | null,
  sealedPassword: Buffer | null
): Promise<boolean> {
  const [column, key] = 'id' in where ? ['id', where.id] : ['code', where.code]
  const r = await sql.run(
    `UPDATE cameras SET stream_user = @user, stream_password = @password WHERE ${column} = @key`,
    { user, password: sealedPassword, key }
  )
  return r.changes === 1
}

/** Cameras whose stream URLs still carry a user name or password (rooms from before 0011). */
export function listCamerasWithUrlCredentials(
  sql: Sql
): Promise<{ id: number; stream_url: string | null; sub_stream_url: string | null }[]> {
  // no letters in the pattern: LIKE means the same in both dialects here
  return sql.all(
    `SELECT id, stream_url, sub_stream_url FROM cameras
     WHERE stream_url LIKE '%://%@%' OR sub_stream_url LIKE '%://%@%' ORDER BY id`
  )
}

/** Replaces a camera's stream URLs as they are (no version bump: the camera itself did not change). */
export async function setCameraStreamUrls(
  sql: Sql,
  id: number,
  streamUrl: string | null,
  subStreamUrl: string | null
): Promise<void> {
  await sql.run('UPDATE cameras SET stream_url = ?, sub_stream_url = ? WHERE id = ?', [
    streamUrl,
    subStreamUrl,
    id
  ])
}

/** A technician's mark (offline for maintenance…): the status only, unlike a probe's result. */
export async function overrideCameraStatus(
  sql: Sql,
  id: number,
  status: CameraStatus
): Promise<void> {
  await sql.run('UPDATE cameras SET status = ? WHERE id = ?', [status, id])
}

export type ProbeTarget = {
  id: number
  code: string
  streamUrl: string | null
  subStreamUrl: string | null
  status: CameraStatus
}

/** What the health prober checks: every camera in service with its streams, by id. */
export function listProbeTargets(sql: Sql): Promise<ProbeTarget[]> {
  // quoted aliases: PostgreSQL folds unquoted ones to lower case
  return sql.all<ProbeTarget>(
    `SELECT id, code, stream_url AS "streamUrl", sub_stream_url AS "subStreamUrl", status
     FROM cameras WHERE archived = 0 ORDER BY id`
  )
}

/** Block and community of the camera in service nearest to a point (equirectangular distance). */
export async function nearestCameraBlock(
  sql: Sql,
  lat: number,
  lng: number
): Promise<{ block: string | null; community: string | null }> {
  const k = Math.cos((lat * Math.PI) / 180)
  const r = await sql.get<{ block: string | null; community: string | null }>(
    `SELECT block, community FROM cameras WHERE archived = 0 AND block IS NOT NULL
     ORDER BY (lat - @lat) * (lat - @lat) + ((lng - @lng) * @k) * ((lng - @lng) * @k), id LIMIT 1`,
    { lat, lng, k }
  )
  return r ?? { block: null, community: null }
}
