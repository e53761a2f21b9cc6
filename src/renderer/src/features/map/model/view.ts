/**
 * The map's view: screen = world · scale + (x, y). World is metres of the
 * local projection (y grows southwards). Pure.
 */
export type View = { scale: number; x: number; y: number }

export type Bounds = { minX: number; minY: number; maxX: number; maxY: number }

export function toScreen(v: View, wx: number, wy: number): [number, number] {
  return [wx * v.scale + v.x, wy * v.scale + v.y]
}

export function toWorld(v: View, sx: number, sy: number): [number, number] {
  return [(sx - v.x) / v.scale, (sy - v.y) / v.scale]
}

/** The view that shows `b` centred in a width×height box with a margin. */
export function fitView(b: Bounds, width: number, height: number, margin = 0.05): View {
  const w = Math.max(b.maxX - b.minX, 50)
  const h = Math.max(b.maxY - b.minY, 50)
  const scale = Math.min(width / w, height / h) * (1 - 2 * margin)
  return {
    scale,
    x: width / 2 - ((b.minX + b.maxX) / 2) * scale,
    y: height / 2 - ((b.minY + b.maxY) / 2) * scale
  }
}

/** Zooms by `factor` keeping the world point under (sx, sy) in place; scale kept within limits. */
export function zoomAt(
  v: View,
  sx: number,
  sy: number,
  factor: number,
  min: number,
  max: number
): View {
  const scale = Math.min(Math.max(v.scale * factor, min), max)
  const k = scale / v.scale
  return { scale, x: sx - (sx - v.x) * k, y: sy - (sy - v.y) * k }
}

/** Puts world point (wx, wy) at the centre of the box. */
export function centreOn(
  v: View,
  wx: number,
  wy: number,
  width: number,
  height: number,
  minScale = 0
): View {
  const scale = Math.max(v.scale, minScale)
  return { scale, x: width / 2 - wx * scale, y: height / 2 - wy * scale }
}

export function boundsOf(points: Iterable<readonly [number, number]>): Bounds | null {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const [x, y] of points) {
    if (x < minX) minX = x
    if (x > maxX) maxX = x
    if (y < minY) minY = y
    if (y > maxY) maxY = y
  }
  return Number.isFinite(minX) ? { minX, minY, maxX, maxY } : null
}
