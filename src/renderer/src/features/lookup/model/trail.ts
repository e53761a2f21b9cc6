import type { LookupReason, TrailPoint } from '../../../../../shared/lookup/types'
import type { RoadRouter } from './roadRoute'

export type TrailStop = {
  cameraCode: string
  lng: number
  lat: number
  trueTs: number
  reads: number
}

/**
 * A plate's trail as map stops, in true-time order: consecutive reads at the
 * same camera become one stop; reads at cameras without a position are
 * skipped (they stay in the list, not on the path).
 */
export function trailStops(
  points: readonly TrailPoint[],
  positionOf: (code: string) => { lng: number; lat: number } | undefined
): TrailStop[] {
  const stops: TrailStop[] = []
  for (const p of [...points].sort((a, b) => a.trueTs - b.trueTs)) {
    const pos = positionOf(p.cameraCode)
    if (!pos) continue
    const last = stops[stops.length - 1]
    if (last && last.cameraCode === p.cameraCode) last.reads++
    else
      stops.push({
        cameraCode: p.cameraCode,
        lng: pos.lng,
        lat: pos.lat,
        trueTs: p.trueTs,
        reads: 1
      })
  }
  return stops
}

/**
 * The trail along the roads between stops: the router's points with times
 * shared out by distance, so the animated marker keeps to the streets. The
 * inserted points carry `reads: 0`.
 */
export function routeTrail(stops: readonly TrailStop[], router: RoadRouter): TrailStop[] {
  if (stops.length < 2) return [...stops]
  const out: TrailStop[] = [stops[0]]
  for (let i = 1; i < stops.length; i++) {
    const a = stops[i - 1]
    const b = stops[i]
    const pts = router.route(a, b)
    const cum = [0]
    for (let j = 1; j < pts.length; j++)
      cum.push(cum[j - 1] + Math.hypot(pts[j][0] - pts[j - 1][0], pts[j][1] - pts[j - 1][1]))
    const total = cum[cum.length - 1] || 1
    for (let j = 1; j < pts.length - 1; j++)
      out.push({
        cameraCode: '',
        lng: pts[j][0],
        lat: pts[j][1],
        trueTs: a.trueTs + ((b.trueTs - a.trueTs) * cum[j]) / total,
        reads: 0
      })
    out.push(b)
  }
  return out
}

/**
 * Where the animated marker is at `phase` (0-1 of one loop): it moves along
 * the stops at a pace proportional to the real time between them (with a
 * floor so quick hops still show), so long waits read as long on the map.
 */
export function trailPosition(
  stops: readonly TrailStop[],
  phase: number
): { lng: number; lat: number; leg: number } | null {
  if (stops.length === 0) return null
  if (stops.length === 1) return { lng: stops[0].lng, lat: stops[0].lat, leg: 0 }
  const gaps = stops.slice(1).map((s, i) => Math.max(s.trueTs - stops[i].trueTs, 1) ** 0.5)
  const total = gaps.reduce((a, b) => a + b, 0)
  let at = Math.min(1, Math.max(0, phase)) * total
  for (let i = 0; i < gaps.length; i++) {
    if (at <= gaps[i] || i === gaps.length - 1) {
      const t = Math.min(1, at / gaps[i])
      const a = stops[i]
      const b = stops[i + 1]
      return { lng: a.lng + t * (b.lng - a.lng), lat: a.lat + t * (b.lat - a.lat), leg: i }
    }
    at -= gaps[i]
  }
  return null
}

/**
 * Reason params for display: camera codes get their names, the origin time
 * its clock time in the room's zone, the look-alike flag a word.
 */
export function reasonParams(
  r: LookupReason,
  o: {
    cameraName: (code: string) => string | undefined
    formatTime: (ms: number) => string
    lookAlikeText: string
    /** a hint's name, and a hint's value in words */
    hintName?: (hint: string) => string
    hintValue?: (hint: string, value: string) => string
  }
): Record<string, string | number> {
  const p: Record<string, string | number> = { ...r.params }
  if (typeof p.camera === 'string') {
    const name = o.cameraName(p.camera)
    p.camera = name ? `${p.camera} ${name}` : p.camera
  }
  if (r.code === 'path_consistent' && typeof p.time === 'number') p.time = o.formatTime(p.time)
  if (r.code === 'fuzzy_plate') p.lookAlike = p.lookAlike ? o.lookAlikeText : ''
  if ((r.code === 'hint_match' || r.code === 'hint_contradict') && typeof p.hint === 'string') {
    const hint = p.hint
    for (const k of ['seen', 'value'] as const)
      if (typeof p[k] === 'string' && p[k] !== '' && o.hintValue) p[k] = o.hintValue(hint, p[k])
    if (o.hintName) p.hint = o.hintName(hint)
  }
  return p
}
