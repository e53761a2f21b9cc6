/** Pure geometry of the lookup map: positions along roads and along a trail. */

export type XY = readonly [number, number]

/** Cumulative lengths of a polyline (planar units). */
export function cumulative(points: readonly XY[]): number[] {
  const cum = [0]
  for (let i = 1; i < points.length; i++)
    cum.push(
      cum[i - 1] + Math.hypot(points[i][0] - points[i - 1][0], points[i][1] - points[i - 1][1])
    )
  return cum
}

/** The point at `fraction` (0-1) of a polyline's length. */
export function pointAlong(points: readonly XY[], fraction: number): [number, number] {
  if (points.length === 0) throw new Error('empty polyline')
  if (points.length === 1) return [points[0][0], points[0][1]]
  const cum = cumulative(points)
  const total = cum[cum.length - 1]
  const at = Math.min(1, Math.max(0, fraction)) * total
  let i = 1
  while (i < cum.length - 1 && cum[i] < at) i++
  const span = cum[i] - cum[i - 1]
  const t = span > 0 ? (at - cum[i - 1]) / span : 0
  const a = points[i - 1]
  const b = points[i]
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]
}

/**
 * A point on a road given in [lng, lat]: planar interpolation is exact
 * enough over a district (metres of error over kilometres).
 */
export function roadPoint(
  lines: readonly (readonly XY[])[],
  fraction: number
): { lng: number; lat: number } | null {
  const line = lines.reduce<readonly XY[] | null>(
    (best, l) => (best === null || l.length > best.length ? l : best),
    null
  )
  if (!line || line.length === 0) return null
  // scale longitude by cos(lat) so the fraction is by distance, not by degrees
  const k = Math.cos((line[0][1] * Math.PI) / 180)
  const [x, y] = pointAlong(
    line.map(([lng, lat]) => [lng * k, lat] as const),
    fraction
  )
  return { lng: x / k, lat: y }
}
