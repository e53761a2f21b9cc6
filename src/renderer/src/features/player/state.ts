import type { LiveFailure } from '../../../../shared/domain/live'
import type { PlayerFailureReason } from './errorPolicy'

/** Why a tile is not playing: what the player found, or what main's live service reported. */
export type StreamFailureReason = PlayerFailureReason | LiveFailure

/** How a live picture reaches the screen when it is not plainly passed through. */
export type PlayingNote = 'h265' | 'sub' | 'transcoded'

/** A live player's state, as its tile shows it. */
export type StreamState =
  | { status: 'idle' }
  | { status: 'connecting' }
  | { status: 'playing'; note?: PlayingNote }
  | { status: 'stalled'; sinceMs: number }
  /** `retryAt` null: nothing more will be tried (e.g. a codec this screen cannot decode) */
  | {
      status: 'offline'
      reason: StreamFailureReason
      retryAt: number | null
      detail?: string | null
    }

/**
 * A disabled player (tile hidden, window minimized) parks: it stops
 * decoding at once but keeps its connection this long, so a tile shown
 * again soon (a layout switched back, an enlarged tile restored) resumes at
 * the live edge without reconnecting. After that the player is closed.
 */
export const PARK_MS = 15_000
