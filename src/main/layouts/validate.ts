import type { WallLayoutInput } from '../../shared/domain/layout'

/**
 * A layout's cells must lie inside its grid and cover it without overlap;
 * one camera slot per cell. Returns the first problem, or null.
 */
export function validateLayout(l: WallLayoutInput): string | null {
  const covered = new Uint8Array(l.cols * l.rows)
  for (const [i, c] of l.cells.entries()) {
    if (c.x + c.w > l.cols || c.y + c.h > l.rows) return `Cell ${i + 1} lies outside the ${l.cols}×${l.rows} grid`
    for (let y = c.y; y < c.y + c.h; y++)
      for (let x = c.x; x < c.x + c.w; x++) {
        const k = y * l.cols + x
        if (covered[k]) return `Cell ${i + 1} overlaps another cell`
        covered[k] = 1
      }
  }
  if (covered.some((v) => v === 0)) return 'The cells leave part of the grid uncovered'
  if (l.cameraIds.length !== l.cells.length) return 'There must be one camera slot per cell'
  return null
}
