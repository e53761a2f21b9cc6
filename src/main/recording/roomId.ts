/**
 * The room server's identity on a district: which rows of the shared
 * recording index and exports table are this room's (its media lives in its
 * own data directory). Kept in the data directory, not derived from the
 * process, so a restart finds its footage again; a room's own file writes it
 * too, so `watchroom migrate` carries the room's footage under it.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export const ROOM_ID_FILE = 'room.id'

const ROOM_ID_RE = /^[0-9a-f]{32}$/

/** The room id kept in `dir`, or undefined when there is none yet. */
export function readRoomId(dir: string): string | undefined {
  let text: string
  try {
    text = readFileSync(path.join(dir, ROOM_ID_FILE), 'utf8').trim()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  if (!ROOM_ID_RE.test(text))
    throw new Error(`${path.join(dir, ROOM_ID_FILE)} does not hold a room id (32 hex digits)`)
  return text
}

/** The room id kept in `dir`, created on first use. */
export function loadOrCreateRoomId(dir: string): string {
  const existing = readRoomId(dir)
  if (existing) return existing
  const id = randomBytes(16).toString('hex')
  try {
    // exclusive create: of two processes starting on one directory, one id wins
    writeFileSync(path.join(dir, ROOM_ID_FILE), `${id}\n`, { flag: 'wx', mode: 0o600 })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    return readRoomId(dir) ?? id
  }
  return id
}
