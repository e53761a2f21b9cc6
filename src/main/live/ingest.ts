import net from 'node:net'
import { spawnSync } from 'node:child_process'
import type { LiveFailure } from '../../shared/domain/live'

/**
 * How main reads a stream URL: rtsp (over TCP), rtmp, HTTP-FLV and WS-FLV
 * (what GB/T 28181 platforms such as WVP/ZLMediaKit hand out; the socket is
 * read in Node and piped into ffmpeg), http(s) HLS (relayed, so the renderer
 * never contacts a camera), demo (the built-in demo source's segments), and
 * room (`room+ws(s)://`: another room server of the district relaying a camera
 * it serves, fMP4 over its live socket, read in Node like WS-FLV).
 * null: nothing main can read.
 */
export type IngestKind = 'rtsp' | 'rtmp' | 'http-flv' | 'ws-flv' | 'hls' | 'demo' | 'room'

export function ingestKind(url: string | null | undefined): IngestKind | null {
  if (!url) return null
  const flv = /\.flv(\?|$)/i.test(url)
  if (/^rtsps?:\/\//i.test(url)) return 'rtsp'
  if (/^rtmps?:\/\//i.test(url)) return 'rtmp'
  if (/^wss?:\/\//i.test(url)) return flv ? 'ws-flv' : null
  if (/^https?:\/\//i.test(url)) return flv ? 'http-flv' : 'hls'
  if (/^demo:\/\//i.test(url)) return 'demo'
  if (/^room\+wss?:\/\//i.test(url)) return 'room'
  return null
}

/**
 * Streams that only main can read (RTSP, RTMP, HTTP/WS-FLV): the recorder and
 * health reach them as clients of the live service. HLS and demo streams the
 * recorder and health read on their own (plain HTTP pulls of one playlist;
 * the demo source in process); the wall plays every kind through the service.
 */
export function isIngestUrl(url: string | null | undefined): url is string {
  const k = ingestKind(url)
  return k === 'rtsp' || k === 'rtmp' || k === 'http-flv' || k === 'ws-flv'
}

/** Whether the wall plays this URL through the live service (every kind main can read). */
export function isLiveSourceUrl(url: string | null | undefined): url is string {
  return ingestKind(url) !== null
}

/** `demo://CODE/VARIANT` as upstreamUrl builds it. */
export function parseDemoUpstream(url: string): { code: string; variant: string } | null {
  const m = /^demo:\/\/([^/?#]+)\/([a-z][a-z0-9]*)$/i.exec(url)
  return m ? { code: decodeURIComponent(m[1] ?? ''), variant: m[2] ?? '' } : null
}

/**
 * Why an ffmpeg ingest ended, from its stderr: the camera's answer when there
 * is one (RTSP/HTTP status lines as ffmpeg logs them), else the socket error.
 * `hadFrames`: it played before, so a plain end is the camera closing the stream.
 */
export function classifyIngestExit(stderr: string, hadFrames: boolean): LiveFailure {
  if (/\b401\b|Unauthorized|authorization failed/i.test(stderr)) return 'auth'
  if (/\b(404|454)\b|Not Found|Session Not Found/i.test(stderr)) return 'not_found'
  if (
    /Connection refused|No route to host|Network is unreachable|Connection timed out|timed out|Name or service not known|Temporary failure in name resolution|Immediate exit requested/i.test(
      stderr
    )
  )
    return hadFrames ? 'ended' : 'unreachable'
  if (hadFrames) return 'ended'
  if (/Invalid data found|could not find codec|dimensions not set/i.test(stderr)) return 'error'
  return /End of file|Connection reset/i.test(stderr) ? 'ended' : 'error'
}

/** The first line of stderr worth showing in a tooltip. */
export function ingestDetail(stderr: string): string | null {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  const line = lines.find((l) => /failed|error|refused|returned|timed out/i.test(l)) ?? lines[0]
  // credentials never leave main in a message
  return line ? line.replace(/\/\/[^/@\s]*@/g, '//').slice(0, 200) : null
}

/**
 * Delay before the next attempt after a failure: a wrong password backs off
 * to minutes (no retry storm that locks the camera's account), a missing path
 * to a minute, and a camera that went away is tried every 2 s so it plays
 * again within seconds of returning.
 */
export function retryDelayMs(reason: LiveFailure, attempt: number): number {
  const grow = (base: number, cap: number) => Math.min(cap, base * 2 ** Math.min(attempt, 10))
  switch (reason) {
    case 'auth':
      return grow(30_000, 10 * 60_000)
    case 'not_found':
    case 'unsupported':
    case 'codec':
      return grow(10_000, 60_000)
    case 'budget':
      return 10_000
    default:
      return grow(1000, 2000)
  }
}

/** host:port an rtsp/rtmp/http/ws URL connects to. */
export function endpointOf(url: string): { host: string; port: number } | null {
  try {
    const u = new URL(url.replace(/^room\+/i, ''))
    const defaults: Record<string, number> = {
      'rtsp:': 554,
      'rtsps:': 322,
      'rtmp:': 1935,
      'rtmps:': 443,
      'http:': 80,
      'https:': 443,
      'ws:': 80,
      'wss:': 443
    }
    const port = u.port ? Number(u.port) : defaults[u.protocol]
    if (!port) return null
    return { host: u.hostname.replace(/^\[|\]$/g, ''), port }
  } catch {
    return null
  }
}

/**
 * A TCP connect with a deadline, before anything is spawned: a dead camera
 * costs one socket, not an ffmpeg process (5,000 dead cameras fit a probe cycle).
 */
export function connectCheck(url: string, timeoutMs: number): Promise<boolean> {
  const ep = endpointOf(url)
  if (!ep) return Promise.resolve(false)
  return new Promise((resolve) => {
    const socket = net.connect({ host: ep.host, port: ep.port })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('connect', () => done(true))
    socket.once('error', () => done(false))
  })
}

const timeoutOption = new Map<string, string>()

/**
 * The RTSP socket-timeout option of this ffmpeg: `-stimeout` up to 4.x,
 * `-timeout` from 5 on (where the old name is gone and `-timeout` no longer
 * means "listen").
 */
export function rtspTimeoutOption(ffmpegPath: string): string {
  let opt = timeoutOption.get(ffmpegPath)
  if (!opt) {
    const r = spawnSync(ffmpegPath, ['-hide_banner', '-h', 'demuxer=rtsp'], { encoding: 'utf8' })
    opt = /-stimeout\b/.test(`${r.stdout}${r.stderr}`) ? '-stimeout' : '-timeout'
    timeoutOption.set(ffmpegPath, opt)
  }
  return opt
}

/**
 * ffmpeg arguments: one upstream in, fragmented MP4 out on stdout, one
 * fragment per frame (so nothing waits for a whole GOP), video only.
 * WS-FLV and demo streams come in on stdin (Node reads the socket, or the
 * demo source's segments). HLS starts at the newest segment.
 * `transcode`: H.264 at 360 lines for screens that cannot decode the source.
 */
export function ingestArgs(
  url: string,
  opts: { ffmpegPath: string; transcode: boolean }
): string[] {
  const input: string[] = ['-hide_banner', '-loglevel', 'error', '-nostdin']
  const kind = ingestKind(url)
  if (kind === 'rtsp')
    input.push('-rtsp_transport', 'tcp', rtspTimeoutOption(opts.ffmpegPath), '5000000')
  else if (kind === 'rtmp') input.push('-rw_timeout', '5000000')
  else if (kind === 'hls') input.push('-rw_timeout', '5000000', '-live_start_index', '-1')
  else if (kind === 'ws-flv') input.push('-f', 'flv')
  else if (kind === 'demo') input.push('-f', 'mpegts')
  else if (kind === 'room') input.push('-f', 'mp4')
  else input.push('-rw_timeout', '5000000', '-reconnect', '0')
  input.push('-fflags', 'nobuffer', '-analyzeduration', '1000000', '-probesize', '1000000')
  const stdin = kind === 'ws-flv' || kind === 'demo' || kind === 'room'
  input.push('-i', stdin ? 'pipe:0' : url, '-map', '0:v:0', '-an', '-sn', '-dn')
  const codec = opts.transcode
    ? [
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-tune',
        'zerolatency',
        '-profile:v',
        'baseline',
        '-g',
        '25',
        '-vf',
        'scale=-2:360'
      ]
    : ['-c:v', 'copy']
  return [
    ...input,
    ...codec,
    '-f',
    'mp4',
    '-movflags',
    'empty_moov+default_base_moof+frag_every_frame',
    '-flush_packets',
    '1',
    'pipe:1'
  ]
}
