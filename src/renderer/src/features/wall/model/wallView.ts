import {
  presetCells,
  type LayoutCell,
  type LayoutPreset,
  type WallLayout
} from '../../../../../shared/domain/layout'

/**
 * What one wall window shows: a grid, its cells and a camera per cell. A copy
 * of a saved layout (or a preset) that the operator then changes by dragging
 * cameras; saved back only when asked.
 */
export type WallView = {
  /** the saved layout this view came from; null for a preset or a new one */
  layoutId: number | null
  /** the preset it came from, for the toolbar */
  preset: LayoutPreset | null
  cols: number
  rows: number
  cells: LayoutCell[]
  cameraIds: (number | null)[]
}

export function viewFromLayout(
  l: Pick<WallLayout, 'id' | 'cols' | 'rows' | 'cells' | 'cameraIds'>
): WallView {
  return {
    layoutId: l.id,
    preset: null,
    cols: l.cols,
    rows: l.rows,
    cells: l.cells,
    cameraIds: l.cells.map((_, i) => l.cameraIds[i] ?? null)
  }
}

/**
 * A preset grid that keeps the cameras already on the wall, in order, and
 * fills the remaining tiles with cameras not yet shown (a 24-hour wall has
 * no reason to leave tiles black).
 */
export function viewFromPreset(
  preset: LayoutPreset,
  current: readonly (number | null)[],
  allCameraIds: readonly number[]
): WallView {
  const { cols, rows, cells } = presetCells(preset)
  const kept = current.filter((id): id is number => id !== null)
  const shown = new Set(kept)
  const rest = allCameraIds.filter((id) => !shown.has(id))
  const ids = [...kept, ...rest]
  return {
    layoutId: null,
    preset,
    cols,
    rows,
    cells,
    cameraIds: cells.map((_, i) => ids[i] ?? null)
  }
}

const withIds = (v: WallView, cameraIds: (number | null)[]): WallView => ({ ...v, cameraIds })

/** Puts a camera on a tile. */
export function assignCamera(v: WallView, index: number, cameraId: number | null): WallView {
  if (index < 0 || index >= v.cells.length) return v
  const ids = [...v.cameraIds]
  ids[index] = cameraId
  return withIds(v, ids)
}

/** Swaps the cameras of two tiles (a tile dragged onto another). */
export function swapTiles(v: WallView, a: number, b: number): WallView {
  if (a === b || a < 0 || b < 0 || a >= v.cells.length || b >= v.cells.length) return v
  const ids = [...v.cameraIds]
  ;[ids[a], ids[b]] = [ids[b] ?? null, ids[a] ?? null]
  return withIds(v, ids)
}

/** Fills the wall with a group's cameras from the first tile; tiles beyond the group keep theirs. */
export function fillWall(v: WallView, cameraIds: readonly number[]): WallView {
  return withIds(
    v,
    v.cameraIds.map((old, i) => cameraIds[i] ?? old)
  )
}

/** The layout input a view saves as. */
export function layoutInputOf(v: WallView, name: string) {
  return { name, cols: v.cols, rows: v.rows, cells: v.cells, cameraIds: v.cameraIds }
}
