import { describe, expect, it } from 'vitest'
import {
  canRecoverMedia,
  CONNECT_TIMEOUT_MS,
  decide,
  hlsFailure,
  retryDelayMs,
  VOD_MAX_RETRIES,
  type PolicyContext
} from '../../../../src/renderer/src/features/player/errorPolicy'

const live = (attempt = 0, extra: Partial<PolicyContext> = {}): PolicyContext => ({
  mode: 'live',
  attempt,
  lastRecoveryAt: null,
  now: 100_000,
  ...extra
})
const vod = (attempt = 0, extra: Partial<PolicyContext> = {}): PolicyContext => ({
  ...live(attempt, extra),
  mode: 'vod'
})

describe('hls.js errors as player failures', () => {
  it('leaves non-fatal errors to hls.js', () => {
    expect(
      hlsFailure({ fatal: false, type: 'networkError', details: 'fragLoadError', httpStatus: 404 })
    ).toBeNull()
    expect(hlsFailure({ fatal: false, type: 'mediaError', details: 'fragParsingError' })).toBeNull()
  })

  it('reads fatal network errors with their HTTP status, and media errors as media', () => {
    expect(
      hlsFailure({ fatal: true, type: 'networkError', details: 'levelLoadError', httpStatus: 404 })
    ).toEqual({ kind: 'network', httpStatus: 404, timeout: false })
    expect(hlsFailure({ fatal: true, type: 'networkError', details: 'fragLoadTimeOut' })).toEqual({
      kind: 'network',
      httpStatus: undefined,
      timeout: true
    })
    expect(hlsFailure({ fatal: true, type: 'mediaError', details: 'bufferStalledError' })).toEqual({
      kind: 'media'
    })
  })
})

describe('one policy for every player', () => {
  it('a live picture never gives up: it retries with backoff and says why meanwhile', () => {
    expect(decide({ kind: 'network', httpStatus: 404 }, live())).toEqual({
      do: 'retry',
      reason: 'not_found',
      delayMs: 1000
    })
    expect(decide({ kind: 'network', httpStatus: 503 }, live(1))).toEqual({
      do: 'retry',
      reason: 'unavailable',
      delayMs: 2000
    })
    expect(decide({ kind: 'network' }, live(50))).toEqual({
      do: 'retry',
      reason: 'network',
      delayMs: 4000
    })
  })

  it('recorded footage retries a few times quickly, then fails; a refused session fails at once', () => {
    expect(decide({ kind: 'network', timeout: true }, vod(0))).toEqual({
      do: 'retry',
      reason: 'timeout',
      delayMs: 500
    })
    expect(decide({ kind: 'network' }, vod(VOD_MAX_RETRIES))).toEqual({
      do: 'fail',
      reason: 'network'
    })
    expect(decide({ kind: 'network', httpStatus: 403 }, vod(0))).toEqual({
      do: 'fail',
      reason: 'forbidden'
    })
  })

  it('recovers a media error in place at most once per 10 s where the player can, else reconnects', () => {
    expect(decide({ kind: 'media' }, vod(0))).toEqual({ do: 'recoverMedia' })
    expect(decide({ kind: 'media' }, vod(0, { lastRecoveryAt: 95_000 }))).toEqual({
      do: 'retry',
      reason: 'media',
      delayMs: 500
    })
    // the live MSE feed has nothing to recover in place
    expect(decide({ kind: 'media' }, live(0, { recoverable: false }))).toEqual({
      do: 'retry',
      reason: 'media',
      delayMs: 1000
    })
  })

  it('an undecodable stream falls back when its URL names something to fall back to, else says "codec"', () => {
    expect(decide({ kind: 'codec', fallback: true }, live())).toEqual({ do: 'fallback' })
    expect(decide({ kind: 'codec', fallback: false }, live())).toEqual({
      do: 'fail',
      reason: 'codec'
    })
  })

  it('a frozen picture is called stalled after 3 s and reconnected after 8 s; a first frame that never comes is retried', () => {
    const frozen = (ms: number, phase: 'connecting' | 'playing' | 'stalled') =>
      decide({ kind: 'frozen', ms, phase }, live())
    expect(frozen(1000, 'playing')).toEqual({ do: 'ignore' })
    expect(frozen(3500, 'playing')).toEqual({ do: 'stalled' })
    expect(frozen(3500, 'stalled')).toEqual({ do: 'ignore' })
    expect(frozen(8500, 'stalled')).toEqual({ do: 'retry', reason: 'stalled', delayMs: 1000 })
    expect(frozen(9000, 'connecting')).toEqual({ do: 'ignore' })
    expect(frozen(CONNECT_TIMEOUT_MS + 1, 'connecting')).toEqual({
      do: 'retry',
      reason: 'timeout',
      delayMs: 1000
    })
  })

  it('backs off 1, 2, 4 s and never waits more than 4 s, so a returning source plays within 10 s', () => {
    expect([0, 1, 2, 3, 10, 100].map(retryDelayMs)).toEqual([1000, 2000, 4000, 4000, 4000, 4000])
    expect(retryDelayMs(-1)).toBe(1000)
    expect(canRecoverMedia(null, 0)).toBe(true)
    expect(canRecoverMedia(1000, 5000)).toBe(false)
    expect(canRecoverMedia(1000, 11_001)).toBe(true)
  })
})
