/**
 * Places in words for the lookup: the nearest road and landmark instead of
 * raw coordinates. Distances are local metres (equirectangular: exact enough
 * across a district).
 */
import type { XY } from './geometry'

export type PlaceRoad = { name: string; kind: string | null; lines: readonly (readonly XY[])[] }
export type Landmark = { name: string; lng: number; lat: number }

export type Place = {
  /** nearest road (a car-park ramp counts: its name is the exit's) */
  road: string | null
  roadKind: string | null
  roadM: number
  /** nearest landmark other than the road itself, within `landmarkMaxM` */
  landmark: string | null
  landmarkM: number
}

const M_PER_DEG_LAT = 111_320

/** A metric frame centred near `lat`: [lng, lat] → [x, y] metres. */
export function metricFrame(lat: number): (p: readonly [number, number]) => [number, number] {
  const k = Math.cos((lat * Math.PI) / 180) * M_PER_DEG_LAT
  return ([lng, la]) => [lng * k, la * M_PER_DEG_LAT]
}

/** Distance from point p to segment ab (all in metres). */
export function segmentDistance(
  p: readonly [number, number],
  a: readonly [number, number],
  b: readonly [number, number]
): number {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  const t =
    len2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2)) : 0
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))
}

export function describePlace(
  at: { lng: number; lat: number },
  roads: readonly PlaceRoad[],
  landmarks: readonly Landmark[],
  landmarkMaxM = 400
): Place {
  const m = metricFrame(at.lat)
  const p = m([at.lng, at.lat])
  let road: PlaceRoad | null = null
  let roadM = Infinity
  for (const r of roads)
    for (const line of r.lines)
      for (let i = 1; i < line.length; i++) {
        const d = segmentDistance(p, m(line[i - 1]), m(line[i]))
        if (d < roadM) {
          roadM = d
          road = r
        }
      }
  let landmark: Landmark | null = null
  let landmarkM = Infinity
  for (const l of landmarks) {
    if (road && l.name === road.name) continue
    const q = m([l.lng, l.lat])
    const d = Math.hypot(q[0] - p[0], q[1] - p[1])
    if (d < landmarkM) {
      landmarkM = d
      landmark = l
    }
  }
  const near = landmark !== null && landmarkM <= landmarkMaxM
  return {
    road: road?.name ?? null,
    roadKind: road?.kind ?? null,
    roadM: Number.isFinite(roadM) ? roadM : 0,
    landmark: near ? landmark!.name : null,
    landmarkM: near ? landmarkM : 0
  }
}

/**
 * Where a car-park ramp comes out: the street it meets. One-way exits are
 * digitized from inside the car park to the street; two-way ramps (出入口)
 * may run either way, so the far end is tried first, then the near one.
 */
export function exitStreet(ramp: readonly XY[], roads: readonly PlaceRoad[]): string | null {
  const ends = [ramp[ramp.length - 1], ramp[0]].filter((p): p is XY => !!p)
  for (const end of ends) {
    const m = metricFrame(end[1])
    const p = m(end)
    let best: string | null = null
    let bestM = 15
    for (const r of roads) {
      if (r.kind === 'parking') continue
      for (const line of r.lines)
        for (let i = 1; i < line.length; i++) {
          const d = segmentDistance(p, m(line[i - 1]), m(line[i]))
          if (d < bestM) {
            bestM = d
            best = r.name
          }
        }
    }
    if (best) return best
  }
  return null
}
