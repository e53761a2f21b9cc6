import type { Sql } from '../db/sql'
import { rowReader } from '../db/rows'
import type { SecretBox } from '../security/secretBox'

/**
 * A device password as the column keeps it: sealed by the room's secret box
 * (`sealed:<base64>`), or in clear in links written before passwords were
 * sealed and by callers without a box (tests).
 */
const SEALED = 'sealed:'
const sealPassword = (password: string, secrets?: SecretBox) =>
  secrets ? SEALED + secrets.seal(password).toString('base64') : password
function openPassword(stored: string, secrets?: SecretBox): string {
  if (!stored.startsWith(SEALED)) return stored
  if (!secrets) return ''
  try {
    return secrets.open(Buffer.from(stored.slice(SEALED.length), 'base64'))
  } catch {
    // sealed by a box this process cannot use: the device then refuses the login, and says so
    return ''
  }
}

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

const toLink = (r: LinkRow, secrets?: SecretBox): StoredLink => ({
  cameraId: r.camera_id,
  xaddr: r.xaddr,
  username: r.username,
  password: openPassword(r.password, secrets),
  profileToken: r.profile_token,
  ptz: r.ptz === 1,
  snapshotUri: r.snapshot_uri
})

export async function upsertOnvifLink(
  sql: Sql,
  l: StoredLink,
  meta: { now: number; actor: string | null; secrets?: SecretBox }
): Promise<StoredLink> {
  const row = await sql.get<LinkRow>(
    `INSERT INTO onvif_links (camera_id, xaddr, username, password, profile_token, ptz, snapshot_uri, updated_at, updated_by)
     VALUES (@cameraId, @xaddr, @username, @password, @profileToken, @ptz, @snapshotUri, @now, @actor)
     ON CONFLICT (camera_id) DO UPDATE SET xaddr = excluded.xaddr, username = excluded.username,
       password = excluded.password, profile_token = excluded.profile_token, ptz = excluded.ptz,
       snapshot_uri = excluded.snapshot_uri, updated_at = excluded.updated_at, updated_by = excluded.updated_by
     RETURNING *`,
    {
      cameraId: l.cameraId,
      xaddr: l.xaddr,
      username: l.username,
      password: sealPassword(l.password, meta.secrets),
      profileToken: l.profileToken,
      ptz: l.ptz ? 1 : 0,
      snapshotUri: l.snapshotUri,
      now: meta.now,
      actor: meta.actor
    }
  )
  return toLink(row!, meta.secrets)
}

export function getOnvifLink(
  sql: Sql,
  cameraId: number,
  secrets?: SecretBox
): Promise<StoredLink | undefined> {
  return rowReader((r: LinkRow) => toLink(r, secrets)).get(
    sql,
    'SELECT * FROM onvif_links WHERE camera_id = ?',
    [cameraId]
  )
}

/** Seals device passwords stored in clear (links from before 0011); returns how many. */
export function sealClearOnvifPasswords(sql: Sql, secrets: SecretBox): Promise<number> {
  return sql.tx(async (t) => {
    const rows = await t.all<{ camera_id: number; password: string }>(
      `SELECT camera_id, password FROM onvif_links WHERE password NOT LIKE '${SEALED}%'`
    )
    for (const r of rows)
      await t.run('UPDATE onvif_links SET password = ? WHERE camera_id = ?', [
        sealPassword(r.password, secrets),
        r.camera_id
      ])
    return rows.length
  })
}

/** Links of cameras that are not archived; their passwords are not opened (the list never needs them). */
export function listOnvifLinks(sql: Sql): Promise<StoredLink[]> {
  return rowReader((r: LinkRow) => toLink(r)).all(
    sql,
    `SELECT l.* FROM onvif_links l JOIN cameras c ON c.id = l.camera_id
     WHERE c.archived = 0 ORDER BY l.camera_id`
  )
}
