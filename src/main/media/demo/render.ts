/**
 * Pre-renders short, seamless-timestamp loops per demo camera (all variants in
 * one ffmpeg run) into a content-addressed cache. The live source replays them.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ffmpegVersion, resolveFfmpeg, runFfmpeg } from '../ffmpeg'
import { parseMediaPlaylist } from '../hls/playlist'
import {
  countPayloadPackets,
  findAvcCodecString,
  readTsTimestamps,
  TS_CLOCK_HZ
} from '../hls/tsTimestamps'

export interface DemoCamera {
  code: string
  /** Display name, usually Chinese; burned in when a CJK font exists. */
  name: string
}

export interface DemoVariantSpec {
  name: string
  width: number
  height: number
  /** Target video bitrate. */
  bitrateKbps: number
  /** VBV cap; keeps per-segment peaks near the advertised BANDWIDTH. */
  maxrateKbps: number
}

export interface DemoRenderParams {
  fps: number
  /** Whole seconds per segment; also the GOP length (one IDR per segment). */
  segmentSeconds: number
  loopSegments: number
  variants: readonly DemoVariantSpec[]
}

export const DEMO_VARIANTS: readonly DemoVariantSpec[] = [
  { name: 'main', width: 640, height: 360, bitrateKbps: 500, maxrateKbps: 650 },
  { name: 'sub', width: 320, height: 180, bitrateKbps: 200, maxrateKbps: 260 },
  // For dense walls (36 tiles): cheap to decode in software.
  { name: 'mini', width: 256, height: 144, bitrateKbps: 110, maxrateKbps: 150 }
]

export const DEFAULT_DEMO_RENDER_PARAMS: DemoRenderParams = {
  fps: 15,
  segmentSeconds: 2,
  loopSegments: 5,
  variants: DEMO_VARIANTS
}

/** Bump when the filter graph or encoder settings change so old cache entries are ignored. */
const RENDER_SCHEMA = 4

export interface RenderedSegment {
  file: string
  durationSec: number
  bytes: number
}

export interface RenderedVariant {
  name: string
  width: number
  height: number
  /** RFC 6381 codec string read from the SPS. */
  codecs: string
  /** Peak and mean bits per second over the loop's segments (container included). */
  peakBandwidth: number
  averageBandwidth: number
  segments: RenderedSegment[]
  /** Payload packets per PID over one loop, mod 16 (continuity counter advance per loop). */
  continuityAdvance: Record<string, number>
  /** First PTS of the loop, 90 kHz. */
  firstPts: number
}

export interface RenderedLoop {
  schema: number
  key: string
  code: string
  name: string
  /** Absolute directory of this cache entry. */
  dir: string
  params: DemoRenderParams
  /** 90 kHz ticks per segment and per loop. */
  segmentTicks: number
  loopTicks: number
  /** Loop position of wall-clock segment 0, so cameras' burned-in clocks differ. */
  phaseSegments: number
  textDrawn: { code: boolean; name: boolean; clock: boolean }
  variants: RenderedVariant[]
  renderMs: number
}

export interface DemoFonts {
  /** Font with Latin glyphs for code and clock. */
  latin?: string
  mono?: string
  /** Font with CJK glyphs for the camera name. */
  cjk?: string
}

const CJK_FONT_CANDIDATES = [
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc',
  '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf',
  '/System/Library/Fonts/PingFang.ttc',
  '/System/Library/Fonts/STHeiti Medium.ttc',
  '/Library/Fonts/Arial Unicode.ttf',
  'C:/Windows/Fonts/msyh.ttc',
  'C:/Windows/Fonts/simhei.ttf'
]
const LATIN_FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSans-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
  '/System/Library/Fonts/Helvetica.ttc',
  'C:/Windows/Fonts/arialbd.ttf'
]
const MONO_FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/dejavu/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/TTF/DejaVuSansMono-Bold.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationMono-Bold.ttf',
  '/System/Library/Fonts/Menlo.ttc',
  'C:/Windows/Fonts/consolab.ttf'
]

/** Fonts found on this machine; any may be missing (text is then dropped, never an error). */
export function detectDemoFonts(): DemoFonts {
  const pick = (list: readonly string[]): string | undefined => list.find((f) => existsSync(f))
  const cjk = pick(CJK_FONT_CANDIDATES)
  const latin = pick(LATIN_FONT_CANDIDATES) ?? cjk
  const mono = pick(MONO_FONT_CANDIDATES) ?? latin
  return { latin, mono, cjk }
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5
  for (const ch of text) {
    h ^= ch.codePointAt(0) ?? 0
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/** Escape a value for a filter option, then quote it for the filtergraph level. */
function filterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`)
  return `'${optionLevel.replace(/'/g, `'\\''`)}'`
}

interface GraphPlan {
  graph: string
  textDrawn: RenderedLoop['textDrawn']
}

/**
 * The filter graph of one camera: a code-dependent pattern and hue so every
 * camera looks different, the code, the name and a running clock burned in at
 * the largest size, then one scaled branch per variant ([v0], [v1], …).
 */
function planGraph(
  camera: DemoCamera,
  params: DemoRenderParams,
  fonts: DemoFonts,
  hasDrawtext: boolean
): GraphPlan {
  const largest = params.variants.reduce((a, b) =>
    b.width * b.height > a.width * a.height ? b : a
  )
  const { width: w, height: h } = largest
  const seconds = params.segmentSeconds * params.loopSegments
  const hash = fnv1a(camera.code)
  // Coarse hue steps keep neighbours on the wall clearly apart.
  const hue = (hash % 8) * 45
  const size = `size=${w}x${h}:rate=${params.fps}`
  const patterns = [
    `testsrc2=${size}:duration=${seconds}`,
    `testsrc=${size}:duration=${seconds}`,
    // Starts zoomed in so the motion stays visible over a short loop.
    `mandelbrot=${size}:start_scale=2.5:end_scale=1:end_pts=${params.fps * seconds}:maxiter=96,trim=duration=${seconds}`
  ]
  const pattern = patterns[Math.floor(hash / 8) % patterns.length] ?? patterns[0]
  const chain: string[] = [`${pattern},hue=h=${hue}:s=1.2`]
  const unit = h / 360
  const textDrawn = { code: false, name: false, clock: false }
  if (hasDrawtext) {
    const box = `box=1:boxcolor=black@0.6:boxborderw=${Math.round(6 * unit)}`
    if (fonts.latin) {
      chain.push(
        `drawtext=fontfile=${filterValue(fonts.latin)}:textfile=code.txt:expansion=none:x=${Math.round(12 * unit)}:y=${Math.round(10 * unit)}:fontsize=${Math.round(44 * unit)}:fontcolor=white:${box}`
      )
      textDrawn.code = true
    }
    const nameFont = fonts.cjk ?? (/^[\x20-\x7e]*$/.test(camera.name) ? fonts.latin : undefined)
    if (nameFont && camera.name.trim() !== '') {
      chain.push(
        `drawtext=fontfile=${filterValue(nameFont)}:textfile=name.txt:expansion=none:x=${Math.round(12 * unit)}:y=${Math.round(68 * unit)}:fontsize=${Math.round(32 * unit)}:fontcolor=white:${box}`
      )
      textDrawn.name = true
    }
    if (fonts.mono) {
      chain.push(
        `drawtext=fontfile=${filterValue(fonts.mono)}:text=${filterValue('%{pts:hms}')}:x=w-tw-${Math.round(12 * unit)}:y=h-th-${Math.round(12 * unit)}:fontsize=${Math.round(34 * unit)}:fontcolor=yellow:${box}`
      )
      textDrawn.clock = true
    }
  }
  const n = params.variants.length
  const splitLabels = params.variants.map((_, i) => `[s${i}]`).join('')
  const branches = params.variants.map((v, i) => {
    const scale = v.width === w && v.height === h ? '' : `scale=${v.width}:${v.height}:flags=area,`
    return `[s${i}]${scale}format=yuv420p,setsar=1[v${i}]`
  })
  const graph = `${chain.join(',')},split=${n}${splitLabels};\n${branches.join(';\n')}`
  return { graph, textDrawn }
}

function encoderArgs(params: DemoRenderParams, v: DemoVariantSpec, index: number): string[] {
  const gop = params.fps * params.segmentSeconds
  return [
    '-map',
    `[v${index}]`,
    '-an',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    // Constrained baseline: no B-frames and CAVLC keep software decode of dense walls cheap.
    '-profile:v',
    'baseline',
    '-level:v',
    '3.0',
    '-pix_fmt',
    'yuv420p',
    '-r',
    String(params.fps),
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
    '-force_key_frames',
    `expr:gte(t,n_forced*${params.segmentSeconds})`,
    '-b:v',
    `${v.bitrateKbps}k`,
    '-maxrate',
    `${v.maxrateKbps}k`,
    '-bufsize',
    `${v.maxrateKbps}k`,
    '-threads',
    '1',
    '-f',
    'hls',
    '-hls_time',
    String(params.segmentSeconds),
    '-hls_list_size',
    '0',
    '-hls_playlist_type',
    'vod',
    '-hls_segment_filename',
    `${v.name}/%d.ts`,
    `${v.name}/index.m3u8`
  ]
}

export interface RenderLoopOptions {
  cacheDir: string
  ffmpegPath: string
  camera: DemoCamera
  params: DemoRenderParams
  fonts: DemoFonts
  signal?: AbortSignal
  niceness?: number
}

const drawtextSupport = new Map<string, Promise<boolean>>()

/** Whether this ffmpeg build has drawtext (libfreetype); some minimal builds lack it. */
export function ffmpegHasDrawtext(ffmpegPath: string): Promise<boolean> {
  let cached = drawtextSupport.get(ffmpegPath)
  if (!cached) {
    cached = runFfmpeg(['-hide_banner', '-filters'], { ffmpegPath }).then(
      (r) => /\bdrawtext\b/.test(r.stdout),
      () => false
    )
    drawtextSupport.set(ffmpegPath, cached)
  }
  return cached
}

function safeDirName(code: string): string {
  return code.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) || 'camera'
}

/** Cache key over everything that changes the rendered bytes. */
export async function demoCacheKey(
  options: Pick<RenderLoopOptions, 'camera' | 'params' | 'fonts' | 'ffmpegPath'>
): Promise<string> {
  const version = await ffmpegVersion(options.ffmpegPath)
  const hasDrawtext = await ffmpegHasDrawtext(options.ffmpegPath)
  const payload = JSON.stringify({
    schema: RENDER_SCHEMA,
    code: options.camera.code,
    name: options.camera.name,
    params: options.params,
    fonts: hasDrawtext ? options.fonts : null,
    version
  })
  return createHash('sha256').update(payload).digest('hex').slice(0, 20)
}

export function demoCacheEntryDir(cacheDir: string, code: string, key: string): string {
  return join(cacheDir, `${safeDirName(code)}-${key}`)
}

async function readManifest(dir: string): Promise<RenderedLoop | undefined> {
  try {
    const loop = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as RenderedLoop
    if (loop.schema !== RENDER_SCHEMA) return undefined
    // Temp cleaners delete old files one by one; an entry missing a segment is re-rendered.
    for (const v of loop.variants) {
      for (const seg of v.segments) {
        if ((await stat(join(dir, seg.file))).size !== seg.bytes) return undefined
      }
    }
    return { ...loop, dir }
  } catch {
    return undefined
  }
}

/** Default cache root when the caller has no data dir to offer. */
export function defaultDemoCacheDir(): string {
  return join(tmpdir(), 'watchroom-demo-cache')
}

/** Load a finished cache entry, or undefined when it must be rendered. */
export async function loadCachedLoop(
  options: Pick<RenderLoopOptions, 'cacheDir' | 'camera' | 'params' | 'fonts' | 'ffmpegPath'>
): Promise<RenderedLoop | undefined> {
  const key = await demoCacheKey(options)
  return readManifest(demoCacheEntryDir(options.cacheDir, options.camera.code, key))
}

async function describeVariant(
  tmp: string,
  spec: DemoVariantSpec,
  params: DemoRenderParams
): Promise<RenderedVariant> {
  const playlist = parseMediaPlaylist(await readFile(join(tmp, spec.name, 'index.m3u8'), 'utf8'))
  if (playlist.segments.length !== params.loopSegments) {
    throw new Error(
      `demo render of ${spec.name}: expected ${params.loopSegments} segments, ffmpeg wrote ${playlist.segments.length}`
    )
  }
  const frame = 1 / params.fps
  const segments: RenderedSegment[] = []
  const advance = new Map<number, number>()
  let codecs: string | undefined
  let firstPts: number | undefined
  for (const seg of playlist.segments) {
    if (Math.abs(seg.duration - params.segmentSeconds) > frame / 2) {
      throw new Error(
        `demo render of ${spec.name}: segment ${seg.uri} lasts ${seg.duration}s, expected ${params.segmentSeconds}s`
      )
    }
    const file = `${spec.name}/${seg.uri}`
    const bytes = await readFile(join(tmp, file))
    codecs ??= findAvcCodecString(bytes)
    firstPts ??= readTsTimestamps(bytes).firstPts
    for (const [pid, n] of countPayloadPackets(bytes)) advance.set(pid, (advance.get(pid) ?? 0) + n)
    segments.push({ file, durationSec: params.segmentSeconds, bytes: bytes.length })
  }
  const bits = segments.map((s) => (s.bytes * 8) / s.durationSec)
  return {
    name: spec.name,
    width: spec.width,
    height: spec.height,
    codecs: codecs ?? 'avc1.42c01e',
    peakBandwidth: Math.ceil(Math.max(...bits)),
    averageBandwidth: Math.ceil(bits.reduce((a, b) => a + b, 0) / bits.length),
    segments,
    continuityAdvance: Object.fromEntries([...advance].map(([pid, n]) => [String(pid), n % 16])),
    firstPts: firstPts ?? 0
  }
}

/**
 * Render one camera's loop (all variants) unless cached. Atomic: output goes to
 * a private temp dir that is renamed into place only when complete.
 */
export async function renderDemoLoop(options: RenderLoopOptions): Promise<RenderedLoop> {
  const { cacheDir, camera, params, fonts, ffmpegPath } = options
  const key = await demoCacheKey(options)
  const dir = demoCacheEntryDir(cacheDir, camera.code, key)
  const cached = await readManifest(dir)
  if (cached) return cached

  const started = Date.now()
  await mkdir(cacheDir, { recursive: true })
  const tmp = join(
    cacheDir,
    `.tmp-${safeDirName(camera.code)}-${key}-${process.pid}-${randomBytes(4).toString('hex')}`
  )
  try {
    await mkdir(tmp)
    for (const v of params.variants) await mkdir(join(tmp, v.name))
    await writeFile(join(tmp, 'code.txt'), camera.code)
    await writeFile(join(tmp, 'name.txt'), camera.name)
    const plan = planGraph(camera, params, fonts, await ffmpegHasDrawtext(ffmpegPath))
    await writeFile(join(tmp, 'graph.txt'), plan.graph)
    const args = [
      '-hide_banner',
      '-nostdin',
      '-loglevel',
      'error',
      '-y',
      '-filter_complex_script',
      'graph.txt'
    ]
    params.variants.forEach((v, i) => args.push(...encoderArgs(params, v, i)))
    await runFfmpeg(args, {
      ffmpegPath,
      cwd: tmp,
      signal: options.signal,
      niceness: options.niceness ?? 10
    })

    const variants: RenderedVariant[] = []
    for (const v of params.variants) variants.push(await describeVariant(tmp, v, params))
    const segmentTicks = params.segmentSeconds * TS_CLOCK_HZ
    const loop: RenderedLoop = {
      schema: RENDER_SCHEMA,
      key,
      code: camera.code,
      name: camera.name,
      dir,
      params,
      segmentTicks,
      loopTicks: segmentTicks * params.loopSegments,
      phaseSegments: (fnv1a(camera.code) >>> 8) % params.loopSegments,
      textDrawn: plan.textDrawn,
      variants,
      renderMs: Date.now() - started
    }
    await writeFile(join(tmp, 'manifest.json'), JSON.stringify(loop, null, 1))
    try {
      // A stale entry (older schema or damaged) sits where ours goes.
      if (existsSync(dir) && !(await readManifest(dir)))
        await rm(dir, { recursive: true, force: true })
      await rename(tmp, dir)
    } catch (err) {
      // Another process finished the same entry first: theirs is as good as ours.
      const winner = await readManifest(dir)
      if (winner) return winner
      throw err
    }
    return loop
  } finally {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined)
  }
}

/** Remove temp dirs left by killed renders (older than maxAgeMs, so live ones survive). */
export async function pruneDemoCacheTemp(cacheDir: string, maxAgeMs = 10 * 60_000): Promise<void> {
  let names: string[]
  try {
    names = await readdir(cacheDir)
  } catch {
    return
  }
  const now = Date.now()
  for (const name of names) {
    if (!name.startsWith('.tmp-')) continue
    const full = join(cacheDir, name)
    try {
      if (now - (await stat(full)).mtimeMs > maxAgeMs)
        await rm(full, { recursive: true, force: true })
    } catch {
      // Raced with another pruner or the owning render: nothing to do.
    }
  }
}

export type DemoRenderStatus = 'unknown' | 'idle' | 'queued' | 'rendering' | 'ready' | 'failed'

export interface DemoRendererOptions {
  cacheDir: string
  cameras: readonly DemoCamera[]
  ffmpegPath?: string
  params?: Partial<DemoRenderParams>
  /** Parallel ffmpeg renders for wall and on-demand cameras; 1–2 keeps a live wall smooth. */
  concurrency?: number
  /** Parallel renders while only background cameras are queued (default 1: leave a core to the wall). */
  backgroundConcurrency?: number
  niceness?: number
  fonts?: DemoFonts
  onRendered?: (loop: RenderedLoop) => void
  onError?: (code: string, error: unknown) => void
}

/**
 * Render priority: `wall` — cameras a layout shows right now (latest call first);
 * `demand` — a player asked for an unrendered camera (first come, first served);
 * `background` — everything else.
 */
export type DemoRenderPriority = 'wall' | 'demand' | 'background'

const PRIORITY_RANK: Record<DemoRenderPriority, number> = { wall: 0, demand: 1, background: 2 }

export interface DemoRenderer {
  readonly params: DemoRenderParams
  /** Render (or load) these cameras at `priority` (default `wall`: ahead of all others, in this order). */
  ensure(codes: readonly string[], priority?: DemoRenderPriority): Promise<RenderedLoop[]>
  /** Queue every camera in the background tier; resolves when every render settled. */
  ensureAll(): Promise<{ ready: RenderedLoop[]; failed: { code: string; error: unknown }[] }>
  /** The loop if ready, without waiting. */
  get(code: string): RenderedLoop | undefined
  status(code: string): DemoRenderStatus
  /** Forget a ready loop whose files turned out to be damaged, and render it again. */
  invalidate(code: string): void
  close(): Promise<void>
}

interface Job {
  camera: DemoCamera
  state: Exclude<DemoRenderStatus, 'unknown'>
  rank: number
  /** Consecutive failed renders and the earliest time another attempt may start. */
  failures: number
  retryAt: number
  loop?: RenderedLoop
  error?: Error
  waiters: { resolve: (loop: RenderedLoop) => void; reject: (err: unknown) => void }[]
}

/** Reject parameters that would break loop-seamless timestamps. */
export function validateDemoRenderParams(params: DemoRenderParams): void {
  const { fps, segmentSeconds, loopSegments, variants } = params
  // Whole 90 kHz ticks per frame and whole seconds per segment keep PTS arithmetic exact.
  if (!Number.isInteger(fps) || fps <= 0 || !Number.isInteger(TS_CLOCK_HZ / fps))
    throw new Error(`demo fps must divide 90000: ${fps}`)
  if (!Number.isInteger(segmentSeconds) || segmentSeconds < 1)
    throw new Error(`demo segmentSeconds must be a whole number ≥ 1: ${segmentSeconds}`)
  if (!Number.isInteger(loopSegments) || loopSegments < 1)
    throw new Error(`demo loopSegments must be ≥ 1: ${loopSegments}`)
  if (variants.length === 0) throw new Error('demo render needs at least one variant')
  const names = new Set<string>()
  for (const v of variants) {
    if (!/^[a-z][a-z0-9]{0,15}$/.test(v.name) || names.has(v.name))
      throw new Error(`bad or duplicate demo variant name: ${v.name}`)
    if (v.width % 2 || v.height % 2 || v.width < 16 || v.height < 16)
      throw new Error(`demo variant ${v.name} needs even dimensions ≥ 16`)
    names.add(v.name)
  }
}

export function createDemoRenderer(options: DemoRendererOptions): DemoRenderer {
  const params: DemoRenderParams = { ...DEFAULT_DEMO_RENDER_PARAMS, ...options.params }
  validateDemoRenderParams(params)
  // Resolved lazily so a machine without ffmpeg still starts; renders then fail (and retry later).
  let ffmpegPath = options.ffmpegPath
  const fonts = options.fonts ?? detectDemoFonts()
  const concurrency = Math.max(1, options.concurrency ?? 2)
  const backgroundConcurrency = Math.max(
    1,
    Math.min(concurrency, options.backgroundConcurrency ?? 1)
  )
  const jobs = new Map<string, Job>()
  for (const camera of options.cameras)
    jobs.set(camera.code, {
      camera,
      state: 'idle',
      rank: Number.POSITIVE_INFINITY,
      failures: 0,
      retryAt: 0,
      waiters: []
    })
  /** One FIFO per priority rank. */
  const tiers: string[][] = [[], [], []]
  let running = 0
  let closed = false
  const abort = new AbortController()
  const pruned = pruneDemoCacheTemp(options.cacheDir)

  function takeNext(): Job | undefined {
    for (const [rank, tier] of tiers.entries()) {
      // Background renders never take more than backgroundConcurrency slots.
      if (rank === PRIORITY_RANK.background && running >= backgroundConcurrency) return undefined
      while (tier.length > 0) {
        const job = jobs.get(tier.shift() ?? '')
        if (job?.state === 'queued') return job
      }
    }
    return undefined
  }

  function enqueue(job: Job, rank: number, front: boolean): void {
    if (job.state === 'queued' && job.rank <= rank && !front) return
    // A stale entry in a lower tier is skipped by takeNext once the state moves on.
    const tier = tiers[rank] ?? []
    const code = job.camera.code
    const at = tier.indexOf(code)
    if (at >= 0) tier.splice(at, 1)
    if (front) tier.unshift(code)
    else tier.push(code)
    job.rank = rank
    job.state = 'queued'
  }

  function settle(job: Job): void {
    const waiters = job.waiters.splice(0)
    for (const w of waiters) {
      if (job.state === 'ready' && job.loop) w.resolve(job.loop)
      else w.reject(job.error ?? new Error(`demo camera ${job.camera.code} not rendered`))
    }
  }

  function pump(): void {
    while (!closed && running < concurrency) {
      const job = takeNext()
      if (!job) return
      job.state = 'rendering'
      running++
      void (async () => {
        try {
          await pruned
          ffmpegPath ??= resolveFfmpeg().path
          const loop = await renderDemoLoop({
            cacheDir: options.cacheDir,
            ffmpegPath,
            camera: job.camera,
            params,
            fonts,
            signal: abort.signal,
            niceness: options.niceness
          })
          job.loop = loop
          job.state = 'ready'
          job.failures = 0
          options.onRendered?.(loop)
        } catch (err) {
          job.error = err instanceof Error ? err : new Error(String(err))
          job.state = 'failed'
          job.failures++
          job.retryAt = Date.now() + Math.min(60_000, 2_000 * 2 ** (job.failures - 1))
          if (!closed) options.onError?.(job.camera.code, err)
        } finally {
          running--
          settle(job)
          pump()
        }
      })()
    }
  }

  function request(
    codes: readonly string[],
    priority: DemoRenderPriority
  ): Promise<RenderedLoop>[] {
    if (closed) return codes.map(() => Promise.reject(new Error('demo renderer closed')))
    const rank = PRIORITY_RANK[priority]
    const promises: Promise<RenderedLoop>[] = []
    // Wall requests go to the front in the given order, so iterate backwards.
    const ordered = priority === 'wall' ? [...codes].reverse() : codes
    for (const code of ordered) {
      const job = jobs.get(code)
      if (!job) {
        promises.push(Promise.reject(new Error(`unknown demo camera ${code}`)))
        continue
      }
      if (job.state === 'ready' && job.loop) {
        promises.push(Promise.resolve(job.loop))
        continue
      }
      // Players poll an unrendered camera every second; a broken ffmpeg must not be respawned that often.
      if (job.state === 'failed' && Date.now() < job.retryAt) {
        promises.push(
          Promise.reject(job.error ?? new Error(`demo camera ${code} failed to render`))
        )
        continue
      }
      promises.push(new Promise((resolve, reject) => job.waiters.push({ resolve, reject })))
      if (job.state === 'rendering') continue
      if (job.state !== 'queued') job.error = undefined
      enqueue(job, rank, priority === 'wall')
    }
    pump()
    return priority === 'wall' ? promises.reverse() : promises
  }

  return {
    params,
    ensure: (codes, priority = 'wall') => Promise.all(request(codes, priority)),
    async ensureAll() {
      const codes = [...jobs.keys()]
      const settled = await Promise.allSettled(request(codes, 'background'))
      const ready: RenderedLoop[] = []
      const failed: { code: string; error: unknown }[] = []
      settled.forEach((r, i) => {
        if (r.status === 'fulfilled') ready.push(r.value)
        else failed.push({ code: codes[i] ?? '', error: r.reason })
      })
      return { ready, failed }
    },
    get: (code) => jobs.get(code)?.loop,
    invalidate(code) {
      const job = jobs.get(code)
      if (!job || job.state !== 'ready' || !job.loop) return
      job.loop = undefined
      job.state = 'idle'
      // The stat check in readManifest fails for the damaged entry, so the render rewrites it.
      for (const p of request([code], 'demand')) p.catch(() => undefined)
    },
    status: (code) => jobs.get(code)?.state ?? 'unknown',
    async close() {
      closed = true
      abort.abort()
      for (const tier of tiers) tier.length = 0
      for (const job of jobs.values()) {
        if (job.state === 'queued') {
          job.state = 'idle'
          settle(job)
        }
      }
      // Let running renders observe the abort and clean their temp dirs.
      while (running > 0) await new Promise((r) => setTimeout(r, 10))
    }
  }
}
