import { MAX_GRID, type LayoutCell } from '../../../../../shared/domain/layout'

/** A cell of the layout being edited, with the camera it will show. */
export type EditorCell = LayoutCell & { cameraId: number | null }
export type GridPoint = { x: number; y: number }
export type GridRect = { x: number; y: number; w: number; h: number }

/**
 * The editor's document: a grid fully covered by non-overlapping cells, and
 * the selected rectangle (in grid units). Pure data; Konva only draws it.
 */
export type EditorState = {
  cols: number
  rows: number
  cells: EditorCell[]
  selection: GridRect | null
}

const clampSide = (n: number) => Math.min(MAX_GRID, Math.max(1, Math.round(n)))

/** Cells in reading order (top to bottom, left to right): the order tiles are numbered in. */
export function sortCells<T extends LayoutCell>(cells: readonly T[]): T[] {
  return [...cells].sort((a, b) => a.y - b.y || a.x - b.x)
}

/** A grid of 1×1 cells. */
export function unitCells(cols: number, rows: number, x0 = 0, y0 = 0): EditorCell[] {
  const out: EditorCell[] = []
  for (let y = y0; y < rows; y++)
    for (let x = x0; x < cols; x++) out.push({ x, y, w: 1, h: 1, cameraId: null })
  return out
}

export function createEditorState(l: {
  cols: number
  rows: number
  cells: readonly LayoutCell[]
  cameraIds?: readonly (number | null)[]
}): EditorState {
  return {
    cols: clampSide(l.cols),
    rows: clampSide(l.rows),
    cells: sortCells(
      l.cells.map((c, i) => ({
        x: c.x,
        y: c.y,
        w: c.w,
        h: c.h,
        cameraId: l.cameraIds?.[i] ?? null
      }))
    ),
    selection: null
  }
}

/** The rectangle spanned by two grid points (both included). */
export function rectBetween(a: GridPoint, b: GridPoint): GridRect {
  const x = Math.min(a.x, b.x)
  const y = Math.min(a.y, b.y)
  return { x, y, w: Math.abs(a.x - b.x) + 1, h: Math.abs(a.y - b.y) + 1 }
}

const intersects = (c: GridRect, r: GridRect) =>
  c.x < r.x + r.w && r.x < c.x + c.w && c.y < r.y + r.h && r.y < c.y + c.h
const inside = (c: GridRect, r: GridRect) =>
  c.x >= r.x && c.y >= r.y && c.x + c.w <= r.x + r.w && c.y + c.h <= r.y + r.h

/**
 * Grows a rectangle until no cell sticks out of it, so a drag across a
 * merged cell selects all of it (what a user expects from a table editor).
 */
export function snapToCells(r: GridRect, cells: readonly LayoutCell[]): GridRect {
  let cur = r
  for (;;) {
    let { x, y } = cur
    let x2 = cur.x + cur.w
    let y2 = cur.y + cur.h
    for (const c of cells)
      if (intersects(c, cur)) {
        x = Math.min(x, c.x)
        y = Math.min(y, c.y)
        x2 = Math.max(x2, c.x + c.w)
        y2 = Math.max(y2, c.y + c.h)
      }
    const next = { x, y, w: x2 - x, h: y2 - y }
    if (next.x === cur.x && next.y === cur.y && next.w === cur.w && next.h === cur.h) return cur
    cur = next
  }
}

/** The cells lying within a rectangle. */
export function cellsIn(r: GridRect, cells: readonly EditorCell[]): EditorCell[] {
  return cells.filter((c) => inside(c, r))
}

/** Merging needs a selection that holds more than one cell and cuts through none. */
export function canMerge(s: EditorState): boolean {
  if (!s.selection) return false
  const within = cellsIn(s.selection, s.cells)
  return (
    within.length > 1 &&
    s.cells.every(
      (c) => !intersects(c, s.selection as GridRect) || inside(c, s.selection as GridRect)
    )
  )
}

/** Splitting needs a selected cell larger than 1×1. */
export function canSplit(s: EditorState): boolean {
  return !!s.selection && cellsIn(s.selection, s.cells).some((c) => c.w > 1 || c.h > 1)
}

/** One cell replaces the selected ones; it keeps the first camera among them. */
export function mergeSelection(s: EditorState): EditorState {
  if (!canMerge(s) || !s.selection) return s
  const sel = s.selection
  const within = sortCells(cellsIn(sel, s.cells))
  const cameraId = within.find((c) => c.cameraId !== null)?.cameraId ?? null
  const rest = s.cells.filter((c) => !inside(c, sel))
  return { ...s, cells: sortCells([...rest, { ...sel, cameraId }]) }
}

/** The selected cells become 1×1 cells; each keeps its camera in its top-left unit. */
export function splitSelection(s: EditorState): EditorState {
  if (!canSplit(s) || !s.selection) return s
  const sel = s.selection
  const out: EditorCell[] = []
  for (const c of s.cells) {
    if (!inside(c, sel) || (c.w === 1 && c.h === 1)) {
      out.push(c)
      continue
    }
    for (let y = c.y; y < c.y + c.h; y++)
      for (let x = c.x; x < c.x + c.w; x++)
        out.push({ x, y, w: 1, h: 1, cameraId: x === c.x && y === c.y ? c.cameraId : null })
  }
  return { ...s, cells: sortCells(out) }
}

/**
 * Changes the grid size: cells that still fit are kept, cells cut by the new
 * border are split, new area is filled with 1×1 cells.
 */
export function resizeGrid(s: EditorState, cols: number, rows: number): EditorState {
  const c2 = clampSide(cols)
  const r2 = clampSide(rows)
  const kept: EditorCell[] = []
  for (const c of s.cells) {
    if (c.x >= c2 || c.y >= r2) continue
    if (c.x + c.w <= c2 && c.y + c.h <= r2) kept.push(c)
    else
      for (let y = c.y; y < Math.min(c.y + c.h, r2); y++)
        for (let x = c.x; x < Math.min(c.x + c.w, c2); x++)
          kept.push({ x, y, w: 1, h: 1, cameraId: x === c.x && y === c.y ? c.cameraId : null })
  }
  const covered = new Set<string>()
  for (const c of kept)
    for (let y = c.y; y < c.y + c.h; y++)
      for (let x = c.x; x < c.x + c.w; x++) covered.add(`${x},${y}`)
  for (let y = 0; y < r2; y++)
    for (let x = 0; x < c2; x++)
      if (!covered.has(`${x},${y}`)) kept.push({ x, y, w: 1, h: 1, cameraId: null })
  return { cols: c2, rows: r2, cells: sortCells(kept), selection: null }
}

/** The layout the editor saves. */
export function toLayoutParts(s: EditorState) {
  const cells = sortCells(s.cells)
  return {
    cols: s.cols,
    rows: s.rows,
    cells: cells.map(({ x, y, w, h }) => ({ x, y, w, h })),
    cameraIds: cells.map((c) => c.cameraId)
  }
}
