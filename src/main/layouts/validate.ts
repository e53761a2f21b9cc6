import { findLayoutProblem, type WallLayoutInput } from '../../shared/domain/layout'

/** The first problem of a layout as an English message for ApiError, or null. */
export function validateLayout(l: WallLayoutInput): string | null {
  const p = findLayoutProblem(l)
  if (!p) return null
  switch (p.kind) {
    case 'grid_size':
      return `The grid must be 1 to 12 cells a side, not ${l.cols}×${l.rows}`
    case 'outside':
      return `Cell ${p.cell + 1} lies outside the ${l.cols}×${l.rows} grid`
    case 'overlap':
      return `Cell ${p.cell + 1} overlaps another cell`
    case 'uncovered':
      return 'The cells leave part of the grid uncovered'
    case 'camera_slots':
      return 'There must be one camera slot per cell'
  }
}
