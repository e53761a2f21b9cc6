import { rectBetween, type GridPoint } from '../model'
import type { EditorCommand } from '../commands'

/** The pointer states of the select tool (tldraw's child states, as data). */
export type SelectToolState =
  { kind: 'idle' } | { kind: 'selecting'; anchor: GridPoint; last: GridPoint }

export type PointerEvent =
  | { kind: 'down'; at: GridPoint }
  | { kind: 'move'; at: GridPoint }
  | { kind: 'up'; at: GridPoint }
  | { kind: 'cancel' }

export const SELECT_IDLE: SelectToolState = { kind: 'idle' }

/** One explicit transition per pointer event; the command (if any) is what the editor performs. */
export function transition(
  s: SelectToolState,
  e: PointerEvent
): { tool: SelectToolState; command?: EditorCommand } {
  switch (e.kind) {
    case 'down':
      return {
        tool: { kind: 'selecting', anchor: e.at, last: e.at },
        command: { kind: 'select', rect: rectBetween(e.at, e.at) }
      }
    case 'move':
      if (s.kind !== 'selecting' || (s.last.x === e.at.x && s.last.y === e.at.y)) return { tool: s }
      return {
        tool: { ...s, last: e.at },
        command: { kind: 'select', rect: rectBetween(s.anchor, e.at) }
      }
    case 'up':
      if (s.kind !== 'selecting') return { tool: s }
      return { tool: SELECT_IDLE, command: { kind: 'select', rect: rectBetween(s.anchor, e.at) } }
    case 'cancel':
      return { tool: SELECT_IDLE }
  }
}
