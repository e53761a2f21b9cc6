import type { LiveFailure } from '../../shared/domain/live'
import type { MediaPlaylist } from '../media/hls/playlist'

/** What one probe found. `null` status: nothing to say yet (e.g. a source still preparing its stream). */
export type ProbeOutcome = {
  status: 'online' | 'degraded' | 'offline'
  detail: string | null
  /** why, when the live service says (shown in words by the renderer) */
  reason?: LiveFailure
}

/** Where a live playlist was last seen, to tell "advancing" from "frozen". */
export type ProgressMark = {
  /** media sequence number just past the last listed segment */
  next: number
  /** when `next` last grew (UTC ms) */
  advancedAt: number
}

/** A live playlist that has not grown for this many target durations is degraded. */
const STALE_TARGET_DURATIONS = 3
const MIN_STALE_MS = 6000

/**
 * Judges a live media playlist against the previous probe: growing = online;
 * frozen for a few target durations (or with a program date far in the past)
 * = degraded; ended or empty = degraded. Pure.
 */
export function judgePlaylist(
  pl: MediaPlaylist,
  prev: ProgressMark | undefined,
  now: number
): { outcome: ProbeOutcome; mark: ProgressMark } {
  const next = pl.mediaSequence + pl.segments.length
  const staleMs = Math.max(MIN_STALE_MS, STALE_TARGET_DURATIONS * pl.targetDuration * 1000)
  if (pl.segments.length === 0)
    return {
      outcome: { status: 'degraded', detail: 'playlist lists no segments' },
      mark: prev ?? { next, advancedAt: now }
    }
  if (pl.endList)
    return {
      outcome: { status: 'degraded', detail: 'playlist has ended (EXT-X-ENDLIST)' },
      mark: { next, advancedAt: prev?.advancedAt ?? now }
    }
  if (prev && next > prev.next)
    return { outcome: { status: 'online', detail: null }, mark: { next, advancedAt: now } }
  if (prev && next < prev.next) {
    // a restarted encoder starts its sequence again: alive, and a new baseline
    return {
      outcome: { status: 'online', detail: 'media sequence restarted' },
      mark: { next, advancedAt: now }
    }
  }
  if (prev) {
    const frozen = now - prev.advancedAt
    return frozen > staleMs
      ? {
          outcome: {
            status: 'degraded',
            detail: `not advancing for ${Math.round(frozen / 1000)} s`
          },
          mark: prev
        }
      : { outcome: { status: 'online', detail: null }, mark: prev }
  }
  // first sight: the program date of the newest segment tells whether it is live now
  const last = pl.segments[pl.segments.length - 1]
  if (last.programDateTime !== undefined) {
    const age = now - (last.programDateTime + last.duration * 1000)
    if (age > staleMs)
      return {
        outcome: {
          status: 'degraded',
          detail: `newest segment is ${Math.round(age / 1000)} s old`
        },
        mark: { next, advancedAt: now - age }
      }
  }
  return { outcome: { status: 'online', detail: null }, mark: { next, advancedAt: now } }
}
