/**
 * The one error policy of every player in the renderer: the wall's live
 * player (MSE fed by main's live socket) and the recorded-footage player of
 * playback and the lookup review grid (hls.js over VOD playlists). Pure, so
 * it is unit-tested; the players only carry out what it decides.
 */

/**
 * Why a player is not playing, as a tile says it (tile.reason.*): not_found
 * (404/410), forbidden (401/403: the session ended), unavailable (5xx, e.g.
 * footage still being prepared), network, timeout, media (undecodable data),
 * stalled (the picture stopped), codec (this screen cannot decode the
 * stream and there is no way around it), unknown.
 */
export const PLAYER_FAILURE_REASONS = [
  'not_found',
  'forbidden',
  'unavailable',
  'network',
  'timeout',
  'media',
  'stalled',
  'codec',
  'unknown'
] as const
export type PlayerFailureReason = (typeof PLAYER_FAILURE_REASONS)[number]

/** Live: follows a stream that main keeps trying; vod: recorded footage, which can be given up on. */
export type PlayerMode = 'live' | 'vod'

/** Something went wrong in a player. */
export type PlayerFailure =
  /** a load or the socket failed; `httpStatus` when the server answered */
  | { kind: 'network'; httpStatus?: number; timeout?: boolean }
  /** decoding or appending failed */
  | { kind: 'media' }
  /** the screen cannot decode the stream; `fallback`: the URL names something else to try */
  | { kind: 'codec'; fallback: boolean }
  /** the picture has not moved for `ms` (or, still connecting, no first frame for `ms`) */
  | { kind: 'frozen'; ms: number; phase: 'connecting' | 'playing' | 'stalled' }

export type PlayerAction =
  | { do: 'ignore' }
  /** hls.js only: recoverMediaError() in place */
  | { do: 'recoverMedia' }
  /** try the next URL the stream names (sub-stream, transcode) */
  | { do: 'fallback' }
  /** say the picture froze; keep the connection */
  | { do: 'stalled' }
  /** tear down and start again after `delayMs`, saying why meanwhile */
  | { do: 'retry'; reason: PlayerFailureReason; delayMs: number }
  /** give up and say why */
  | { do: 'fail'; reason: PlayerFailureReason }

export type PolicyContext = {
  mode: PlayerMode
  /** retries since the picture last played */
  attempt: number
  /** when recoverMediaError() last ran (ms on the same clock as `now`), null if never */
  lastRecoveryAt: number | null
  now: number
  /** the player can recover a media error in place (hls.js can; a plain MSE feed cannot) */
  recoverable?: boolean
}

/** Picture frozen this long = "stalled". */
export const STALL_AFTER_MS = 3000
/** Frozen this long = tear down and reconnect. */
export const RESTART_AFTER_MS = 8000
/** A connection that has not shown a first frame after this long is retried. */
export const CONNECT_TIMEOUT_MS = 12_000
/** Recorded footage: retries of a failing load before the tile says it failed. */
export const VOD_MAX_RETRIES = 6

/**
 * Backoff before the n-th retry (0-based) of a live picture: 1 s, 2 s, then
 * every 4 s, so a source that returns plays again well within 10 s.
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(4000, 1000 * 2 ** Math.max(0, attempt))
}

/** Whether a media error may be recovered in place: at most once per 10 s. */
export function canRecoverMedia(lastRecoveryAt: number | null, now: number): boolean {
  return lastRecoveryAt === null || now - lastRecoveryAt > 10_000
}

function networkReason(f: { httpStatus?: number; timeout?: boolean }): PlayerFailureReason {
  const s = f.httpStatus
  if (s === 404 || s === 410) return 'not_found'
  if (s === 401 || s === 403) return 'forbidden'
  if (s !== undefined && s >= 500) return 'unavailable'
  return f.timeout ? 'timeout' : 'network'
}

/**
 * What a player does about a failure. A live picture never gives up: it
 * retries with backoff (main tells the real reason when the camera is the
 * problem). Recorded footage retries a few times, quickly, then says it
 * failed; a refused session (401/403) is not retried. A media error is first
 * recovered in place (rate-limited), then treated like a lost connection.
 */
export function decide(f: PlayerFailure, ctx: PolicyContext): PlayerAction {
  const retry = (reason: PlayerFailureReason): PlayerAction => {
    if (ctx.mode === 'live') return { do: 'retry', reason, delayMs: retryDelayMs(ctx.attempt) }
    if (reason === 'forbidden' || ctx.attempt >= VOD_MAX_RETRIES) return { do: 'fail', reason }
    return { do: 'retry', reason, delayMs: 500 * (ctx.attempt + 1) }
  }
  switch (f.kind) {
    case 'network':
      return retry(networkReason(f))
    case 'media':
      return ctx.recoverable !== false && canRecoverMedia(ctx.lastRecoveryAt, ctx.now)
        ? { do: 'recoverMedia' }
        : retry('media')
    case 'codec':
      return f.fallback ? { do: 'fallback' } : { do: 'fail', reason: 'codec' }
    case 'frozen':
      if (f.phase === 'connecting')
        return f.ms > CONNECT_TIMEOUT_MS ? retry('timeout') : { do: 'ignore' }
      if (f.ms > RESTART_AFTER_MS) return retry('stalled')
      return f.ms > STALL_AFTER_MS && f.phase === 'playing' ? { do: 'stalled' } : { do: 'ignore' }
  }
}

/** The fields of an hls.js ERROR event the policy looks at (ErrorTypes/ErrorDetails string values). */
export type HlsErrorInfo = {
  fatal: boolean
  type: string
  details: string
  httpStatus?: number
}

/**
 * An hls.js ERROR event as a PlayerFailure, or null when it is not fatal
 * (hls.js is handling it).
 */
export function hlsFailure(e: HlsErrorInfo): PlayerFailure | null {
  if (!e.fatal) return null
  if (e.type === 'mediaError') return { kind: 'media' }
  return {
    kind: 'network',
    httpStatus: e.type === 'networkError' ? e.httpStatus : undefined,
    timeout: /Timeout|TimeOut/.test(e.details)
  }
}
