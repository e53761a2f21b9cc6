/** Digital zoom of a tile: scale ≥ 1 about an origin given in fractions of the tile (0..1). */
export type Zoom = { scale: number; ox: number; oy: number }

export const NO_ZOOM: Zoom = { scale: 1, ox: 0.5, oy: 0.5 }
export const MAX_ZOOM = 8

/**
 * One wheel step at a point of the tile: zoom in (deltaY < 0) or out by 25 %.
 * The origin follows the pointer so the point under it stays put while zooming in.
 */
export function zoomAt(z: Zoom, deltaY: number, at: { fx: number; fy: number }): Zoom {
  const factor = deltaY < 0 ? 1.25 : 1 / 1.25
  const scale = Math.min(MAX_ZOOM, Math.max(1, z.scale * factor))
  if (scale === 1) return NO_ZOOM
  const clamp = (v: number) => Math.min(1, Math.max(0, v))
  return { scale, ox: clamp(at.fx), oy: clamp(at.fy) }
}
