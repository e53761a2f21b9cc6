/** What a tile does about a failure of its stream. */
export type HlsErrorAction =
  /** the stream is gone (404, network, server down): show offline, retry later */
  | { kind: 'offline'; reason: HlsFailureReason }
  /** decoding failed: hls.js can try recoverMediaError() first */
  | { kind: 'recoverMedia'; reason: HlsFailureReason }
  /** not fatal: hls.js is handling it */
  | { kind: 'ignore' }

export type HlsFailureReason = 'not_found' | 'network' | 'timeout' | 'media' | 'unknown'

/** The fields of an hls.js ERROR event the policy looks at. */
export type HlsErrorInfo = {
  fatal: boolean
  type: string
  details: string
  httpStatus?: number
}

/**
 * Error policy for one tile, pure so it is unit-tested: fatal network errors
 * mean offline (with the HTTP status when there is one); fatal media errors
 * are worth one recoverMediaError() before a full restart.
 * Types and details are hls.js's ErrorTypes/ErrorDetails string values.
 */
export function classifyHlsError(e: HlsErrorInfo): HlsErrorAction {
  if (!e.fatal) return { kind: 'ignore' }
  if (e.type === 'mediaError') return { kind: 'recoverMedia', reason: 'media' }
  if (e.type === 'networkError') {
    if (e.httpStatus === 404 || e.httpStatus === 410) return { kind: 'offline', reason: 'not_found' }
    if (/Timeout/i.test(e.details)) return { kind: 'offline', reason: 'timeout' }
    return { kind: 'offline', reason: 'network' }
  }
  return { kind: 'offline', reason: 'unknown' }
}

/** Backoff before the n-th retry (0-based): 1 s, 2 s, 4 s, capped at 8 s so a returning source plays within 10 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(8000, 1000 * 2 ** Math.max(0, attempt))
}

/** Whether a media error may be recovered in place: at most once per 10 s. */
export function canRecoverMedia(lastRecoveryAt: number | null, now: number): boolean {
  return lastRecoveryAt === null || now - lastRecoveryAt > 10_000
}
