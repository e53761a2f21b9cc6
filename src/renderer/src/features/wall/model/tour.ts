/** Dwell limits of a tour (the issue: 5 s to 5 min). */
export const TOUR_DWELL_MIN_MS = 5_000
export const TOUR_DWELL_MAX_MS = 300_000

/**
 * A tour: a set of cameras cycling through one tile, or page by page through
 * the whole wall, at a fixed dwell time.
 */
export type TourSpec = {
  cameraIds: number[]
  target: { kind: 'tile'; index: number } | { kind: 'wall' }
  dwellMs: number
  startedAt: number
  /** what the operator picked, for the toolbar (e.g. a block or group name) */
  label: string
}

export type TourFrame = {
  step: number
  /** tile index → camera shown now (null: the tile stays empty on a short last page) */
  current: Map<number, number | null>
  /** tile index → camera to prepare (decoding, invisible) before the next switch; empty when not yet */
  upcoming: Map<number, number>
  /** when the frame next changes: the start of preparation, or the switch */
  nextChangeAt: number
}

export function clampDwell(ms: number): number {
  return Math.min(TOUR_DWELL_MAX_MS, Math.max(TOUR_DWELL_MIN_MS, Math.round(ms)))
}

/** How long before a switch the next camera starts loading: enough for a first frame, at most half the dwell. */
export function prepareLeadMs(dwellMs: number): number {
  return Math.min(4_000, Math.floor(dwellMs / 2))
}

/** The cameras a tour puts on the tiles at a given step (null: the tile is left empty). */
export function tourAssignments(
  spec: TourSpec,
  tileCount: number,
  step: number
): Map<number, number | null> {
  const out = new Map<number, number | null>()
  const ids = spec.cameraIds
  const n = ids.length
  if (n === 0 || tileCount <= 0) return out
  if (spec.target.kind === 'tile') {
    if (spec.target.index < tileCount) out.set(spec.target.index, ids[((step % n) + n) % n])
    return out
  }
  // Whole wall: page k shows cameras k·T … k·T+T−1. A short last page leaves
  // its remaining tiles empty rather than repeating the first page's cameras
  // (an operator reads a repeated camera as two places).
  if (n <= tileCount) {
    ids.forEach((id, i) => out.set(i, id))
    return out
  }
  const pages = Math.ceil(n / tileCount)
  const page = ((step % pages) + pages) % pages
  for (let i = 0; i < tileCount; i++) out.set(i, ids[page * tileCount + i] ?? null)
  return out
}

/** Whether a tour changes anything at all (one camera on one tile, or a group that fits on the wall, does not). */
export function tourRotates(spec: TourSpec, tileCount: number): boolean {
  return spec.target.kind === 'tile' ? spec.cameraIds.length > 1 : spec.cameraIds.length > tileCount
}

/** What the tour shows at `now`, what to prepare, and when to look again. */
export function tourFrame(spec: TourSpec, tileCount: number, now: number): TourFrame {
  const dwell = clampDwell(spec.dwellMs)
  const elapsed = Math.max(0, now - spec.startedAt)
  const step = Math.floor(elapsed / dwell)
  const current = tourAssignments(spec, tileCount, step)
  const switchAt = spec.startedAt + (step + 1) * dwell
  const prepareAt = switchAt - prepareLeadMs(dwell)
  if (!tourRotates(spec, tileCount))
    return { step, current, upcoming: new Map(), nextChangeAt: Number.POSITIVE_INFINITY }
  if (now < prepareAt) return { step, current, upcoming: new Map(), nextChangeAt: prepareAt }
  const next = tourAssignments(spec, tileCount, step + 1)
  const upcoming = new Map(
    [...next].filter((e): e is [number, number] => e[1] !== null && current.get(e[0]) !== e[1])
  )
  return { step, current, upcoming, nextChangeAt: switchAt }
}
