/**
 * View-cone geometry on screen (north up). Heading: 0 = north, clockwise,
 * degrees. Pure.
 */

export const normalizeDeg = (d: number): number => ((d % 360) + 360) % 360

/** Heading from (cx, cy) towards (px, py) in screen coordinates. */
export function headingTowards(cx: number, cy: number, px: number, py: number): number {
  return normalizeDeg((Math.atan2(px - cx, -(py - cy)) * 180) / Math.PI)
}

/** Signed smallest difference a − b in degrees, in (−180, 180]. */
export function angleDiff(a: number, b: number): number {
  const d = normalizeDeg(a - b)
  return d > 180 ? d - 360 : d
}

export const MIN_FOV = 5
export const MAX_FOV = 360

/** Field of view when the cone's edge is dragged to bearing `edgeDeg`: twice its distance from the heading. */
export function fovFromEdge(headingDeg: number, edgeDeg: number): number {
  const fov = 2 * Math.abs(angleDiff(edgeDeg, headingDeg))
  return Math.round(Math.min(Math.max(fov, MIN_FOV), MAX_FOV))
}

/** Screen point at `radius` px from (cx, cy) along bearing `deg`. */
export function pointAt(cx: number, cy: number, deg: number, radius: number): [number, number] {
  const r = (deg * Math.PI) / 180
  return [cx + Math.sin(r) * radius, cy - Math.cos(r) * radius]
}

/** Canvas arc angles (radians, clockwise from +x) of a cone with this heading and field of view. */
export function coneArc(headingDeg: number, fovDeg: number): [number, number] {
  const mid = ((headingDeg - 90) * Math.PI) / 180
  const half = (Math.min(fovDeg, 360) * Math.PI) / 360
  return [mid - half, mid + half]
}
