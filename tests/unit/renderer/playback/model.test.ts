import { describe, expect, it } from 'vitest'
import {
  correction,
  mediaTimeAt,
  nextSpan,
  spansOf,
  wallTimeAt
} from '../../../../src/renderer/src/features/playback/model/sync'
import { PlaybackClock } from '../../../../src/renderer/src/features/playback/model/clock'
import {
  centred,
  MAX_SPAN_MS,
  MIN_SPAN_MS,
  tickStep,
  ticks,
  timeAt,
  xOf,
  zoom
} from '../../../../src/renderer/src/features/playback/model/timeScale'
import {
  formatClock,
  parseRoomTime
} from '../../../../src/renderer/src/features/playback/model/roomTime'
import { zoneOffsetMs } from '../../../../src/renderer/src/lib/time'

const T = Date.UTC(2026, 5, 1, 6, 0, 0)

describe('footage ↔ media time', () => {
  const frags = [0, 1, 2]
    .map((i) => ({ start: i * 2, duration: 2, programDateTime: T + i * 2000 }))
    .concat(
      [3, 4].map((i) => ({
        start: i * 2,
        duration: 2,
        programDateTime: T + 60_000 + (i - 3) * 2000
      }))
    )
  const spans = spansOf(frags)
  it('joins contiguous fragments and splits at gaps', () => {
    expect(spans).toEqual([
      { from: T, to: T + 6000, mediaStart: 0 },
      { from: T + 60_000, to: T + 64_000, mediaStart: 6 }
    ])
  })
  it('maps both ways and reports gaps', () => {
    expect(mediaTimeAt(spans, T + 2500)).toBeCloseTo(2.5)
    expect(mediaTimeAt(spans, T + 61_000)).toBeCloseTo(7)
    expect(mediaTimeAt(spans, T + 30_000)).toBeUndefined()
    expect(wallTimeAt(spans, 7)).toBe(T + 61_000)
    expect(nextSpan(spans, T + 30_000)?.from).toBe(T + 60_000)
  })
})

describe('drift correction', () => {
  it('does nothing in the deadband, nudges the rate for small drift, seeks for large', () => {
    expect(correction(10.005, 10, 1)).toEqual({ kind: 'rate', playbackRate: 1 })
    const behind = correction(9.9, 10, 1)
    expect(behind.kind).toBe('rate')
    expect(behind.kind === 'rate' && behind.playbackRate).toBeCloseTo(1.1)
    const ahead = correction(10.2, 10, 4)
    expect(ahead.kind === 'rate' && ahead.playbackRate).toBeCloseTo(3.8)
    expect(correction(12, 10, 1)).toEqual({ kind: 'seek', to: 10 })
    // bounded to ±40 %
    const slow = correction(10.5, 10, 0.125)
    expect(slow.kind === 'seek' || (slow.kind === 'rate' && slow.playbackRate >= 0.0625)).toBe(true)
  })
})

describe('master clock', () => {
  it('runs at its rate while playing and holds after a seek until released', () => {
    let now = 0
    const c = new PlaybackClock(T, () => now)
    c.setRate(4)
    c.play()
    now = 1000
    expect(c.time()).toBe(T + 4000)
    c.seek(T + 100_000)
    now = 2000
    expect(c.time()).toBe(T + 100_000)
    c.release()
    now = 2500
    expect(c.time()).toBe(T + 102_000)
    c.pause()
    now = 9000
    expect(c.time()).toBe(T + 102_000)
  })
})

describe('timeline scale', () => {
  it('zooms around a time between ten seconds and a day', () => {
    const v = centred(T, 3600_000)
    const z = zoom(v, 0.5, T + 600_000)
    expect(xOf(z, 1000, T + 600_000)).toBeCloseTo(xOf(v, 1000, T + 600_000))
    expect(zoom(v, 1e-6, T).end - zoom(v, 1e-6, T).start).toBe(MIN_SPAN_MS)
    expect(zoom(v, 1e6, T).end - zoom(v, 1e6, T).start).toBe(MAX_SPAN_MS)
    expect(timeAt(v, 1000, 500)).toBe(T)
  })
  it('picks readable ticks aligned in the room zone', () => {
    const v = { start: T, end: T + 3600_000 }
    const step = tickStep(v, 1200)
    expect(step).toBe(300_000)
    const ts = ticks(v, step, 8 * 3600_000)
    expect(ts.every((t) => (t + 8 * 3600_000) % step === 0)).toBe(true)
  })
})

describe('room time', () => {
  it('reads typed times in the room zone', () => {
    expect(zoneOffsetMs(T, 'Asia/Shanghai')).toBe(8 * 3600_000)
    expect(parseRoomTime('2026-06-01 14:00:00', 'Asia/Shanghai', 0)).toBe(T)
    expect(parseRoomTime('14:00:05.5', 'Asia/Shanghai', T)).toBe(T + 5500)
    expect(parseRoomTime('25:00', 'Asia/Shanghai', T)).toBeUndefined()
    expect(parseRoomTime('yesterday', 'Asia/Shanghai', T)).toBeUndefined()
    expect(formatClock(T + 67, 'Asia/Shanghai')).toBe('14:00:00.067')
  })
})
