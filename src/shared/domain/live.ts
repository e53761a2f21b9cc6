/**
 * Why a live stream is not playing, as the live service in main tells its
 * clients (tiles, recorder, health) and the tile says in words:
 * auth (the camera refused the user name or password: RTSP/HTTP 401),
 * not_found (404/454: no such stream path), unreachable (no TCP connection),
 * codec (this screen cannot decode the stream and there is no way around it),
 * budget (the stream needs transcoding and the machine's budget is used up),
 * ended (the camera closed the stream), stalled (no frames for seconds),
 * unsupported (a URL main cannot ingest), error (anything else; detail says).
 */
export const LIVE_FAILURES = [
  'auth',
  'not_found',
  'unreachable',
  'codec',
  'budget',
  'ended',
  'stalled',
  'unsupported',
  'error'
] as const
export type LiveFailure = (typeof LIVE_FAILURES)[number]

/** main (full picture) or sub (the camera's small stream) */
export type LiveStreamKind = 'main' | 'sub'

export type LiveState =
  | { status: 'connecting' }
  | { status: 'playing'; codec: string | null; transcoded: boolean }
  /** frames stopped arriving at `sinceMs` (epoch ms) */
  | { status: 'stalled'; sinceMs: number }
  /** the next attempt is at `retryAt` (epoch ms) */
  | { status: 'failed'; reason: LiveFailure; retryAt: number | null; detail: string | null }

/** Messages the live WebSocket sends as text; media travels as binary frames. */
export type LiveMessage =
  { type: 'init'; codec: string | null; transcoded: boolean } | { type: 'state'; state: LiveState }
