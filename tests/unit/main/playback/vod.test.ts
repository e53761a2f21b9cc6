import { describe, expect, it } from 'vitest'
import { buildVodPlaylist, findGaps } from '../../../../src/main/playback/vod'
import {
  parseMediaPlaylist,
  segmentProgramDateTimes
} from '../../../../src/main/media/hls/playlist'
import type { SegmentRow } from '../../../../src/main/recording/repository'

const T = Date.UTC(2026, 5, 1, 6, 0, 0)
let nextId = 1
const seg = (startMs: number, durationMs = 2000, run = 1): SegmentRow => ({
  id: nextId++,
  cameraId: 1,
  startMs,
  endMs: startMs + durationMs,
  durationMs,
  bytes: 100,
  path: `1/20260601/${startMs}-${run}.ts`,
  run,
  timeSource: 'pdt'
})

describe('VOD playlist', () => {
  it('tags every segment with its PROGRAM-DATE-TIME and puts a discontinuity at a gap', () => {
    const rows = [seg(T), seg(T + 2000), seg(T + 4000), seg(T + 60_000), seg(T + 62_000)]
    const text = buildVodPlaylist(rows, (s) => `${s.id}.ts`)
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD')
    expect(text).toContain('#EXT-X-ENDLIST')
    const pl = parseMediaPlaylist(text)
    expect(pl.segments.map((s) => s.programDateTime)).toEqual(rows.map((r) => r.startMs))
    expect(pl.segments.map((s) => !!s.discontinuity)).toEqual([false, false, false, true, false])
    expect(pl.segments.every((s) => s.duration === 2)).toBe(true)
    expect(segmentProgramDateTimes(pl)).toEqual(rows.map((r) => r.startMs))
    expect(text.match(/#EXT-X-PROGRAM-DATE-TIME:2026-06-01T06:01:00\.000Z/g)).toHaveLength(1)
    expect(findGaps(rows)).toEqual([{ from: T + 6000, to: T + 60_000 }])
  })

  it('puts a discontinuity where a new recorder run starts, even without a gap', () => {
    const rows = [seg(T), seg(T + 2000, 2000, 1), seg(T + 4000, 2000, 2)]
    const pl = parseMediaPlaylist(buildVodPlaylist(rows, (s) => `${s.id}.ts`))
    expect(pl.segments.map((s) => !!s.discontinuity)).toEqual([false, false, true])
    expect(findGaps(rows)).toEqual([])
  })

  it('sizes the target duration to the longest segment', () => {
    const pl = parseMediaPlaylist(
      buildVodPlaylist([seg(T, 2000), seg(T + 2000, 4500)], (s) => `${s.id}.ts`)
    )
    expect(pl.targetDuration).toBe(5)
  })
})
