/**
 * Real ffmpeg-made HLS segments for the recording, playback and export tests,
 * a fake live camera serving them, and a database with cameras.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { runFfmpeg, resolveFfmpeg } from '../../src/main/media/ffmpeg'
import { parseMediaPlaylist, serializeMediaPlaylist } from '../../src/main/media/hls/playlist'
import type { Sql } from '../../src/main/db/sql'
import { upsertCameras, getCameraByCode } from '../../src/main/cameras/repository'
import {
  insertSegment,
  upsertRecordingSetting,
  type SegmentRow
} from '../../src/main/recording/repository'
import { resolveInStore, segmentRelPath } from '../../src/main/recording/store'
import type { CameraFields } from '../../src/shared/domain/camera'

export const ffmpegPath = resolveFfmpeg().path

export type Clip = { dir: string; files: string[]; durations: number[] }

/**
 * `count` one-second segments (10 fps, one keyframe per segment) from one
 * ffmpeg run, so timestamps run on across segments like a camera's.
 */
export async function makeClip(
  dir: string,
  count: number,
  opts: { segSec?: number; size?: string } = {}
): Promise<Clip> {
  const seg = opts.segSec ?? 1
  mkdirSync(dir, { recursive: true })
  await runFfmpeg(
    [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `testsrc=size=${opts.size ?? '160x90'}:rate=10:duration=${count * seg}`,
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-g',
      String(10 * seg),
      '-keyint_min',
      String(10 * seg),
      '-sc_threshold',
      '0',
      '-f',
      'hls',
      '-hls_time',
      String(seg),
      '-hls_list_size',
      '0',
      '-hls_segment_filename',
      path.join(dir, '%d.ts'),
      path.join(dir, 'index.m3u8')
    ],
    { ffmpegPath }
  )
  const pl = parseMediaPlaylist(readFileSync(path.join(dir, 'index.m3u8'), 'utf8'))
  return {
    dir,
    files: pl.segments.map((s) => path.join(dir, s.uri)),
    durations: pl.segments.map((s) => s.duration)
  }
}

export async function addCamera(
  sql: Sql,
  code: string,
  streamUrl: string | null,
  recordMode: 'off' | 'continuous' = 'continuous',
  retentionDays = 30
): Promise<number> {
  const fields: CameraFields = {
    code,
    name: `Camera ${code}`,
    lat: 30.18,
    lng: 120.25,
    headingDeg: null,
    fovDeg: null,
    anpr: false,
    streamUrl,
    subStreamUrl: null,
    block: null,
    community: null,
    kind: null,
    owner: null,
    notes: null
  }
  await upsertCameras(sql, [fields], 'test', 1)
  const id = (await getCameraByCode(sql, code))?.id
  if (!id) throw new Error('camera not inserted')
  await upsertRecordingSetting(sql, {
    cameraId: id,
    mode: recordMode,
    retentionDays,
    at: 1,
    actor: 'test'
  })
  return id
}

/** Copy clip segments into the store and index them back to back from `startMs` (gaps where `skip` says). */
export async function indexClip(
  sql: Sql,
  storeDir: string,
  cameraId: number,
  clip: Clip,
  startMs: number,
  opts: { run?: number; gapAfter?: number; gapMs?: number; room?: string } = {}
): Promise<SegmentRow[]> {
  const rows: SegmentRow[] = []
  let t = startMs
  for (const [i, file] of clip.files.entries()) {
    const durationMs = Math.round((clip.durations[i] ?? 1) * 1000)
    const rel = segmentRelPath(cameraId, t, opts.run ?? 1)
    const full = resolveInStore(storeDir, rel)
    if (!full) throw new Error(`bad path ${rel}`)
    mkdirSync(path.dirname(full), { recursive: true })
    copyFileSync(file, full)
    rows.push(
      await insertSegment(sql, {
        room: opts.room,
        cameraId,
        startMs: t,
        endMs: t + durationMs,
        durationMs,
        bytes: statSync(full).size,
        path: rel,
        run: opts.run ?? 1,
        timeSource: 'pdt',
        createdAt: t
      })
    )
    t += durationMs
    if (opts.gapAfter !== undefined && i === opts.gapAfter) t += opts.gapMs ?? 10_000
  }
  return rows
}

/**
 * A live HLS camera over HTTP: a sliding window of `window` segments ending
 * at `head` (the test moves it), segment n = clip file n mod length, with
 * PROGRAM-DATE-TIME base + n·segment unless `pdt` is off. `offline` answers 404.
 */
export async function startFakeCamera(
  clip: Clip,
  opts: { baseMs: number; segMs?: number; window?: number; pdt?: boolean }
) {
  const segMs = opts.segMs ?? 1000
  const state = { head: -1, offline: false, requests: 0 }
  const server: Server = createServer((req, res) => {
    state.requests++
    const url = (req.url ?? '').split('?')[0] ?? ''
    if (state.offline || state.head < 0) return void res.writeHead(404).end()
    if (url === '/live.m3u8') {
      const first = Math.max(0, state.head - (opts.window ?? 4) + 1)
      const segments = []
      for (let n = first; n <= state.head; n++) {
        segments.push({
          uri: `s${n}.ts`,
          duration: segMs / 1000,
          programDateTime: opts.pdt === false ? undefined : opts.baseMs + n * segMs
        })
      }
      const text = serializeMediaPlaylist({
        version: 3,
        targetDuration: Math.ceil(segMs / 1000),
        mediaSequence: first,
        discontinuitySequence: 0,
        endList: false,
        segments
      })
      res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl' })
      return void res.end(text)
    }
    const m = /^\/s(\d+)\.ts$/.exec(url)
    const n = m ? Number(m[1]) : -1
    if (n < 0 || n > state.head) return void res.writeHead(404).end()
    const file = clip.files[n % clip.files.length] ?? ''
    res.writeHead(200, { 'Content-Type': 'video/mp2t' })
    res.end(readFileSync(file))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/live.m3u8`
  return { url, state, close: () => new Promise<void>((r) => server.close(() => r())) }
}

/** Poll until `fn` is truthy (or throw after `timeoutMs`). */
export async function until<T>(
  fn: () => T | Promise<T>,
  timeoutMs = 15_000,
  what = 'condition'
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
