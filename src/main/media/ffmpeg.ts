import { spawn } from 'node:child_process'
import { accessSync, constants as fsConstants } from 'node:fs'
import { createRequire } from 'node:module'
import { setPriority } from 'node:os'
import { join, sep } from 'node:path'
import { pathToFileURL } from 'node:url'

export interface ResolveFfmpegOptions {
  /** Explicit binary path; wins over everything else. */
  ffmpegPath?: string
  /** The environment to honour WATCHROOM_FFMPEG from (the entry points pass theirs; absent: none). */
  env?: NodeJS.ProcessEnv
}

export interface ResolvedFfmpeg {
  path: string
  source: 'option' | 'env' | 'installer' | 'system'
}

const SYSTEM_CANDIDATES = ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg', '/opt/homebrew/bin/ffmpeg']

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK)
    return true
  } catch {
    return false
  }
}

function moduleRequire(): NodeRequire {
  // import.meta.url is empty when this module is bundled to CommonJS; fall back
  // to the bundle's own file, then to the working directory.
  const url: unknown = import.meta.url
  if (typeof url === 'string' && url.length > 0) return createRequire(url)
  if (typeof __filename === 'string') return createRequire(__filename)
  return createRequire(pathToFileURL(join(process.cwd(), 'index.js')).href)
}

/** Path of the static ffmpeg shipped by @ffmpeg-installer, or undefined on platforms it lacks. */
export function installerFfmpegPath(): string | undefined {
  try {
    const mod = moduleRequire()('@ffmpeg-installer/ffmpeg') as { path?: unknown }
    if (typeof mod.path !== 'string') return undefined
    // Inside a packaged Electron app the binary lives in the unpacked twin of the asar.
    const path = mod.path.replace(`app.asar${sep}`, `app.asar.unpacked${sep}`)
    return isExecutable(path) ? path : undefined
  } catch {
    // The installer throws (a string, not an Error) on unsupported platforms.
    return undefined
  }
}

/**
 * Pick the ffmpeg binary: explicit option → WATCHROOM_FFMPEG → @ffmpeg-installer → system.
 * Throws when none is usable, naming every place that was tried.
 */
export function resolveFfmpeg(options: ResolveFfmpegOptions = {}): ResolvedFfmpeg {
  if (options.ffmpegPath) return { path: options.ffmpegPath, source: 'option' }
  const fromEnv = options.env?.WATCHROOM_FFMPEG
  if (fromEnv) return { path: fromEnv, source: 'env' }
  const installer = installerFfmpegPath()
  if (installer) return { path: installer, source: 'installer' }
  for (const candidate of SYSTEM_CANDIDATES) {
    if (isExecutable(candidate)) return { path: candidate, source: 'system' }
  }
  throw new Error(
    `ffmpeg not found: set WATCHROOM_FFMPEG, install @ffmpeg-installer/ffmpeg or put ffmpeg at ${SYSTEM_CANDIDATES.join(', ')}`
  )
}

/** ffprobe next to the chosen ffmpeg or at a system path; the installer package ships none. */
export function resolveFfprobe(ffmpegPath?: string): string | undefined {
  const candidates: string[] = []
  if (ffmpegPath && /ffmpeg(\.exe)?$/.test(ffmpegPath))
    candidates.push(ffmpegPath.replace(/ffmpeg(\.exe)?$/, 'ffprobe$1'))
  candidates.push('/usr/bin/ffprobe', '/usr/local/bin/ffprobe')
  return candidates.find(isExecutable)
}

export class FfmpegError extends Error {
  readonly exitCode: number | null
  readonly signal: NodeJS.Signals | null
  readonly stderrTail: string

  constructor(
    message: string,
    exitCode: number | null,
    signal: NodeJS.Signals | null,
    stderrTail: string
  ) {
    super(stderrTail ? `${message}\n${stderrTail}` : message)
    this.name = 'FfmpegError'
    this.exitCode = exitCode
    this.signal = signal
    this.stderrTail = stderrTail
  }
}

export interface RunFfmpegOptions {
  ffmpegPath?: string
  signal?: AbortSignal
  cwd?: string
  /** Unix niceness 0..19 applied right after spawn; renders must not starve the UI. */
  niceness?: number
  /** Characters of stderr kept for the error message. */
  stderrTailChars?: number
  /** Resolve even on this non-zero exit code (`ffmpeg -i x` exits 1 by design). */
  allowExitCodes?: readonly number[]
}

export interface RunFfmpegResult {
  exitCode: number
  stdout: string
  stderr: string
}

const STDERR_KEEP = 64 * 1024

/** Run ffmpeg with args (no shell). Rejects with FfmpegError carrying the stderr tail. */
export function runFfmpeg(
  args: readonly string[],
  options: RunFfmpegOptions = {}
): Promise<RunFfmpegResult> {
  const bin = options.ffmpegPath ?? resolveFfmpeg().path
  const tailChars = options.stderrTailChars ?? 2000
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new FfmpegError('ffmpeg aborted before start', null, null, ''))
      return
    }
    const child = spawn(bin, [...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
      windowsHide: true
    })
    if (options.niceness !== undefined && child.pid !== undefined) {
      try {
        setPriority(child.pid, options.niceness)
      } catch {
        // Lowering priority is best effort (e.g. sandboxed or already exited).
      }
    }
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      if (stdout.length < STDERR_KEEP) stdout += chunk
    })
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk
      // Long renders log a lot; keep only what an error message could use.
      if (stderr.length > STDERR_KEEP * 2) stderr = stderr.slice(-STDERR_KEEP)
    })
    let settled = false
    child.on('error', (err) => {
      if (settled) return
      settled = true
      const aborted = options.signal?.aborted === true
      reject(
        new FfmpegError(
          aborted ? 'ffmpeg aborted' : `ffmpeg failed to start (${bin}): ${err.message}`,
          null,
          null,
          stderr.slice(-tailChars).trim()
        )
      )
    })
    child.on('close', (code, signal) => {
      if (settled) return
      settled = true
      if (code === 0 || (code !== null && options.allowExitCodes?.includes(code))) {
        resolve({ exitCode: code, stdout, stderr })
        return
      }
      const what = signal ? `ffmpeg killed by ${signal}` : `ffmpeg exited with code ${String(code)}`
      reject(new FfmpegError(what, code, signal, stderr.slice(-tailChars).trim()))
    })
  })
}

const versionCache = new Map<string, Promise<string>>()

/** First line of `ffmpeg -version`, memoised per binary; part of render cache keys. */
export function ffmpegVersion(ffmpegPath?: string): Promise<string> {
  const bin = ffmpegPath ?? resolveFfmpeg().path
  let cached = versionCache.get(bin)
  if (!cached) {
    cached = runFfmpeg(['-hide_banner', '-version'], { ffmpegPath: bin }).then((r) =>
      (r.stdout.split('\n')[0] ?? '').trim()
    )
    cached.catch(() => versionCache.delete(bin))
    versionCache.set(bin, cached)
  }
  return cached
}

export interface ProbedStream {
  index: number
  type: 'video' | 'audio' | 'data' | 'subtitle' | 'other'
  codec: string
  width?: number
  height?: number
  fps?: number
}

export interface ProbeResult {
  durationSec?: number
  startSec?: number
  bitrateKbps?: number
  streams: ProbedStream[]
}

function parseClock(text: string): number | undefined {
  const m = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(text)
  if (!m) return undefined
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3])
}

/** Parse the input summary `ffmpeg -i` prints; good enough where no ffprobe exists. */
export function parseFfmpegInputInfo(stderr: string): ProbeResult {
  const result: ProbeResult = { streams: [] }
  const header = /Duration:\s*([^,]+),\s*start:\s*(-?[\d.]+)(?:,\s*bitrate:\s*(\d+)\s*kb\/s)?/.exec(
    stderr
  )
  if (header) {
    result.durationSec = parseClock(header[1]?.trim() ?? '')
    result.startSec = Number(header[2])
    if (header[3]) result.bitrateKbps = Number(header[3])
  }
  const streamRe = /Stream #\d+:(\d+)[^:]*: (Video|Audio|Data|Subtitle|[A-Za-z]+): ([^\n]*)/g
  for (const m of stderr.matchAll(streamRe)) {
    const kind = (m[2] ?? '').toLowerCase()
    const rest = m[3] ?? ''
    const stream: ProbedStream = {
      index: Number(m[1]),
      type:
        kind === 'video' || kind === 'audio' || kind === 'data' || kind === 'subtitle'
          ? kind
          : 'other',
      codec: /^([\w-]+)/.exec(rest)?.[1] ?? 'unknown'
    }
    if (stream.type === 'video') {
      const size = /(?:^|[\s,])(\d{2,5})x(\d{2,5})(?=[\s,[]|$)/.exec(rest)
      if (size) {
        stream.width = Number(size[1])
        stream.height = Number(size[2])
      }
      const fps = /([\d.]+) fps/.exec(rest)
      if (fps) stream.fps = Number(fps[1])
    }
    result.streams.push(stream)
  }
  return result
}

/** Container summary of a file or URL via `ffmpeg -i`. */
export async function probeMedia(
  input: string,
  options: Pick<RunFfmpegOptions, 'ffmpegPath' | 'signal'> = {}
): Promise<ProbeResult> {
  const { stderr } = await runFfmpeg(['-hide_banner', '-i', input], {
    ...options,
    allowExitCodes: [1]
  })
  const info = parseFfmpegInputInfo(stderr)
  if (info.streams.length === 0)
    throw new FfmpegError(`no streams found in ${input}`, 1, null, stderr.slice(-2000).trim())
  return info
}
