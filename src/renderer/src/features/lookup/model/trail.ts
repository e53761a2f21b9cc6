import type { LookupReason, TrailPoint } from '../../../../../shared/lookup/types'

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
  }
): Record<string, string | number> {
  const p: Record<string, string | number> = { ...r.params }
  if (typeof p.camera === 'string') {
    const name = o.cameraName(p.camera)
    p.camera = name ? `${p.camera} ${name}` : p.camera
  }
  if (r.code === 'path_consistent' && typeof p.time === 'number') p.time = o.formatTime(p.time)
  if (r.code === 'fuzzy_plate') p.lookAlike = p.lookAlike ? o.lookAlikeText : ''
  return p
}
