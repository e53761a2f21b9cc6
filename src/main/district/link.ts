import { readFile } from 'node:fs/promises'
import type { IncomingMessage } from 'node:http'
import path from 'node:path'
import { hostname } from 'node:os'
import type { Duplex } from 'node:stream'
import type { LiveStreamKind } from '../../shared/domain/live'
import type { Sql } from '../db/sql'
import type { LiveSource } from '../live/service'
import type { LiveSocketServer } from '../live/socket'
import {
  ROOM_CREDENTIAL_HEADER,
  roomCredential,
  roomLinkKey,
  verifyRoomCredential
} from './credential'
import { getAttachment } from '../incidents/repository'
import { attachmentRoomOf, registerRoom, servingRoomOf, touchRoom } from './rooms'

/** The path of a room server's live socket for the other rooms of its district. */
export const ROOM_LIVE_PATH = '/district/live/ws'
/** `<path>/<attachment id>`: an incident attachment's file, for the other rooms of the district. */
export const ROOM_ATTACHMENTS_PATH = '/district/attachments/'
/** How long a room waits for another room's file. */
const FETCH_TIMEOUT_MS = 15_000
/** How often a running room says it is alive (rooms.last_seen_ms). */
const HEARTBEAT_MS = 30_000

/** One relayed stream another room holds open on this room's server. */
export type RoomRelay = { room: string; camera: number; stream: string }

export type RoomLink = {
  /** this room's id (room.id in the data directory) */
  id: string
  /** puts the room in the district's directory under the URL other rooms reach it at */
  register(publicUrl: string, name?: string): Promise<void>
  /**
   * Where this room's live service reads a camera another room serves (that
   * room's live socket, with a fresh credential); undefined: this room
   * connects to the camera itself.
   */
  sourceOf(cameraId: number, kind: LiveStreamKind): Promise<LiveSource | undefined>
  /** the asking room's id when the request carries a valid room credential, else null */
  authenticate(req: IncomingMessage): string | null
  /** takes over an upgrade on ROOM_LIVE_PATH: refused without a room credential */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void
  /** the streams other rooms hold open here now */
  relays(): RoomRelay[]
  /** the bytes of an attachment file in this room's folder (for another room); null: not here */
  attachmentFile(attachmentId: number): Promise<Buffer | null>
  /** an attachment another room stored, from that room's server; null: no room has it */
  fetchAttachment(attachmentId: number): Promise<Buffer | null>
  close(): void
}

/**
 * A room server's part in a district's rooms: its entry in the room
 * directory, and video between rooms. A room asks the room that serves a
 * camera for it, so a camera has one connection per district, from its room;
 * the asking room's live service keeps one upstream per camera however many
 * of its tiles watch it, so the serving room sees one relay per asking room.
 */
export function createRoomLink(opts: {
  sql: Sql
  /** the room's id (room.id in its data directory) */
  roomId: string
  auditKey: Buffer
  /** the room server's pool application_name (cameras registered through it default to this room) */
  origin: string
  sockets: () => LiveSocketServer
  attachmentsDir: string
  now: () => number
  log: (msg: string) => void
}): RoomLink {
  const id = opts.roomId
  const key = roomLinkKey(opts.auditKey)
  const relays = new Set<RoomRelay>()
  let heartbeat: NodeJS.Timeout | null = null

  const authenticate = (req: IncomingMessage) =>
    verifyRoomCredential(key, req.headers[ROOM_CREDENTIAL_HEADER], opts.now())

  return {
    id,
    async register(publicUrl, name) {
      await registerRoom(opts.sql, {
        id,
        name: name ?? hostname(),
        publicUrl,
        origin: opts.origin,
        nowMs: opts.now()
      })
      heartbeat ??= setInterval(() => {
        touchRoom(opts.sql, id, opts.now()).catch((err: unknown) =>
          opts.log(`room heartbeat failed: ${String(err)}`)
        )
      }, HEARTBEAT_MS)
      heartbeat.unref()
    },
    async sourceOf(cameraId, kind) {
      const room = await servingRoomOf(opts.sql, cameraId)
      if (!room || room.id === id) return undefined
      const base = new URL(room.publicUrl)
      const url = new URL(ROOM_LIVE_PATH, base)
      url.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:'
      url.search = new URLSearchParams({ camera: String(cameraId), stream: kind }).toString()
      return {
        url: `room+${url.toString()}`,
        headers: { [ROOM_CREDENTIAL_HEADER]: roomCredential(key, id, opts.now()) }
      }
    },
    authenticate,
    handleUpgrade(req, socket, head) {
      const room = authenticate(req)
      if (!room) {
        socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
        return
      }
      const q = new URL(req.url ?? '/', 'http://x').searchParams
      const relay: RoomRelay = {
        room,
        camera: Number(q.get('camera')),
        stream: q.get('stream') ?? ''
      }
      relays.add(relay)
      socket.once('close', () => relays.delete(relay))
      // a room's credential is checked once: the relay lasts as long as the asking room holds it
      opts.sockets().handleUpgrade(req, socket, head, () => true)
    },
    relays: () => [...relays],
    async attachmentFile(attachmentId) {
      const att = await getAttachment(opts.sql, attachmentId)
      if (!att) return null
      const dir = path.resolve(opts.attachmentsDir)
      const full = path.resolve(dir, att.relPath)
      if (!full.startsWith(dir + path.sep)) return null
      return readFile(full).catch(() => null)
    },
    async fetchAttachment(attachmentId) {
      const room = await attachmentRoomOf(opts.sql, attachmentId)
      if (!room || room.id === id) return null
      const url = new URL(`${ROOM_ATTACHMENTS_PATH}${attachmentId}`, room.publicUrl)
      try {
        const res = await fetch(url, {
          headers: { [ROOM_CREDENTIAL_HEADER]: roomCredential(key, id, opts.now()) },
          signal: AbortSignal.timeout(FETCH_TIMEOUT_MS)
        })
        if (!res.ok) {
          opts.log(`attachment ${attachmentId} from room ${room.id}: HTTP ${res.status}`)
          return null
        }
        return Buffer.from(await res.arrayBuffer())
      } catch (err) {
        // the other room is down or unreachable: the attachment is missing here, as said to the user
        opts.log(`attachment ${attachmentId} from room ${room.id}: ${String(err)}`)
        return null
      }
    },
    close() {
      if (heartbeat) clearInterval(heartbeat)
      heartbeat = null
    }
  }
}
