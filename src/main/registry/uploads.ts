import { randomUUID } from 'node:crypto'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { open, rm, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import type { ImportProgress } from '../../shared/domain/import'
import { ApiError } from '../../shared/ipc/errors'

/**
 * A registry file on its way in, chunk by chunk (registry:importBegin/Chunk):
 * the main thread only appends each small chunk to a file (0600) while it
 * keeps serving everyone else; parsing, validating and writing happen on the
 * database worker, which reads the file itself. An upload belongs to the
 * session that began it: nobody else can add to it, run it or see it.
 */
export type ImportUpload = {
  id: string
  sessionId: string
  kind: 'cameras' | 'roads'
  fileName: string
  size: number
  received: number
  file: string
  progress: ImportProgress
  /** a preview or commit of it is running */
  running: boolean
  touchedAt: number
}

export type ImportUploads = {
  begin(
    sessionId: string,
    f: { kind: 'cameras' | 'roads'; fileName: string; size: number }
  ): ImportUpload
  append(sessionId: string, id: string, offset: number, bytes: Uint8Array): Promise<number>
  /** the session's upload (not_found for anyone else's, or one gone) */
  get(sessionId: string, id: string): ImportUpload
  /** the session's upload with every byte received, marked running until `release` */
  claim(sessionId: string, id: string): ImportUpload
  release(upload: ImportUpload): void
  discard(sessionId: string, id: string): Promise<void>
  close(): Promise<void>
}

/** An upload nobody touched for this long is dropped with its file. */
const IDLE_MS = 30 * 60_000
/** Uploads one session may hold at once (a preview and a retry, not a disk-filling loop). */
const PER_SESSION = 3

export function createImportUploads(opts: { dir: string; now: () => number }): ImportUploads {
  const uploads = new Map<string, ImportUpload>()
  const handles = new Map<string, FileHandle>()
  // a killed process leaves its part files behind; nothing can resume them
  rmSync(opts.dir, { recursive: true, force: true })

  const drop = async (u: ImportUpload): Promise<void> => {
    uploads.delete(u.id)
    const h = handles.get(u.id)
    handles.delete(u.id)
    await h?.close().catch(() => undefined)
    await rm(u.file, { force: true })
  }
  const sweep = (): void => {
    for (const u of uploads.values())
      if (!u.running && opts.now() - u.touchedAt > IDLE_MS) void drop(u)
  }
  const get = (sessionId: string, id: string): ImportUpload => {
    const u = uploads.get(id)
    if (!u || u.sessionId !== sessionId) throw new ApiError('not_found', `No upload ${id}`)
    u.touchedAt = opts.now()
    return u
  }

  return {
    begin: (sessionId, f) => {
      sweep()
      const mine = [...uploads.values()].filter((u) => u.sessionId === sessionId)
      if (mine.length >= PER_SESSION)
        throw new ApiError('rate_limited', 'Too many imports on their way in; finish one first', {
          reason: 'too_many_uploads'
        })
      mkdirSync(opts.dir, { recursive: true, mode: 0o700 })
      const id = randomUUID()
      const u: ImportUpload = {
        id,
        sessionId,
        kind: f.kind,
        fileName: f.fileName,
        size: f.size,
        received: 0,
        file: path.join(opts.dir, `${id}.part`),
        progress: { phase: 'upload', fraction: 0 },
        running: false,
        touchedAt: opts.now()
      }
      uploads.set(id, u)
      return u
    },
    append: async (sessionId, id, offset, bytes) => {
      const u = get(sessionId, id)
      if (u.running) throw new ApiError('conflict', 'The upload is being imported')
      // chunks come in order; a retried or skipped one is told where the upload stands
      if (offset !== u.received)
        throw new ApiError('conflict', `Expected the chunk at byte ${u.received}`, {
          received: u.received
        })
      if (u.received + bytes.length > u.size)
        throw new ApiError('invalid_input', 'The chunk goes past the announced size', {
          size: u.size
        })
      let h = handles.get(id)
      if (!h) {
        h = await open(u.file, 'w', 0o600)
        handles.set(id, h)
      }
      // claim the range before awaiting, so a concurrent duplicate is refused above
      u.received += bytes.length
      try {
        await h.write(bytes, 0, bytes.length, offset)
      } catch (err) {
        u.received = offset
        throw err
      }
      u.progress = { phase: 'upload', fraction: u.received / u.size }
      if (u.received === u.size) {
        handles.delete(id)
        await h.close()
      }
      return u.received
    },
    get,
    claim: (sessionId, id) => {
      const u = get(sessionId, id)
      if (u.received !== u.size)
        throw new ApiError('conflict', `Only ${u.received} of ${u.size} bytes arrived`, {
          received: u.received
        })
      if (u.running) throw new ApiError('conflict', 'The upload is already being imported')
      // an empty file has no chunk that would have created it (the parser reports it empty)
      if (u.size === 0) writeFileSync(u.file, new Uint8Array(0), { mode: 0o600 })
      u.running = true
      return u
    },
    release: (u) => {
      u.running = false
      u.touchedAt = opts.now()
    },
    discard: async (sessionId, id) => {
      const u = get(sessionId, id)
      if (u.running) throw new ApiError('conflict', 'The upload is being imported')
      await drop(u)
    },
    close: async () => {
      await Promise.all([...uploads.values()].map(drop))
    }
  }
}
