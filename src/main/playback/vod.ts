/**
 * VOD playlists out of the segment index: EXT-X-PROGRAM-DATE-TIME on every
 * segment (players map wall time to media time with it) and
 * EXT-X-DISCONTINUITY wherever the footage has a gap or the recorder started
 * a new run (timestamps may jump there). Pure.
 */
import { serializeMediaPlaylist, type MediaSegment } from '../media/hls/playlist'
import type { SegmentRow } from '../recording/repository'

/** A jump in wall time larger than this between two segments is a gap. */
export const GAP_TOLERANCE_MS = 250

/** Whether `seg` does not continue `prev` (gap, overlap or another run). */
export function isDiscontinuity(prev: SegmentRow, seg: SegmentRow): boolean {
  return seg.run !== prev.run || Math.abs(seg.startMs - prev.endMs) > GAP_TOLERANCE_MS
}

/** The gaps between consecutive segments, as wall-time ranges. */
export function findGaps(segments: readonly SegmentRow[]): { from: number; to: number }[] {
  const gaps: { from: number; to: number }[] = []
  for (let i = 1; i < segments.length; i++) {
    const prev = segments[i - 1]
    const seg = segments[i]
    if (prev && seg && seg.startMs - prev.endMs > GAP_TOLERANCE_MS)
      gaps.push({ from: prev.endMs, to: seg.startMs })
  }
  return gaps
}

export function buildVodPlaylist(
  segments: readonly SegmentRow[],
  uriOf: (seg: SegmentRow) => string
): string {
  const out: MediaSegment[] = []
  let prev: SegmentRow | undefined
  for (const seg of segments) {
    out.push({
      uri: uriOf(seg),
      duration: seg.durationMs / 1000,
      programDateTime: seg.startMs,
      discontinuity: prev !== undefined && isDiscontinuity(prev, seg)
    })
    prev = seg
  }
  return serializeMediaPlaylist({
    version: 3,
    targetDuration: Math.max(
      1,
      Math.ceil(Math.max(0, ...segments.map((s) => s.durationMs)) / 1000)
    ),
    mediaSequence: 0,
    discontinuitySequence: 0,
    playlistType: 'VOD',
    independentSegments: true,
    endList: true,
    segments: out
  })
}
