/**
 * Camera stream credentials: kept in the camera's record (user name, sealed
 * password), never in its stream URL. A URL that arrives with a user name and
 * password (`rtsp://user:pass@host/…`, what cameras and NVRs hand out) has
 * them moved into the record when it is saved or imported; main puts them
 * back only into the URL it gives ffmpeg.
 */
import type { Sql } from '../db/sql'
import type { SecretBox } from '../security/secretBox'
import {
  getCameraCredentials,
  listCamerasWithUrlCredentials,
  setCameraCredentials,
  setCameraStreamUrls
} from './repository'

export type StreamCredentials = { user: string; password: string }

const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)/

function decode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    // a stray % in a typed password is part of the password
    return part
  }
}

/**
 * Splits the user name and password off a URL. The authority ends at the
 * first `/`, `?` or `#`, and the user info at its last `@`, so a password
 * with a bare `@` (common on cameras) still comes off whole. Nothing else of
 * the URL changes.
 */
export function splitUrlCredentials(url: string): {
  url: string
  credentials: StreamCredentials | null
} {
  const scheme = SCHEME_RE.exec(url)?.[1]
  if (!scheme) return { url, credentials: null }
  const rest = url.slice(scheme.length)
  const stop = rest.search(/[/?#]/)
  const authority = stop < 0 ? rest : rest.slice(0, stop)
  const at = authority.lastIndexOf('@')
  if (at < 0) return { url, credentials: null }
  const userinfo = authority.slice(0, at)
  const colon = userinfo.indexOf(':')
  const user = decode(colon < 0 ? userinfo : userinfo.slice(0, colon))
  const password = colon < 0 ? '' : decode(userinfo.slice(colon + 1))
  return {
    url: scheme + authority.slice(at + 1) + (stop < 0 ? '' : rest.slice(stop)),
    credentials: user || password ? { user, password } : null
  }
}

/** The URL ffmpeg opens: the stored credentials put back as percent-encoded user info. */
export function withUrlCredentials(url: string, credentials: StreamCredentials | null): string {
  if (!credentials) return url
  const { url: bare } = splitUrlCredentials(url)
  const scheme = SCHEME_RE.exec(bare)?.[1]
  if (!scheme) return url
  const password = credentials.password ? `:${encodeURIComponent(credentials.password)}` : ''
  return `${scheme}${encodeURIComponent(credentials.user)}${password}@${bare.slice(scheme.length)}`
}

/**
 * Takes the credentials off a camera's stream URLs: the main stream's, or
 * the sub-stream's when the main stream has none (cameras use one account
 * for both).
 */
export function takeUrlCredentials<
  T extends { streamUrl?: string | null; subStreamUrl?: string | null }
>(fields: T): { fields: T; credentials: StreamCredentials | null } {
  const main = fields.streamUrl ? splitUrlCredentials(fields.streamUrl) : null
  const sub = fields.subStreamUrl ? splitUrlCredentials(fields.subStreamUrl) : null
  if (!main?.credentials && !sub?.credentials) return { fields, credentials: null }
  return {
    fields: {
      ...fields,
      ...(main ? { streamUrl: main.url } : {}),
      ...(sub ? { subStreamUrl: sub.url } : {})
    },
    credentials: main?.credentials ?? sub?.credentials ?? null
  }
}

/** Stores credentials in a camera's record, the password sealed (an empty one clears it). */
export function storeCredentials(
  sql: Sql,
  box: SecretBox,
  where: { id: number } | { code: string },
  credentials: { user: string | null; password: string | null }
): Promise<boolean> {
  return setCameraCredentials(
    sql,
    where,
    credentials.user || null,
    credentials.password ? box.seal(credentials.password) : null
  )
}

/**
 * A camera's credentials in clear, for the URL main opens; null when it has
 * none, or when they cannot be opened here (sealed by another machine's
 * keychain): the camera then answers 401 and its tile says so.
 */
export async function credentialsFor(
  sql: Sql,
  box: SecretBox,
  cameraId: number,
  log?: (msg: string) => void
): Promise<StreamCredentials | null> {
  const stored = await getCameraCredentials(sql, cameraId)
  if (!stored || (!stored.user && !stored.sealedPassword)) return null
  let password = ''
  if (stored.sealedPassword) {
    try {
      password = box.open(stored.sealedPassword)
    } catch (err) {
      log?.(
        `camera ${cameraId}: its stream password cannot be opened (${err instanceof Error ? err.message : String(err)})`
      )
    }
  }
  return { user: stored.user ?? '', password }
}

/**
 * Rooms from before credentials had a field of their own kept them in the
 * stream URLs: move them into the record, sealed, in one transaction.
 * Returns how many cameras changed.
 */
export function moveUrlCredentials(sql: Sql, box: SecretBox): Promise<number> {
  return sql.tx(async (t) => {
    let moved = 0
    for (const row of await listCamerasWithUrlCredentials(t)) {
      const taken = takeUrlCredentials({
        streamUrl: row.stream_url,
        subStreamUrl: row.sub_stream_url
      })
      if (!taken.credentials) continue
      await setCameraStreamUrls(
        t,
        row.id,
        taken.fields.streamUrl ?? null,
        taken.fields.subStreamUrl ?? null
      )
      await storeCredentials(t, box, { id: row.id }, taken.credentials)
      moved++
    }
    return moved
  })
}
