import { useRef } from 'react'
import { Layer, Rect, Stage, Text } from 'react-konva'
import type Konva from 'konva'
import type { EditorState, GridPoint } from './model'
import {
  SELECT_IDLE,
  transition,
  type PointerEvent,
  type SelectToolState
} from './tools/selectTool'
import type { EditorCommand } from './commands'

const CELL_ASPECT = 16 / 9

/** Pixel size of one grid unit so the whole grid fits the box with 16:9 units. */
export function stageGeometry(
  s: Pick<EditorState, 'cols' | 'rows'>,
  box: { width: number; height: number }
) {
  const unitW = Math.max(
    8,
    Math.floor(Math.min(box.width / s.cols, (box.height / s.rows) * CELL_ASPECT))
  )
  const unitH = Math.floor(unitW / CELL_ASPECT)
  return { unitW, unitH, width: unitW * s.cols, height: unitH * s.rows }
}

/**
 * Draws the layout being edited and turns pointer input into commands
 * through the select tool. Konva only draws: the state lives in the editor.
 */
export function LayoutEditorStage({
  state,
  box,
  labelOf,
  onCommand
}: {
  state: EditorState
  box: { width: number; height: number }
  labelOf: (cameraId: number | null) => string
  onCommand: (cmd: EditorCommand) => void
}) {
  const tool = useRef<SelectToolState>(SELECT_IDLE)
  const g = stageGeometry(state, box)
  const toGrid = (stage: Konva.Stage | null): GridPoint | null => {
    const p = stage?.getPointerPosition()
    if (!p) return null
    return {
      x: Math.min(state.cols - 1, Math.max(0, Math.floor(p.x / g.unitW))),
      y: Math.min(state.rows - 1, Math.max(0, Math.floor(p.y / g.unitH)))
    }
  }
  const feed = (e: PointerEvent) => {
    const r = transition(tool.current, e)
    tool.current = r.tool
    if (r.command) onCommand(r.command)
  }
  const pointer = (kind: 'down' | 'move' | 'up', e: Konva.KonvaEventObject<MouseEvent>) => {
    const at = toGrid(e.target.getStage())
    if (at) feed({ kind, at })
  }
  const sel = state.selection
  return (
    <Stage
      width={g.width}
      height={g.height}
      onMouseDown={(e) => pointer('down', e)}
      onMouseMove={(e) => pointer('move', e)}
      onMouseUp={(e) => pointer('up', e)}
      onMouseLeave={() => feed({ kind: 'cancel' })}
    >
      <Layer>
        {state.cells.map((c, i) => (
          <Rect
            key={`${c.x},${c.y},${c.w},${c.h}`}
            x={c.x * g.unitW + 1}
            y={c.y * g.unitH + 1}
            width={c.w * g.unitW - 2}
            height={c.h * g.unitH - 2}
            fill={i % 2 ? '#14223c' : '#172846'}
            stroke="#3a4d73"
            strokeWidth={1}
          />
        ))}
        {state.cells.map((c, i) => (
          <Text
            key={`t${c.x},${c.y},${c.w},${c.h}`}
            x={c.x * g.unitW + 6}
            y={c.y * g.unitH + 6}
            width={c.w * g.unitW - 12}
            text={`${i + 1}${c.cameraId !== null ? `  ${labelOf(c.cameraId)}` : ''}`}
            fontSize={Math.max(10, Math.min(14, g.unitH / 4))}
            fill="#c9d4ea"
            ellipsis
            wrap="none"
            listening={false}
          />
        ))}
        {sel && (
          <Rect
            x={sel.x * g.unitW + 1}
            y={sel.y * g.unitH + 1}
            width={sel.w * g.unitW - 2}
            height={sel.h * g.unitH - 2}
            stroke="#1f7ae0"
            strokeWidth={3}
            fill="rgba(31, 122, 224, 0.25)"
            listening={false}
          />
        )}
      </Layer>
    </Stage>
  )
}
