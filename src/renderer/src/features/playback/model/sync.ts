/**
 * Mapping between footage time (epoch ms, from EXT-X-PROGRAM-DATE-TIME) and a
 * tile's media time (seconds on its <video>), and the drift controller that
 * keeps a tile on the master clock. Pure.
 */

/** One fragment of a loaded VOD playlist, as hls.js reports it. */
export type Frag = { start: number; duration: number; programDateTime: number | null }

/** A contiguous run of footage: wall [from, to) ↔ media [mediaStart, …). */
export type Span = { from: number; to: number; mediaStart: number }

/**
 * Contiguous spans from fragments. Fragments whose PDT follows the previous
 * one within `toleranceMs` join its span.
 */
export function spansOf(frags: readonly Frag[], toleranceMs = 250): Span[] {
  const spans: Span[] = []
  for (const f of frags) {
    if (f.programDateTime === null) continue
    const from = f.programDateTime
    const to = from + f.duration * 1000
    const last = spans[spans.length - 1]
    if (
      last &&
      Math.abs(from - last.to) <= toleranceMs &&
      Math.abs(f.start - (last.mediaStart + (last.to - last.from) / 1000)) < 0.5
    )
      last.to = to
    else spans.push({ from, to, mediaStart: f.start })
  }
  return spans
}

/** Media time showing footage time `t`, or undefined when `t` falls in a gap. */
export function mediaTimeAt(spans: readonly Span[], t: number): number | undefined {
  for (const s of spans) if (t >= s.from && t < s.to) return s.mediaStart + (t - s.from) / 1000
  return undefined
}

/** Footage time shown at media time `m`. */
export function wallTimeAt(spans: readonly Span[], m: number): number | undefined {
  for (const s of spans) {
    const len = (s.to - s.from) / 1000
    if (m >= s.mediaStart - 0.001 && m < s.mediaStart + len + 0.001)
      return s.from + (m - s.mediaStart) * 1000
  }
  return undefined
}

/** The first span starting after `t` (where footage resumes after a gap). */
export function nextSpan(spans: readonly Span[], t: number): Span | undefined {
  return spans.find((s) => s.from > t)
}

export type Correction =
  { kind: 'none' } | { kind: 'seek'; to: number } | { kind: 'rate'; playbackRate: number }

/** Beyond this (footage seconds, scaled with speed) nudging is too slow: seek. */
export const SEEK_THRESHOLD_S = 0.6
/** Within this the tile is in sync: play at the clock's rate. */
export const DEADBAND_S = 0.015
/** Seconds (real time) over which a drift is worked off by a rate nudge. */
const HORIZON_S = 1

/**
 * What to do about a tile that shows media time `current` while the clock
 * wants `target`, playing at `rate`: nothing, a playbackRate nudge
 * proportional to the error (bounded to ±40 %), or a seek.
 */
export function correction(current: number, target: number, rate: number): Correction {
  const err = current - target
  if (Math.abs(err) > Math.max(SEEK_THRESHOLD_S, rate * 0.3)) return { kind: 'seek', to: target }
  if (Math.abs(err) <= DEADBAND_S) return { kind: 'rate', playbackRate: rate }
  const nudged = rate - err / HORIZON_S
  const lo = rate * 0.6
  const hi = rate * 1.4
  return {
    kind: 'rate',
    playbackRate: Math.min(16, Math.max(0.0625, Math.min(hi, Math.max(lo, nudged))))
  }
}
