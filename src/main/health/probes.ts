import http from 'node:http'
import https from 'node:https'
import { parsePlaylist, type MediaPlaylist } from '../media/hls/playlist'
import { probeMedia } from '../media/ffmpeg'
import type { ProbeOutcome } from './judge'

export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers?: Record<string, string> }
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 32 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 32 })
}

/**
 * GET with keep-alive sockets. Not the global fetch: undici costs about ten
 * times the CPU per small request, and 500 playlists a cycle made the event
 * loop stall for 100-200 ms (scripts/bench/registry.bench.ts). Follows up to
 * two redirects; the body is capped.
 */
export const httpGet: FetchLike = (url, init) =>
  new Promise((resolve, reject) => {
    const go = (target: string, hops: number) => {
      const u = new URL(target)
      const mod = u.protocol === 'https:' ? https : http
      const req = mod.get(
        u,
        {
          agent: u.protocol === 'https:' ? agents.https : agents.http,
          headers: init.headers,
          signal: init.signal
        },
        (res) => {
          const status = res.statusCode ?? 0
          if (status >= 300 && status < 400 && res.headers.location && hops < 2) {
            res.resume()
            go(new URL(res.headers.location, u).toString(), hops + 1)
            return
          }
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => {
            body += d
            if (body.length > MAX_PLAYLIST_CHARS) req.destroy(new Error('playlist too large'))
          })
          res.on('end', () =>
            resolve({
              ok: status >= 200 && status < 300,
              status,
              text: () => Promise.resolve(body)
            })
          )
          res.on('error', reject)
        }
      )
      req.on('error', (err) => reject(init.signal.aborted ? (init.signal.reason as Error) : err))
    }
    go(url, 0)
  })

/** A playlist fetched (following a master playlist to its smallest variant), or why not. */
export type FetchedPlaylist = { playlist: MediaPlaylist } | { outcome: ProbeOutcome }

const MAX_PLAYLIST_CHARS = 1024 * 1024

/**
 * Fetches an HLS playlist with a deadline. Unreachable, HTTP errors and
 * timeouts are `offline`; something that answers but is not a usable
 * playlist is `degraded`.
 */
export async function fetchLivePlaylist(
  url: string,
  opts: { fetch: FetchLike; timeoutMs: number }
): Promise<FetchedPlaylist> {
  const signal = AbortSignal.timeout(opts.timeoutMs)
  let current = url
  for (let hop = 0; hop < 2; hop++) {
    let text: string
    try {
      const res = await opts.fetch(current, { signal, headers: { 'Cache-Control': 'no-cache' } })
      if (!res.ok) return { outcome: { status: 'offline', detail: `HTTP ${res.status}` } }
      text = await res.text()
    } catch (err) {
      const name = err instanceof Error ? err.name : ''
      if (name === 'TimeoutError' || name === 'AbortError')
        return { outcome: { status: 'offline', detail: `no answer within ${opts.timeoutMs} ms` } }
      const cause =
        err instanceof Error && err.cause instanceof Error
          ? err.cause.message
          : err instanceof Error
            ? err.message
            : String(err)
      return { outcome: { status: 'offline', detail: cause.slice(0, 200) } }
    }
    if (text.length > MAX_PLAYLIST_CHARS)
      return { outcome: { status: 'degraded', detail: 'playlist too large' } }
    let pl
    try {
      pl = parsePlaylist(text)
    } catch (err) {
      return {
        outcome: {
          status: 'degraded',
          detail: `not a playlist: ${err instanceof Error ? err.message.slice(0, 120) : ''}`
        }
      }
    }
    if (pl.kind === 'media') return { playlist: pl }
    const smallest = [...pl.variants].sort((a, b) => a.bandwidth - b.bandwidth)[0]
    if (!smallest)
      return { outcome: { status: 'degraded', detail: 'master playlist without variants' } }
    current = new URL(smallest.uri, current).toString()
  }
  return { outcome: { status: 'degraded', detail: 'master playlist points at another master' } }
}

/** RTSP: a short `ffmpeg -i` that must find a video stream before the deadline. */
export async function probeRtsp(
  url: string,
  opts: { ffmpegPath?: string; timeoutMs: number }
): Promise<ProbeOutcome> {
  try {
    const info = await probeMedia(url, {
      ffmpegPath: opts.ffmpegPath,
      signal: AbortSignal.timeout(opts.timeoutMs)
    })
    return info.streams.some((s) => s.type === 'video')
      ? { status: 'online', detail: null }
      : { status: 'degraded', detail: 'no video stream' }
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    return {
      status: 'offline',
      detail: /abort/i.test(msg) ? `no answer within ${opts.timeoutMs} ms` : msg.slice(0, 200)
    }
  }
}
