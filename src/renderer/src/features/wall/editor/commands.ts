import type { LayoutCell } from '../../../../../shared/domain/layout'
import {
  createEditorState,
  mergeSelection,
  resizeGrid,
  snapToCells,
  sortCells,
  splitSelection,
  unitCells,
  type EditorState,
  type GridRect
} from './model'

/**
 * Editor commands: `perform(state) → { state, undoable }`. Selecting is not
 * undoable (Excalidraw's CaptureUpdateAction.NEVER); changes to the cells are.
 */
export type EditorCommand =
  | { kind: 'select'; rect: GridRect | null }
  | { kind: 'merge' }
  | { kind: 'split' }
  | { kind: 'resize'; cols: number; rows: number }
  | { kind: 'reset'; cols: number; rows: number }
  | { kind: 'load'; cols: number; rows: number; cells: readonly LayoutCell[] }

export type CommandResult = { state: EditorState; undoable: boolean }

export function perform(state: EditorState, cmd: EditorCommand): CommandResult {
  switch (cmd.kind) {
    case 'select':
      return {
        state: { ...state, selection: cmd.rect && snapToCells(cmd.rect, state.cells) },
        undoable: false
      }
    case 'merge': {
      const next = mergeSelection(state)
      return { state: next, undoable: next !== state }
    }
    case 'split': {
      const next = splitSelection(state)
      return { state: next, undoable: next !== state }
    }
    case 'resize':
      if (cmd.cols === state.cols && cmd.rows === state.rows) return { state, undoable: false }
      return { state: resizeGrid(state, cmd.cols, cmd.rows), undoable: true }
    case 'reset': {
      const s = resizeGrid({ ...state, cells: [] }, cmd.cols, cmd.rows)
      return { state: { ...s, cells: unitCells(s.cols, s.rows) }, undoable: true }
    }
    case 'load':
      // a new grid keeps the cameras already placed, in reading order
      return {
        state: createEditorState({
          ...cmd,
          cameraIds: sortCells(state.cells).map((c) => c.cameraId)
        }),
        undoable: true
      }
  }
}

/** Undo/redo over whole documents (layouts are tiny, so snapshots beat inverse commands). */
export type EditorHistory = { past: EditorState[]; present: EditorState; future: EditorState[] }

const HISTORY_LIMIT = 100

export function createHistory(present: EditorState): EditorHistory {
  return { past: [], present, future: [] }
}

export function apply(h: EditorHistory, cmd: EditorCommand): EditorHistory {
  const { state, undoable } = perform(h.present, cmd)
  if (state === h.present) return h
  if (!undoable) return { ...h, present: state }
  return {
    past: [...h.past, { ...h.present, selection: null }].slice(-HISTORY_LIMIT),
    present: state,
    future: []
  }
}

export const canUndo = (h: EditorHistory) => h.past.length > 0
export const canRedo = (h: EditorHistory) => h.future.length > 0

export function undo(h: EditorHistory): EditorHistory {
  const prev = h.past[h.past.length - 1]
  if (!prev) return h
  return {
    past: h.past.slice(0, -1),
    present: prev,
    future: [{ ...h.present, selection: null }, ...h.future]
  }
}

export function redo(h: EditorHistory): EditorHistory {
  const next = h.future[0]
  if (!next) return h
  return {
    past: [...h.past, { ...h.present, selection: null }],
    present: next,
    future: h.future.slice(1)
  }
}
