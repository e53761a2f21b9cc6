import { describe, expect, it } from 'vitest'
import {
  catchUp,
  fallbackUrl,
  socketUrl,
  tileStateOf
} from '../../../../src/renderer/src/features/player/livePolicy'

describe('live player policy', () => {
  it('holds the live edge with a cushion: jumps when far behind, speeds up a little when behind, slows when the cushion runs thin', () => {
    expect(catchUp(0.3)).toEqual({ seek: false, rate: 1 })
    expect(catchUp(0.8)).toEqual({ seek: false, rate: 1.05 })
    expect(catchUp(1.5)).toEqual({ seek: false, rate: 1.15 })
    expect(catchUp(0.05)).toEqual({ seek: false, rate: 0.95 })
    // e.g. after a hidden tab: straight to the present
    expect(catchUp(12)).toEqual({ seek: true, rate: 1 })
  })

  it('falls back from an undecodable main stream to the sub-stream, else to a transcode, else nothing', () => {
    expect(fallbackUrl('/media/live/ws?camera=3&stream=main&fallback=sub')).toEqual({
      url: '/media/live/ws?camera=3&stream=sub',
      note: 'sub'
    })
    expect(fallbackUrl('/media/live/ws?camera=3&stream=main&fallback=transcode')).toEqual({
      url: '/media/live/ws?camera=3&stream=main&transcode=1',
      note: 'transcoded'
    })
    expect(fallbackUrl('/media/live/ws?camera=3&stream=sub')).toBeNull()
  })

  it('makes socket URLs absolute for host mode and the desktop media server', () => {
    const loc = { protocol: 'https:', host: 'room:5780' }
    expect(socketUrl('/media/live/ws?camera=1&stream=sub', loc)).toBe(
      'wss://room:5780/media/live/ws?camera=1&stream=sub'
    )
    expect(socketUrl('http://127.0.0.1:4000/m/abc/live/ws?camera=1&stream=sub', loc)).toBe(
      'ws://127.0.0.1:4000/m/abc/live/ws?camera=1&stream=sub'
    )
  })

  it('puts the desktop socket base in place of the media base under the app scheme', () => {
    const loc = { protocol: 'watchroom:', host: 'app' }
    const bases = { mediaBase: '/media', liveSocketBase: 'ws://127.0.0.1:4000/m/abc' }
    expect(socketUrl('/media/live/ws?camera=1&stream=sub&fallback=transcode', loc, bases)).toBe(
      'ws://127.0.0.1:4000/m/abc/live/ws?camera=1&stream=sub&fallback=transcode'
    )
    // host mode names no base: the page's own origin serves the socket
    expect(
      socketUrl(
        '/media/live/ws?camera=1&stream=sub',
        { protocol: 'http:', host: 'room:5780' },
        {
          mediaBase: '/media',
          liveSocketBase: null
        }
      )
    ).toBe('ws://room:5780/media/live/ws?camera=1&stream=sub')
    // only URLs under the media base are rewritten
    expect(socketUrl('/mediax/live/ws?camera=1', loc, bases)).toBe(
      'ws://app/mediax/live/ws?camera=1'
    )
  })

  it('turns main-reported states into tile states; playing is left to the picture', () => {
    expect(tileStateOf({ status: 'connecting' })).toEqual({ status: 'connecting' })
    expect(tileStateOf({ status: 'playing', codec: 'avc1.42C01E', transcoded: false })).toBeNull()
    expect(
      tileStateOf({ status: 'failed', reason: 'auth', retryAt: 5, detail: '401 Unauthorized' })
    ).toEqual({ status: 'offline', reason: 'auth', retryAt: 5, detail: '401 Unauthorized' })
    // not playable here is not a countdown
    expect(
      tileStateOf({ status: 'failed', reason: 'codec', retryAt: 5, detail: 'transcoding is off' })
    ).toEqual({ status: 'offline', reason: 'codec', retryAt: null, detail: 'transcoding is off' })
  })
})
