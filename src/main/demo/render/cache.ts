/**
 * Rendered demo loops in a content-addressed cache: one ffmpeg run renders
 * every variant of a camera into a private temp dir that is renamed into
 * place only when complete, so a killed render never leaves a half entry.
 */
import { createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ffmpegVersion, runFfmpeg } from '../../media/ffmpeg'
import { parseMediaPlaylist } from '../../media/hls/playlist'
import {
  countPayloadPackets,
  findAvcCodecString,
  readTsTimestamps,
  TS_CLOCK_HZ
} from '../../media/hls/tsTimestamps'
import {
  RENDER_SCHEMA,
  type DemoCamera,
  type DemoRenderParams,
  type DemoVariantSpec,
  type RenderedLoop,
  type RenderedSegment,
  type RenderedVariant
} from './params'
import type { DemoFonts } from './fonts'
import { encoderArgs, ffmpegHasDrawtext, fnv1a, planGraph } from './graph'

export interface RenderLoopOptions {
  cacheDir: string
  ffmpegPath: string
  camera: DemoCamera
  params: DemoRenderParams
  fonts: DemoFonts
  signal?: AbortSignal
  niceness?: number
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
