import { describe, expect, it } from 'vitest'
import {
  canRecoverMedia,
  classifyHlsError,
  CONNECT_TIMEOUT_MS,
  retryDelayMs,
  watchdogVerdict
} from '../../../../src/renderer/src/features/wall/classifyHlsError'

describe('classifyHlsError', () => {
  it('ignores non-fatal errors but remembers what they hint at', () => {
    expect(
      classifyHlsError({
        fatal: false,
        type: 'networkError',
        details: 'fragLoadError',
        httpStatus: 404
      })
    ).toEqual({ kind: 'ignore', hint: 'not_found' })
    expect(
      classifyHlsError({ fatal: false, type: 'mediaError', details: 'fragParsingError' })
    ).toEqual({ kind: 'ignore', hint: 'media' })
    expect(classifyHlsError({ fatal: false, type: 'otherError', details: 'x' })).toEqual({
      kind: 'ignore'
    })
  })

  it('maps fatal network errors to offline with a reason from the HTTP status', () => {
    const net = (httpStatus?: number, details = 'manifestLoadError') =>
      classifyHlsError({ fatal: true, type: 'networkError', details, httpStatus })
    expect(net(404)).toEqual({ kind: 'offline', reason: 'not_found' })
    expect(net(410)).toEqual({ kind: 'offline', reason: 'not_found' })
    expect(net(401)).toEqual({ kind: 'offline', reason: 'forbidden' })
    expect(net(503)).toEqual({ kind: 'offline', reason: 'unavailable' })
    expect(net(undefined, 'levelLoadTimeOut')).toEqual({ kind: 'offline', reason: 'timeout' })
    expect(net(0)).toEqual({ kind: 'offline', reason: 'network' })
  })

  it('tries media recovery for fatal media errors and treats other fatal errors as unknown', () => {
    expect(
      classifyHlsError({ fatal: true, type: 'mediaError', details: 'bufferStalledError' })
    ).toEqual({ kind: 'recoverMedia', reason: 'media' })
    expect(classifyHlsError({ fatal: true, type: 'muxError', details: 'x' })).toEqual({
      kind: 'offline',
      reason: 'unknown'
    })
  })
})

describe('retry and recovery policy', () => {
  it('backs off 1, 2, 4 s and never waits more than 4 s, so a returning source plays within 10 s', () => {
    expect([0, 1, 2, 3, 10, 100].map(retryDelayMs)).toEqual([1000, 2000, 4000, 4000, 4000, 4000])
    expect(retryDelayMs(-1)).toBe(1000)
  })

  it('rate-limits recoverMediaError to once per 10 s', () => {
    expect(canRecoverMedia(null, 0)).toBe(true)
    expect(canRecoverMedia(1000, 5000)).toBe(false)
    expect(canRecoverMedia(1000, 11_001)).toBe(true)
  })

  it('the watchdog marks a frozen picture stalled, then restarts it; a connection that never shows a frame is restarted', () => {
    expect(watchdogVerdict('playing', 1000)).toBe('ok')
    expect(watchdogVerdict('playing', 3500)).toBe('stalled')
    expect(watchdogVerdict('stalled', 8500)).toBe('restart')
    expect(watchdogVerdict('connecting', 9000)).toBe('ok')
    expect(watchdogVerdict('connecting', CONNECT_TIMEOUT_MS + 1)).toBe('restart')
  })
})
