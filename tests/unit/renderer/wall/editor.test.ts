import { describe, expect, it } from 'vitest'
import {
  canMerge,
  canSplit,
  createEditorState,
  mergeSelection,
  rectBetween,
  resizeGrid,
  snapToCells,
  splitSelection,
  toLayoutParts,
  unitCells
} from '../../../../src/renderer/src/features/wall/editor/model'
import {
  apply,
  canRedo,
  canUndo,
  createHistory,
  redo,
  undo
} from '../../../../src/renderer/src/features/wall/editor/commands'
import {
  SELECT_IDLE,
  transition
} from '../../../../src/renderer/src/features/wall/editor/tools/selectTool'
import { findLayoutProblem, presetCells } from '../../../../src/shared/domain/layout'

const grid = (cols: number, rows: number) =>
  createEditorState({ cols, rows, cells: unitCells(cols, rows) })
const valid = (s: ReturnType<typeof grid>) => findLayoutProblem(toLayoutParts(s))

describe('layout editor model', () => {
  it('merges a selected block of cells into one, keeping the first camera', () => {
    let s = createEditorState({
      cols: 3,
      rows: 3,
      cells: unitCells(3, 3),
      cameraIds: [null, 7, null, 8, 9]
    })
    s = { ...s, selection: rectBetween({ x: 0, y: 0 }, { x: 1, y: 1 }) }
    expect(canMerge(s)).toBe(true)
    const m = mergeSelection(s)
    expect(m.cells).toHaveLength(6)
    expect(m.cells[0]).toEqual({ x: 0, y: 0, w: 2, h: 2, cameraId: 7 })
    expect(valid(m)).toBeNull()
    // reading order: the big cell, then (2,0), (2,1), then the bottom row
    expect(m.cells.map((c) => `${c.x},${c.y}`)).toEqual(['0,0', '2,0', '2,1', '0,2', '1,2', '2,2'])
  })

  it('does not merge a single cell or a selection that cuts through a merged cell', () => {
    const one = { ...grid(2, 2), selection: { x: 0, y: 0, w: 1, h: 1 } }
    expect(canMerge(one)).toBe(false)
    expect(mergeSelection(one)).toBe(one)
    const big = mergeSelection({ ...grid(3, 3), selection: { x: 0, y: 0, w: 2, h: 2 } })
    expect(canMerge({ ...big, selection: { x: 1, y: 1, w: 2, h: 1 } })).toBe(false)
  })

  it('snaps a drag across part of a merged cell to the whole cell', () => {
    const big = mergeSelection({ ...grid(3, 3), selection: { x: 0, y: 0, w: 2, h: 2 } })
    expect(snapToCells({ x: 1, y: 1, w: 2, h: 1 }, big.cells)).toEqual({ x: 0, y: 0, w: 3, h: 2 })
  })

  it('splits merged cells back into unit cells', () => {
    const big = mergeSelection({ ...grid(3, 3), selection: { x: 0, y: 0, w: 2, h: 2 } })
    const sel = { ...big, selection: { x: 0, y: 0, w: 2, h: 2 } }
    expect(canSplit(sel)).toBe(true)
    const s = splitSelection(sel)
    expect(s.cells).toHaveLength(9)
    expect(valid(s)).toBeNull()
    expect(canSplit({ ...s, selection: { x: 0, y: 0, w: 1, h: 1 } })).toBe(false)
  })

  it('resizing keeps what fits, splits what is cut and fills new area', () => {
    const big = mergeSelection({ ...grid(3, 3), selection: { x: 1, y: 1, w: 2, h: 2 } })
    const smaller = resizeGrid(big, 2, 3)
    expect(valid(smaller)).toBeNull()
    expect(smaller.cells.every((c) => c.w === 1 && c.h === 1)).toBe(true)
    const larger = resizeGrid(big, 4, 4)
    expect(valid(larger)).toBeNull()
    expect(larger.cells.find((c) => c.w === 2)).toMatchObject({ x: 1, y: 1, w: 2, h: 2 })
    expect(resizeGrid(big, 99, 0)).toMatchObject({ cols: 12, rows: 1 })
  })

  it('opens every preset as a valid layout', () => {
    for (const n of [1, 4, 6, 8, 9, 13, 16, 25, 36] as const)
      expect(valid(createEditorState(presetCells(n)))).toBeNull()
  })
})

describe('editor commands and history', () => {
  it('merge and split are undoable, selection is not', () => {
    let h = createHistory(grid(3, 3))
    h = apply(h, { kind: 'select', rect: { x: 0, y: 0, w: 2, h: 2 } })
    expect(canUndo(h)).toBe(false)
    h = apply(h, { kind: 'merge' })
    expect(h.present.cells).toHaveLength(6)
    expect(canUndo(h)).toBe(true)
    h = apply(h, { kind: 'select', rect: { x: 0, y: 0, w: 1, h: 1 } })
    h = apply(h, { kind: 'split' })
    expect(h.present.cells).toHaveLength(9)
    h = undo(h)
    expect(h.present.cells).toHaveLength(6)
    h = undo(h)
    expect(h.present.cells).toHaveLength(9)
    expect(canUndo(h)).toBe(false)
    h = redo(h)
    expect(h.present.cells).toHaveLength(6)
    expect(canRedo(h)).toBe(true)
    // a new change drops the redo branch
    h = apply(h, { kind: 'resize', cols: 4, rows: 3 })
    expect(canRedo(h)).toBe(false)
  })

  it('commands that change nothing leave the history alone', () => {
    const h = createHistory(grid(2, 2))
    expect(apply(h, { kind: 'merge' })).toBe(h)
    expect(apply(h, { kind: 'resize', cols: 2, rows: 2 })).toBe(h)
    expect(undo(h)).toBe(h)
    expect(redo(h)).toBe(h)
  })

  it('load replaces the document with a preset', () => {
    const h = apply(createHistory(grid(2, 2)), { kind: 'load', ...presetCells(13) })
    expect(h.present.cells).toHaveLength(13)
    expect(undo(h).present.cells).toHaveLength(4)
  })
})

describe('select tool', () => {
  it('turns a drag into a selection rectangle', () => {
    let r = transition(SELECT_IDLE, { kind: 'down', at: { x: 2, y: 2 } })
    expect(r.command).toEqual({ kind: 'select', rect: { x: 2, y: 2, w: 1, h: 1 } })
    r = transition(r.tool, { kind: 'move', at: { x: 0, y: 1 } })
    expect(r.command).toEqual({ kind: 'select', rect: { x: 0, y: 1, w: 3, h: 2 } })
    expect(transition(r.tool, { kind: 'move', at: { x: 0, y: 1 } }).command).toBeUndefined()
    r = transition(r.tool, { kind: 'up', at: { x: 0, y: 1 } })
    expect(r.tool).toEqual(SELECT_IDLE)
    expect(transition(SELECT_IDLE, { kind: 'move', at: { x: 1, y: 1 } }).command).toBeUndefined()
    expect(
      transition(
        { kind: 'selecting', anchor: { x: 0, y: 0 }, last: { x: 0, y: 0 } },
        { kind: 'cancel' }
      ).tool
    ).toEqual(SELECT_IDLE)
  })
})
