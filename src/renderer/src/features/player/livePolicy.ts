import type { LiveFailure, LiveState } from '../../../../shared/domain/live'

/**
 * How the live player keeps to the live edge, from how far the buffered end
 * is ahead of the playhead (seconds). Far behind (a hidden tab, a long
 * stall) jumps; a little behind plays slightly faster until caught up; and
 * a cushion of a few frames is kept, playing a little slower when it runs
 * thin: a playhead that reaches the newest frame stalls on every late
 * packet, and Chromium drops frames on resuming (the live bench counted
 * 1.8 stalls and 0.2 dropped frames a second per tile at 16 tiles with a
 * 0.15 s hold, against 0.02 on the bare hls.js page).
 */
export function catchUp(lagS: number): { seek: boolean; rate: number } {
  if (lagS > 2) return { seek: true, rate: 1 }
  if (lagS > 1) return { seek: false, rate: 1.15 }
  if (lagS > 0.6) return { seek: false, rate: 1.05 }
  if (lagS < 0.15) return { seek: false, rate: 0.95 }
  return { seek: false, rate: 1 }
}

/** Where the playhead goes on a jump: a cushion of a few frames behind the newest. */
export const LIVE_EDGE_HOLD_S = 0.35

/** What a player does with a codec the screen cannot decode, per the stream URL's `fallback`. */
export type CodecFallback = 'sub' | 'transcode' | null

/**
 * The next URL to try when this screen cannot decode the stream (H.265 in a
 * browser without HEVC): the camera's sub-stream when it has one, else a
 * transcode by main; null when there is nothing left (say "codec").
 */
export function fallbackUrl(url: string): { url: string; note: 'sub' | 'transcoded' } | null {
  const [path = '', query = ''] = url.split('?')
  const q = new URLSearchParams(query)
  const fb = q.get('fallback')
  if (fb !== 'sub' && fb !== 'transcode') return null
  q.delete('fallback')
  if (fb === 'sub') q.set('stream', 'sub')
  else q.set('transcode', '1')
  return { url: `${path}?${q.toString()}`, note: fb === 'sub' ? 'sub' : 'transcoded' }
}

/**
 * A live socket URL as the browser needs it: ws(s), absolute. Where main
 * names a socket base (the desktop app, whose pages come from its own scheme)
 * that base stands in for the media base; otherwise the page's origin serves.
 */
export function socketUrl(
  url: string,
  location: { protocol: string; host: string },
  bases?: { mediaBase: string; liveSocketBase: string | null }
): string {
  if (/^wss?:\/\//.test(url)) return url
  if (/^https?:\/\//.test(url)) return url.replace(/^http/, 'ws')
  if (bases?.liveSocketBase && url.startsWith(`${bases.mediaBase}/`))
    return `${bases.liveSocketBase}${url.slice(bases.mediaBase.length)}`
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${url}`
}

/** What the tile shows for a state main reports; `null`: let the picture decide (playing). */
export function tileStateOf(
  s: LiveState
):
  | { status: 'connecting' }
  | { status: 'stalled'; sinceMs: number }
  | { status: 'offline'; reason: LiveFailure; retryAt: number | null; detail: string | null }
  | null {
  switch (s.status) {
    case 'connecting':
      return { status: 'connecting' }
    case 'stalled':
      return { status: 'stalled', sinceMs: s.sinceMs }
    case 'failed':
      return {
        status: 'offline',
        reason: s.reason,
        // a codec this screen cannot play stays so (main only looks again in case settings change)
        retryAt: s.reason === 'codec' ? null : (s.retryAt ?? Date.now()),
        detail: s.detail
      }
    case 'playing':
      return null
  }
}
