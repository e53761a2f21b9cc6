import type { View } from './view'

/**
 * The camera nearest to screen point (sx, sy) within `radiusPx`, or -1.
 * A linear scan over typed arrays: 2,000 cameras cost microseconds, less
 * than keeping a spatial index up to date while they are dragged.
 */
export function hitCamera(
  xs: Float64Array,
  ys: Float64Array,
  v: View,
  sx: number,
  sy: number,
  radiusPx: number
): number {
  let best = -1
  let bestD = radiusPx * radiusPx
  for (let i = 0; i < xs.length; i++) {
    const dx = xs[i] * v.scale + v.x - sx
    const dy = ys[i] * v.scale + v.y - sy
    const d = dx * dx + dy * dy
    if (d <= bestD) {
      bestD = d
      best = i
    }
  }
  return best
}
