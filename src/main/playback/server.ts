/**
 * The playback media routes (below the media mount):
 *   vod/<grant>/index.m3u8     VOD playlist of the granted camera and range
 *   vod/<grant>/<segment id>.ts one indexed segment of that camera and range
 *   export/<grant>/<file name>  a file of a finished evidence export
 *   export/<grant>/<zip name>   all its files and the manifest as one .zip
 * Paths are matched by an exact grammar; a segment is read only through the
 * index and only inside the recording store.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { ZipFile } from 'yazl'
import type { Sql } from '../db/sql'
import { appendAudit } from '../audit/repository'
import { getSegment, listSegments } from '../recording/repository'
import type { FootageReader } from './footage'
import { buildVodPlaylist } from './vod'
import type { Signer, VodGrant } from './tokens'
import type { Session } from '../users/sessions'
import { checkPermission } from '../api/dispatch'

const TOKEN = '[A-Za-z0-9_-]{8,1024}\\.[A-Za-z0-9_-]{43}'
const PLAYLIST_RE = new RegExp(`^vod/(${TOKEN})/index\\.m3u8$`)
const SEGMENT_RE = new RegExp(`^vod/(${TOKEN})/([1-9][0-9]{0,15})\\.ts$`)
const EXPORT_RE = new RegExp(`^export/(${TOKEN})/([A-Za-z0-9][A-Za-z0-9._+-]{0,150})$`)

export type PlaybackRoute =
  | { kind: 'playlist'; token: string }
  | { kind: 'segment'; token: string; segmentId: number }
  | { kind: 'exportFile'; token: string; name: string }

/** Exact grammar; traversal, encodings, extra parts and anything else are undefined. */
export function parsePlaybackPath(subPath: string): PlaybackRoute | undefined {
  const p = subPath.replace(/[?#].*$/, '')
  let m = PLAYLIST_RE.exec(p)
  if (m) return { kind: 'playlist', token: m[1] ?? '' }
  m = SEGMENT_RE.exec(p)
  if (m) return { kind: 'segment', token: m[1] ?? '', segmentId: Number(m[2]) }
  m = EXPORT_RE.exec(p)
  if (m && !(m[2] ?? '').includes('..'))
    return { kind: 'exportFile', token: m[1] ?? '', name: m[2] ?? '' }
  return undefined
}

export type PlaybackServerDeps = {
  sql: Sql
  /** the room whose store `footage` reads: its segments are the only ones served */
  room?: string
  signer: Signer
  footage: FootageReader
  now(): number
  /** absolute path of a finished export's file, or undefined (the exporter checks names and confinement) */
  exportFile(exportId: number, name: string): Promise<{ path: string; type: string } | undefined>
  /** the files of a finished export when `name` is its zip's name, or undefined */
  exportZip(
    exportId: number,
    name: string
  ): Promise<{ entries: { name: string; path: string }[] } | undefined>
  /** the live session with this id (for transports that have no session of their own) */
  sessionById(id: string): Session | null
}

/**
 * Who is asking: host mode knows the cookie's session; the desktop's media
 * server (a secret loopback path) does not, so the session the link was
 * signed for must still be live.
 */
export type MediaViewer = Session | null | undefined

/** Grants audited already: a player refetching a playlist is one viewing. */
const AUDITED_MAX = 5000

export function createPlaybackServer(deps: PlaybackServerDeps) {
  const audited = new Set<string>()

  function send(
    res: ServerResponse,
    head: boolean,
    status: number,
    type: string,
    body: string | Buffer,
    extra: Record<string, string | number> = {}
  ): void {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
    res.writeHead(status, {
      'Content-Type': type,
      'Content-Length': bytes.length,
      'Cache-Control': 'no-store',
      ...extra
    })
    res.end(head ? undefined : bytes)
  }
  const fail = (res: ServerResponse, head: boolean, status: number, msg: string): true => {
    send(res, head, status, 'text/plain; charset=utf-8', `${msg}\n`)
    return true
  }

  async function auditView(token: string, g: VodGrant, viewer: Session): Promise<void> {
    if (audited.has(token)) return
    if (audited.size >= AUDITED_MAX) audited.clear()
    audited.add(token)
    await appendAudit(deps.sql, {
      at: deps.now(),
      actor: viewer.user.username,
      action: 'playback.view',
      entity: 'camera',
      entityId: String(g.c),
      before: null,
      after: { from: g.f, to: g.t }
    })
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    subPath: string,
    viewer?: MediaViewer
  ): Promise<boolean> {
    const method = req.method ?? 'GET'
    if (method !== 'GET' && method !== 'HEAD') return false
    const head = method === 'HEAD'
    const route = parsePlaybackPath(subPath)
    if (!route) return fail(res, head, 404, 'not found')
    const grant = deps.signer.verify(route.token, deps.now())
    if (!grant) return fail(res, head, 403, 'invalid or expired grant')
    // A link is the asking session's alone, and only while its account may
    // still play or export: a copied URL opens nothing for anyone else.
    const who = viewer === undefined ? (grant.s ? deps.sessionById(grant.s) : null) : viewer
    if (!who || who.id !== grant.s) return fail(res, head, 403, 'link issued to another session')
    const denied = checkPermission(grant.k === 'vod' ? 'playback' : 'export', who)
    if (denied) return fail(res, head, denied === 'locked' ? 423 : 403, denied)

    if (route.kind === 'exportFile') {
      if (grant.k !== 'exp') return fail(res, head, 403, 'wrong grant')
      const file = await deps.exportFile(grant.x, route.name)
      const zip = file ? undefined : await deps.exportZip(grant.x, route.name)
      if (!file && !zip) return fail(res, head, 404, 'not found')
      if (!head)
        await appendAudit(deps.sql, {
          at: deps.now(),
          actor: who.user.username,
          action: 'export.download',
          entity: 'export',
          entityId: String(grant.x),
          before: null,
          after: zip
            ? { file: route.name, files: zip.entries.map((e) => e.name) }
            : { file: route.name }
        })
      const disposition = { 'Content-Disposition': `attachment; filename="${route.name}"` }
      if (file) await streamFile(res, head, file.path, file.type, disposition)
      else if (zip) await streamZip(res, head, zip.entries, disposition)
      return true
    }
    if (grant.k !== 'vod') return fail(res, head, 403, 'wrong grant')

    if (route.kind === 'playlist') {
      const segments = await listSegments(deps.sql, grant.c, grant.f, grant.t, deps.room)
      await auditView(route.token, grant, who)
      send(
        res,
        head,
        200,
        'application/vnd.apple.mpegurl',
        buildVodPlaylist(segments, (s) => `${s.id}.ts`)
      )
      return true
    }

    const seg = await getSegment(deps.sql, route.segmentId, deps.room)
    // Only segments of the granted camera and range: ids are guessable, grants are not.
    if (!seg || seg.cameraId !== grant.c || seg.endMs <= grant.f || seg.startMs >= grant.t)
      return fail(res, head, 404, 'not found')
    const path = deps.footage.filePath(seg)
    if (path) {
      await streamFile(res, head, path, 'video/mp2t', { 'Cache-Control': 'private, max-age=3600' })
      return true
    }
    const bytes = await deps.footage.bytes(seg)
    if (!bytes) {
      if (deps.footage.pending(seg)) {
        send(res, head, 503, 'text/plain; charset=utf-8', 'footage is being prepared\n', {
          'Retry-After': 1
        })
        return true
      }
      return fail(res, head, 404, 'not found')
    }
    send(res, head, 200, 'video/mp2t', bytes, { 'Cache-Control': 'private, max-age=3600' })
    return true
  }

  async function streamFile(
    res: ServerResponse,
    head: boolean,
    file: string,
    type: string,
    extra: Record<string, string>
  ): Promise<void> {
    let size: number
    try {
      const st = await stat(file)
      if (!st.isFile()) throw new Error('not a file')
      size = st.size
    } catch {
      fail(res, head, 404, 'not found')
      return
    }
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': size,
      'Cache-Control': 'no-store',
      ...extra
    })
    if (head) return void res.end()
    await new Promise<void>((resolve) => {
      const stream = createReadStream(file)
      stream.on('error', () => {
        res.destroy()
        resolve()
      })
      stream.on('end', () => resolve())
      stream.pipe(res)
    })
  }

  /**
   * The zip is written while it is sent: entries are stored, not deflated
   * (MP4 and PNG are compressed already, and the bytes inside stay the ones
   * the manifest hashes), so its length is known before the first byte.
   */
  async function streamZip(
    res: ServerResponse,
    head: boolean,
    entries: { name: string; path: string }[],
    extra: Record<string, string>
  ): Promise<void> {
    const sized: { name: string; path: string; size: number; mtime: Date }[] = []
    try {
      for (const e of entries) {
        const st = await stat(e.path)
        if (!st.isFile()) throw new Error('not a file')
        sized.push({ ...e, size: st.size, mtime: st.mtime })
      }
    } catch {
      fail(res, head, 404, 'not found')
      return
    }
    const disposition = { 'Content-Type': 'application/zip', 'Cache-Control': 'no-store', ...extra }
    // HEAD answers from the checks alone: building the zip would open every file
    if (head) {
      res.writeHead(200, disposition)
      return void res.end()
    }
    const zip = new ZipFile()
    for (const e of sized)
      zip.addReadStreamLazy(e.name, { compress: false, size: e.size, mtime: e.mtime }, (cb) =>
        cb(null, createReadStream(e.path))
      )
    const total = await new Promise<number>((resolve) =>
      // the typings declare this callback without its argument
      zip.end({ forceZip64Format: false, comment: '' }, ((n: number) => resolve(n)) as () => void)
    )
    res.writeHead(200, { ...disposition, ...(total >= 0 ? { 'Content-Length': total } : {}) })
    await new Promise<void>((resolve) => {
      zip.outputStream.on('error', () => {
        res.destroy()
        resolve()
      })
      zip.outputStream.on('end', () => resolve())
      res.on('close', () => resolve())
      zip.outputStream.pipe(res)
    })
  }

  return { handle }
}
