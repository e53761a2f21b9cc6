/**
 * A local equirectangular projection: at district scale (a few km) its error
 * is far below GPS and digitizing error, and it keeps all graph geometry in
 * plain metres.
 */
export const EARTH_RADIUS_M = 6371008.8
const DEG = Math.PI / 180

export type Projection = {
  originLng: number
  originLat: number
  /** metres per degree of longitude / latitude at the origin */
  kx: number
  ky: number
}

export function makeProjection(originLng: number, originLat: number): Projection {
  const ky = EARTH_RADIUS_M * DEG
  return { originLng, originLat, kx: ky * Math.cos(originLat * DEG), ky }
}

export function project(p: Projection, lng: number, lat: number): [number, number] {
  return [(lng - p.originLng) * p.kx, (lat - p.originLat) * p.ky]
}

export function unproject(p: Projection, x: number, y: number): [number, number] {
  return [p.originLng + x / p.kx, p.originLat + y / p.ky]
}

/** Closest point of segment a-b to p: parameter t in [0, 1] and squared distance. */
export function closestOnSegment(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number
): { t: number; d2: number; x: number; y: number } {
  const dx = bx - ax
  const dy = by - ay
  const len2 = dx * dx + dy * dy
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0
  t = t < 0 ? 0 : t > 1 ? 1 : t
  const x = ax + t * dx
  const y = ay + t * dy
  return { t, d2: (px - x) * (px - x) + (py - y) * (py - y), x, y }
}
