/**
 * Built-in demo camera source: serves pre-rendered loops as live HLS. The
 * playlist is a pure function of the wall clock (segment n covers
 * [n·d, (n+1)·d) ms since the epoch), so there is no per-camera process or
 * timer; segment bytes are the loop segment n mod L with PTS/PCR shifted so
 * the stream is continuous across loop wraps.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { serializeMasterPlaylist, serializeMediaPlaylist } from '../media/hls/playlist'
import type { MediaPlaylist } from '../media/hls/playlist'
import { shiftTsTimestamps, wrapPts } from '../media/hls/tsTimestamps'
import { createDemoRenderer, type DemoRenderPriority, type DemoRenderStatus } from './render/queue'
import {
  DEFAULT_DEMO_RENDER_PARAMS,
  type DemoCamera,
  type DemoRenderParams,
  type RenderedLoop,
  type RenderedVariant
} from './render/params'

export type DemoFailure = 'offline' | 'stall' | 'corrupt'

export interface DemoSourceOptions {
  /** Root of the render cache (e.g. `${dataDir}/demo-cache`); shared across runs. */
  cacheDir: string
  ffmpegPath?: string
  cameras: readonly DemoCamera[]
  /** Wall clock in epoch ms; injectable for tests. */
  now?: () => number
  params?: Partial<DemoRenderParams>
  /** Segments listed in each live playlist. */
  windowSegments?: number
  /** Parallel renders for wall/on-demand cameras (default 2) and for the background fill (default 1). */
  renderConcurrency?: number
  backgroundRenderConcurrency?: number
  /** Budget for rewritten segments kept in memory. */
  segmentCacheBytes?: number
  onRenderError?: (code: string, error: unknown) => void
}

export interface DemoVariantInfo {
  name: string
  width: number
  height: number
  frameRate: number
  /** Nominal peak bits per second (the encoder's VBV cap). */
  bandwidth: number
}

export interface DemoEnsureAllResult {
  ready: string[]
  failed: string[]
}

export interface DemoSource {
  /**
   * Serve `subPath` (below the mount point): `CODE/master.m3u8`,
   * `CODE/VARIANT/index.m3u8` or `CODE/VARIANT/SEQ.ts`. Anything else gets 404.
   * Returns false, without responding, only for methods other than GET/HEAD.
   */
  handle(req: IncomingMessage, res: ServerResponse, subPath: string): Promise<boolean>
  /**
   * Render (or load from cache) these cameras; rejects if one fails. Default
   * priority `wall` (ahead of everything); pollers such as the recorder should
   * pass `demand` or `background` so they never overtake what the wall shows.
   */
  ensure(codes: readonly string[], priority?: DemoRenderPriority): Promise<void>
  /** Render every camera in the background order; never rejects. */
  ensureAll(): Promise<DemoEnsureAllResult>
  setFailure(code: string, failure: DemoFailure | null): void
  getFailure(code: string): DemoFailure | undefined
  listVariants(): DemoVariantInfo[]
  status(code: string): DemoRenderStatus
  /** The live media playlist as it would be served now; undefined if not servable. */
  livePlaylist(code: string, variant: string): MediaPlaylist | undefined
  /**
   * Bytes of wall-clock segment `seq` (the live playlist's URI `seq.ts`),
   * ignoring injected failures: what the recorder stores and what past demo
   * footage replays. Undefined while the camera is not rendered (a render is
   * requested) or when `seq` lies in the future. `cache: false` keeps bulk
   * readers from evicting what the wall is playing.
   */
  segment(
    code: string,
    variant: string,
    seq: number,
    options?: { cache?: boolean }
  ): Promise<Buffer | undefined>
  readonly segmentSeconds: number
  close(): Promise<void>
}

const CODE = '[A-Za-z0-9][A-Za-z0-9_-]{0,63}'
const VARIANT = '[a-z][a-z0-9]{0,15}'
const MASTER_RE = new RegExp(`^(${CODE})/master\\.m3u8$`)
const MEDIA_RE = new RegExp(`^(${CODE})/(${VARIANT})/index\\.m3u8$`)
const SEGMENT_RE = new RegExp(`^(${CODE})/(${VARIANT})/(0|[1-9][0-9]{0,14})\\.ts$`)

const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl'
const SEGMENT_TYPE = 'video/mp2t'

type Route =
  | { kind: 'master'; code: string }
  | { kind: 'media'; code: string; variant: string }
  | { kind: 'segment'; code: string; variant: string; seq: number }

/** Exact grammar match; anything else (traversal, encodings, extra parts) is undefined. */
export function parseDemoPath(subPath: string): Route | undefined {
  const path = subPath.replace(/[?#].*$/, '').replace(/^\/+/, '')
  let m = MASTER_RE.exec(path)
  if (m) return { kind: 'master', code: m[1] ?? '' }
  m = MEDIA_RE.exec(path)
  if (m) return { kind: 'media', code: m[1] ?? '', variant: m[2] ?? '' }
  m = SEGMENT_RE.exec(path)
  if (m) return { kind: 'segment', code: m[1] ?? '', variant: m[2] ?? '', seq: Number(m[3]) }
  return undefined
}

/** Deterministic junk the size of a real segment, without TS sync bytes. */
function garbage(length: number, seed: number): Buffer {
  const out = Buffer.allocUnsafe(length)
  let x = (seed ^ 0x9e3779b9) >>> 0 || 1
  for (let i = 0; i < length; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    x >>>= 0
    const b = x & 0xff
    out[i] = b === 0x47 ? 0x46 : b
  }
  return out
}

class ByteLru {
  private readonly map = new Map<string, Buffer>()
  private bytes = 0

  constructor(private readonly budget: number) {}

  get(key: string): Buffer | undefined {
    const value = this.map.get(key)
    if (value) {
      this.map.delete(key)
      this.map.set(key, value)
    }
    return value
  }

  set(key: string, value: Buffer): void {
    const old = this.map.get(key)
    if (old) this.bytes -= old.length
    this.map.delete(key)
    this.map.set(key, value)
    this.bytes += value.length
    for (const [k, v] of this.map) {
      if (this.bytes <= this.budget || this.map.size <= 1) break
      this.map.delete(k)
      this.bytes -= v.length
    }
  }

  clear(): void {
    this.map.clear()
    this.bytes = 0
  }
}

export function createDemoSource(options: DemoSourceOptions): DemoSource {
  const now = options.now ?? Date.now
  const params: DemoRenderParams = { ...DEFAULT_DEMO_RENDER_PARAMS, ...options.params }
  const renderer = createDemoRenderer({
    cacheDir: options.cacheDir,
    cameras: options.cameras,
    ffmpegPath: options.ffmpegPath,
    params,
    concurrency: options.renderConcurrency ?? 2,
    backgroundConcurrency: options.backgroundRenderConcurrency ?? 1,
    onError: options.onRenderError
  })
  const windowSegments = Math.max(3, options.windowSegments ?? 5)
  const segMs = params.segmentSeconds * 1000
  const failures = new Map<string, DemoFailure>()
  /** Wall time at which a stalled camera's playlist froze. */
  const stalledAt = new Map<string, number>()
  const segmentCache = new ByteLru(options.segmentCacheBytes ?? 32 * 1024 * 1024)
  const inflight = new Map<string, Promise<Buffer>>()
  const cameraCodes = new Set(options.cameras.map((c) => c.code))

  /** Index of the newest segment whose time span has fully elapsed at `t`. */
  const lastCompleteSeq = (t: number): number => Math.floor(t / segMs) - 1

  function findVariant(loop: RenderedLoop, name: string): RenderedVariant | undefined {
    return loop.variants.find((v) => v.name === name)
  }

  function buildPlaylist(
    code: string,
    loop: RenderedLoop,
    variant: RenderedVariant
  ): MediaPlaylist {
    const t = stalledAt.get(code) ?? now()
    const last = lastCompleteSeq(t)
    const first = Math.max(0, last - windowSegments + 1)
    const segments = []
    for (let seq = first; seq <= last; seq++) {
      const loopSeg = variant.segments[(seq + loop.phaseSegments) % variant.segments.length]
      segments.push({
        uri: `${seq}.ts`,
        duration: loopSeg?.durationSec ?? params.segmentSeconds,
        programDateTime: seq * segMs
      })
    }
    return {
      kind: 'media',
      version: 3,
      targetDuration: Math.ceil(params.segmentSeconds),
      mediaSequence: first,
      discontinuitySequence: 0,
      independentSegments: true,
      endList: false,
      segments
    }
  }

  function masterText(loop: RenderedLoop): string {
    return serializeMasterPlaylist({
      version: 3,
      independentSegments: true,
      variants: loop.variants.map((v) => ({
        uri: `${v.name}/index.m3u8`,
        bandwidth: v.peakBandwidth,
        averageBandwidth: v.averageBandwidth,
        resolution: { width: v.width, height: v.height },
        frameRate: loop.params.fps,
        codecs: v.codecs,
        name: v.name
      }))
    })
  }

  async function segmentBytes(
    loop: RenderedLoop,
    variant: RenderedVariant,
    seq: number,
    cache = true
  ): Promise<Buffer> {
    const key = `${loop.key}/${variant.name}/${seq}`
    const hit = segmentCache.get(key)
    if (hit) return hit
    const pending = inflight.get(key)
    if (pending) return pending
    if (!cache) return rewriteSegment(loop, variant, seq)
    const work = rewriteSegment(loop, variant, seq).then((out) => {
      segmentCache.set(key, out)
      return out
    })
    inflight.set(key, work)
    try {
      return await work
    } finally {
      inflight.delete(key)
    }
  }

  async function rewriteSegment(
    loop: RenderedLoop,
    variant: RenderedVariant,
    seq: number
  ): Promise<Buffer> {
    const n = variant.segments.length
    const position = seq + loop.phaseSegments
    const index = position % n
    const source = variant.segments[index]
    if (!source) throw new Error(`demo loop ${loop.code}/${variant.name} has no segments`)
    const raw = await readFile(join(loop.dir, source.file))
    const wraps = Math.floor(position / n)
    const continuityOffsets = new Map<number, number>()
    for (const [pid, advance] of Object.entries(variant.continuityAdvance)) {
      continuityOffsets.set(Number(pid), ((wraps % 16) * advance) % 16)
    }
    // PTS of segment seq becomes firstPts + seq·segment: a pure function of wall time.
    const offset = wrapPts((seq - index) * loop.segmentTicks)
    return shiftTsTimestamps(raw, { offset, continuityOffsets })
  }

  function send(
    res: ServerResponse,
    head: boolean,
    status: number,
    headers: Record<string, string | number>,
    body: string | Buffer
  ): void {
    const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
    res.writeHead(status, { ...headers, 'Content-Length': bytes.length })
    res.end(head ? undefined : bytes)
  }

  // Playlists change with the clock: never cached.
  function sendPlaylist(res: ServerResponse, head: boolean, text: string): void {
    send(res, head, 200, { 'Content-Type': PLAYLIST_TYPE, 'Cache-Control': 'no-cache' }, text)
  }

  function notFound(res: ServerResponse, head: boolean): void {
    send(
      res,
      head,
      404,
      { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' },
      'not found\n'
    )
  }

  function notReady(res: ServerResponse, head: boolean, code: string): void {
    // Rendering on demand means whatever the wall opens first is rendered first.
    renderer.ensure([code], 'demand').catch(() => undefined)
    send(
      res,
      head,
      503,
      {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-cache',
        'Retry-After': 1
      },
      'demo camera is being prepared\n'
    )
  }

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    subPath: string
  ): Promise<boolean> {
    const method = req.method ?? 'GET'
    if (method !== 'GET' && method !== 'HEAD') return false
    const head = method === 'HEAD'
    try {
      const route = parseDemoPath(subPath)
      if (!route || !cameraCodes.has(route.code) || failures.get(route.code) === 'offline') {
        notFound(res, head)
        return true
      }
      const loop = renderer.get(route.code)
      if (!loop) {
        notReady(res, head, route.code)
        return true
      }
      if (route.kind === 'master') {
        sendPlaylist(res, head, masterText(loop))
        return true
      }
      const variant = findVariant(loop, route.variant)
      if (!variant) {
        notFound(res, head)
        return true
      }
      if (route.kind === 'media') {
        sendPlaylist(res, head, serializeMediaPlaylist(buildPlaylist(route.code, loop, variant)))
        return true
      }
      // One segment of slack for clocks that disagree slightly; the future does not exist yet.
      if (route.seq > lastCompleteSeq(now()) + 1) {
        notFound(res, head)
        return true
      }
      let bytes: Buffer
      try {
        bytes = await segmentBytes(loop, variant, route.seq)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
        // The cache entry lost files under us (temp cleaner): render it again.
        renderer.invalidate(route.code)
        notReady(res, head, route.code)
        return true
      }
      if (failures.get(route.code) === 'corrupt') {
        send(
          res,
          head,
          200,
          { 'Content-Type': SEGMENT_TYPE, 'Cache-Control': 'no-store' },
          garbage(bytes.length, route.seq)
        )
        return true
      }
      send(
        res,
        head,
        200,
        { 'Content-Type': SEGMENT_TYPE, 'Cache-Control': 'public, max-age=60' },
        bytes
      )
      return true
    } catch (err) {
      if (!res.headersSent) {
        send(
          res,
          head,
          500,
          { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' },
          `demo source error: ${err instanceof Error ? err.message : String(err)}\n`
        )
      } else {
        res.destroy()
      }
      return true
    }
  }

  return {
    handle,
    segmentSeconds: params.segmentSeconds,
    async ensure(codes, priority) {
      await renderer.ensure(codes, priority)
    },
    async ensureAll() {
      const { ready, failed } = await renderer.ensureAll()
      return { ready: ready.map((l) => l.code), failed: failed.map((f) => f.code) }
    },
    setFailure(code, failure) {
      if (failure === null) {
        failures.delete(code)
        stalledAt.delete(code)
        return
      }
      failures.set(code, failure)
      if (failure === 'stall') {
        if (!stalledAt.has(code)) stalledAt.set(code, now())
      } else {
        stalledAt.delete(code)
      }
    },
    getFailure: (code) => failures.get(code),
    listVariants: () =>
      params.variants.map((v) => ({
        name: v.name,
        width: v.width,
        height: v.height,
        frameRate: params.fps,
        bandwidth: v.maxrateKbps * 1000
      })),
    status: (code) => renderer.status(code),
    livePlaylist(code, variantName) {
      const loop = renderer.get(code)
      const variant = loop && findVariant(loop, variantName)
      if (!variant || failures.get(code) === 'offline') return undefined
      return buildPlaylist(code, loop, variant)
    },
    async segment(code, variantName, seq, segOptions) {
      if (!cameraCodes.has(code) || seq > lastCompleteSeq(now()) + 1) return undefined
      const loop = renderer.get(code)
      if (!loop) {
        renderer.ensure([code], 'demand').catch(() => undefined)
        return undefined
      }
      const variant = findVariant(loop, variantName)
      return variant ? segmentBytes(loop, variant, seq, segOptions?.cache ?? true) : undefined
    },
    async close() {
      await renderer.close()
      segmentCache.clear()
      inflight.clear()
    }
  }
}
