import type { ReadableDb, WritableDb } from '../db/database'

/** A camera's ONVIF device link as stored, with the account (main only). */
export type StoredLink = {
  cameraId: number
  xaddr: string
  username: string
  password: string
  profileToken: string
  ptz: boolean
  snapshotUri: string | null
}

type LinkRow = {
  camera_id: number
  xaddr: string
  username: string
  password: string
  profile_token: string
  ptz: number
  snapshot_uri: string | null
}

const toLink = (r: LinkRow): StoredLink => ({
  cameraId: r.camera_id,
  xaddr: r.xaddr,
  username: r.username,
  password: r.password,
  profileToken: r.profile_token,
  ptz: r.ptz === 1,
  snapshotUri: r.snapshot_uri
})

export function upsertOnvifLink(
  db: WritableDb,
  l: StoredLink,
  meta: { now: number; actor: string | null }
): StoredLink {
  const row = db
    .prepare(
      `INSERT INTO onvif_links (camera_id, xaddr, username, password, profile_token, ptz, snapshot_uri, updated_at, updated_by)
       VALUES (@cameraId, @xaddr, @username, @password, @profileToken, @ptz, @snapshotUri, @now, @actor)
       ON CONFLICT (camera_id) DO UPDATE SET xaddr = excluded.xaddr, username = excluded.username,
         password = excluded.password, profile_token = excluded.profile_token, ptz = excluded.ptz,
         snapshot_uri = excluded.snapshot_uri, updated_at = excluded.updated_at, updated_by = excluded.updated_by
       RETURNING *`
    )
    .get({ ...l, ptz: l.ptz ? 1 : 0, now: meta.now, actor: meta.actor }) as LinkRow
  return toLink(row)
}

export function getOnvifLink(db: ReadableDb, cameraId: number): StoredLink | undefined {
  const r = db.prepare('SELECT * FROM onvif_links WHERE camera_id = ?').get(cameraId) as
    LinkRow | undefined
  return r && toLink(r)
}

/** Links of cameras that are not archived. */
export function listOnvifLinks(db: ReadableDb): StoredLink[] {
  return (
    db
      .prepare(
        `SELECT l.* FROM onvif_links l JOIN cameras c ON c.id = l.camera_id
         WHERE c.archived = 0 ORDER BY l.camera_id`
      )
      .all() as LinkRow[]
  ).map(toLink)
}
