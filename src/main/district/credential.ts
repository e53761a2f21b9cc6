import { createHmac, timingSafeEqual } from 'node:crypto'

/** The header a room server sends when it asks another room's server for a camera or a file. */
export const ROOM_CREDENTIAL_HEADER = 'x-watchroom-room'

/** A credential older or newer than this (clock skew between rooms included) is refused. */
const MAX_SKEW_MS = 120_000

/**
 * The room-to-room key, derived from the district's audit key (every room
 * holds the same audit.key) so that the audit key itself MACs nothing but
 * the audit chain.
 */
export function roomLinkKey(auditKey: Buffer): Buffer {
  return createHmac('sha256', auditKey).update('watchroom room-to-room v1').digest()
}

const mac = (key: Buffer, roomId: string, atMs: number): Buffer =>
  createHmac('sha256', key).update(`${roomId}\n${atMs}`).digest()

/** `ROOM.MS.HMAC`: which room asks, when, and the proof that it holds the district's key. */
export function roomCredential(key: Buffer, roomId: string, atMs: number): string {
  return `${encodeURIComponent(roomId)}.${atMs}.${mac(key, roomId, atMs).toString('base64url')}`
}

/** The asking room's id, or null: malformed, another key, or outside the time window. */
export function verifyRoomCredential(
  key: Buffer,
  header: string | string[] | undefined,
  nowMs: number
): string | null {
  if (typeof header !== 'string') return null
  const m = /^([^.]{1,200})\.(\d{1,16})\.([A-Za-z0-9_-]{43})$/.exec(header)
  if (!m) return null
  let roomId: string
  try {
    roomId = decodeURIComponent(m[1] ?? '')
  } catch {
    return null
  }
  const atMs = Number(m[2])
  if (!roomId || Math.abs(nowMs - atMs) > MAX_SKEW_MS) return null
  const given = Buffer.from(m[3] ?? '', 'base64url')
  const want = mac(key, roomId, atMs)
  return given.length === want.length && timingSafeEqual(given, want) ? roomId : null
}
