import type { ReadableDb, WritableDb } from '../db/database'
import type { Camera, CameraFields, CameraStatus } from '../../shared/domain/camera'
import { upsertEach } from '../db/upsert'

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

function toParams(c: CameraFields): Record<string, string | number | null> {
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

export function listCameras(db: ReadableDb, opts: { includeArchived?: boolean } = {}): Camera[] {
  const sql = opts.includeArchived
    ? 'SELECT * FROM cameras ORDER BY code'
    : 'SELECT * FROM cameras WHERE archived = 0 ORDER BY code'
  return (db.prepare(sql).all() as CameraRow[]).map(toCamera)
}

export function getCameraByCode(db: ReadableDb, code: string): Camera | undefined {
  const row = db.prepare('SELECT * FROM cameras WHERE code = ?').get(code) as CameraRow | undefined
  return row && toCamera(row)
}

export function getCamera(db: ReadableDb, id: number): Camera | undefined {
  const row = db.prepare('SELECT * FROM cameras WHERE id = ?').get(id) as CameraRow | undefined
  return row && toCamera(row)
}

export function listCameraCodes(db: ReadableDb): Set<string> {
  return new Set((db.prepare('SELECT code FROM cameras').pluck().all() as string[]).values())
}

/**
 * Inserts new codes and updates existing ones (a re-import of the same file
 * updates by `code` instead of duplicating). Call inside a transaction.
 */
export function upsertCameras(
  db: WritableDb,
  cameras: readonly CameraFields[],
  actor: string | null,
  now: number
): { added: number; updated: number } {
  return upsertEach(cameras, {
    exists: db.prepare('SELECT 1 FROM cameras WHERE code = ?').pluck(),
    insert: db.prepare(
      `INSERT INTO cameras (code, name, lat, lng, heading_deg, fov_deg, anpr, stream_url, sub_stream_url,
       block, community, kind, owner, notes, created_at, updated_at, created_by, updated_by)
     VALUES (@code, @name, @lat, @lng, @heading_deg, @fov_deg, @anpr, @stream_url, @sub_stream_url,
       @block, @community, @kind, @owner, @notes, @now, @now, @actor, @actor)`
    ),
    update: db.prepare(
      `UPDATE cameras SET name = @name, lat = @lat, lng = @lng, heading_deg = @heading_deg, fov_deg = @fov_deg,
       anpr = @anpr, stream_url = @stream_url, sub_stream_url = @sub_stream_url, block = @block,
       community = @community, kind = @kind, owner = @owner, notes = @notes, archived = 0,
       version = version + 1, updated_at = @now, updated_by = @actor
     WHERE code = @code`
    ),
    key: (c) => c.code,
    params: (c) => ({ ...toParams(c), now, actor })
  })
}

/** Records a probed status; returns the previous one when it changed. */
export function setCameraStatus(
  db: WritableDb,
  id: number,
  status: CameraStatus,
  now: number
): { previous: CameraStatus } | null {
  const prev = db.prepare('SELECT status FROM cameras WHERE id = ?').pluck().get(id) as
    CameraStatus | undefined
  if (prev === undefined) return null
  const lastSeen = status === 'online' || status === 'degraded' ? now : null
  db.prepare(
    'UPDATE cameras SET status = @status, last_seen_at = COALESCE(@lastSeen, last_seen_at) WHERE id = @id'
  ).run({ id, status, lastSeen })
  return prev === status ? null : { previous: prev }
}

export function countCamerasByStatus(db: ReadableDb): Record<CameraStatus, number> {
  const rows = db
    .prepare('SELECT status, COUNT(*) AS n FROM cameras WHERE archived = 0 GROUP BY status')
    .all() as { status: CameraStatus; n: number }[]
  const out: Record<CameraStatus, number> = { unknown: 0, online: 0, degraded: 0, offline: 0 }
  for (const r of rows) out[r.status] = r.n
  return out
}

/** A camera's stream user name and sealed password, as stored (never sent anywhere as they are). */
export function getCameraCredentials(
  db: ReadableDb,
  id: number
): { user: string | null; sealedPassword: Buffer | null } | undefined {
  const row = db
    .prepare('SELECT stream_user, stream_password FROM cameras WHERE id = ?')
    .get(id) as Pick<CameraRow, 'stream_user' | 'stream_password'> | undefined
  return row && { user: row.stream_user, sealedPassword: row.stream_password }
}

/** Sets (or with nulls clears) a camera's stream credentials; false when there is no such camera. */
export function setCameraCredentials(
  db: WritableDb,
  where: { id: number } | { code: string },
  user: string | null,
  sealedPassword: Buffer | null
): boolean {
  const params = { user, password: sealedPassword }
  const r =
    'id' in where
      ? db
          .prepare(
            'UPDATE cameras SET stream_user = @user, stream_password = @password WHERE id = @id'
          )
          .run({ ...params, id: where.id })
      : db
          .prepare(
            'UPDATE cameras SET stream_user = @user, stream_password = @password WHERE code = @code'
          )
          .run({ ...params, code: where.code })
  return r.changes === 1
}

/** Cameras whose stream URLs still carry a user name or password (rooms from before 0011). */
export function listCamerasWithUrlCredentials(
  db: ReadableDb
): { id: number; stream_url: string | null; sub_stream_url: string | null }[] {
  return db
    .prepare(
      `SELECT id, stream_url, sub_stream_url FROM cameras
       WHERE stream_url GLOB '*://*@*' OR sub_stream_url GLOB '*://*@*'`
    )
    .all() as { id: number; stream_url: string | null; sub_stream_url: string | null }[]
}

/** Replaces a camera's stream URLs as they are (no version bump: the camera itself did not change). */
export function setCameraStreamUrls(
  db: WritableDb,
  id: number,
  streamUrl: string | null,
  subStreamUrl: string | null
): void {
  db.prepare('UPDATE cameras SET stream_url = ?, sub_stream_url = ? WHERE id = ?').run(
    streamUrl,
    subStreamUrl,
    id
  )
}

/** A technician's mark (offline for maintenance…): the status only, unlike a probe's result. */
export function overrideCameraStatus(db: WritableDb, id: number, status: CameraStatus): void {
  db.prepare('UPDATE cameras SET status = ? WHERE id = ?').run(status, id)
}

/** What the health prober checks: every camera in service with its streams, by id. */
export function listProbeTargets(db: ReadableDb): {
  id: number
  code: string
  streamUrl: string | null
  subStreamUrl: string | null
  status: CameraStatus
}[] {
  return db
    .prepare(
      'SELECT id, code, stream_url AS streamUrl, sub_stream_url AS subStreamUrl, status FROM cameras WHERE archived = 0 ORDER BY id'
    )
    .all() as ReturnType<typeof listProbeTargets>
}

/** Block and community of the camera in service nearest to a point (equirectangular distance). */
export function nearestCameraBlock(
  db: ReadableDb,
  lat: number,
  lng: number
): { block: string | null; community: string | null } {
  const k = Math.cos((lat * Math.PI) / 180)
  const r = db
    .prepare(
      `SELECT block, community FROM cameras WHERE archived = 0 AND block IS NOT NULL
       ORDER BY (lat - @lat) * (lat - @lat) + ((lng - @lng) * @k) * ((lng - @lng) * @k) LIMIT 1`
    )
    .get({ lat, lng, k }) as { block: string | null; community: string | null } | undefined
  return r ?? { block: null, community: null }
}
