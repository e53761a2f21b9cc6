/** What a tile does about a failure of its stream. */
export type HlsErrorAction =
  /** the stream is gone (404, network, server down): show offline, retry later */
  | { kind: 'offline'; reason: HlsFailureReason }
  /** decoding failed: hls.js can try recoverMediaError() first */
  | { kind: 'recoverMedia'; reason: HlsFailureReason }
  /** not fatal: hls.js is handling it; `hint` says what went wrong if it turns fatal later */
  | { kind: 'ignore'; hint?: HlsFailureReason }

/**
 * Why a tile is not playing, shown on its badge: not_found (404/410),
 * forbidden (401/403: the session ended), unavailable (5xx, e.g. a source
 * still being prepared), network, timeout, media (undecodable data),
 * stalled (the live playlist stopped growing), unknown.
 */
export const HLS_FAILURE_REASONS = [
  'not_found',
  'forbidden',
  'unavailable',
  'network',
  'timeout',
  'media',
  'stalled',
  'unknown'
] as const
export type HlsFailureReason = (typeof HLS_FAILURE_REASONS)[number]

/** The fields of an hls.js ERROR event the policy looks at. */
export type HlsErrorInfo = {
  fatal: boolean
  type: string
  details: string
  httpStatus?: number
}

function networkReason(e: HlsErrorInfo): HlsFailureReason {
  const s = e.httpStatus
  if (s === 404 || s === 410) return 'not_found'
  if (s === 401 || s === 403) return 'forbidden'
  if (s !== undefined && s >= 500) return 'unavailable'
  if (/Timeout/i.test(e.details)) return 'timeout'
  return 'network'
}

/**
 * Error policy for one tile, pure so it is unit-tested: fatal network errors
 * mean offline (with the HTTP status when there is one); fatal media errors
 * are worth one recoverMediaError() before a full restart.
 * Types and details are hls.js's ErrorTypes/ErrorDetails string values.
 */
export function classifyHlsError(e: HlsErrorInfo): HlsErrorAction {
  if (!e.fatal) {
    if (e.type === 'networkError') return { kind: 'ignore', hint: networkReason(e) }
    if (e.type === 'mediaError') return { kind: 'ignore', hint: 'media' }
    return { kind: 'ignore' }
  }
  if (e.type === 'mediaError') return { kind: 'recoverMedia', reason: 'media' }
  if (e.type === 'networkError') return { kind: 'offline', reason: networkReason(e) }
  return { kind: 'offline', reason: 'unknown' }
}

/**
 * Backoff before the n-th retry (0-based): 1 s, 2 s, then every 4 s, so a
 * source that returns plays again well within 10 s (retry ≤ 4 s + start ≈ 2 s).
 */
export function retryDelayMs(attempt: number): number {
  return Math.min(4000, 1000 * 2 ** Math.max(0, attempt))
}

/** Whether a media error may be recovered in place: at most once per 10 s. */
export function canRecoverMedia(lastRecoveryAt: number | null, now: number): boolean {
  return lastRecoveryAt === null || now - lastRecoveryAt > 10_000
}

/** Picture frozen this long = "stalled" badge. */
export const STALL_AFTER_MS = 3000
/** Frozen (or never started) this long = tear down and reconnect. */
export const RESTART_AFTER_MS = 8000
/** A connection that has not shown a first frame after this long is retried. */
export const CONNECT_TIMEOUT_MS = 12_000

/** What the once-a-second watchdog of a tile decides. */
export type WatchdogVerdict = 'ok' | 'stalled' | 'restart'

/**
 * Pure watchdog: `sinceProgressMs` is how long the picture has not advanced
 * (or, before the first frame, how long the connection has been trying).
 */
export function watchdogVerdict(
  state: 'connecting' | 'playing' | 'stalled',
  sinceProgressMs: number
): WatchdogVerdict {
  if (state === 'connecting') return sinceProgressMs > CONNECT_TIMEOUT_MS ? 'restart' : 'ok'
  if (sinceProgressMs > RESTART_AFTER_MS) return 'restart'
  if (sinceProgressMs > STALL_AFTER_MS) return 'stalled'
  return 'ok'
}
