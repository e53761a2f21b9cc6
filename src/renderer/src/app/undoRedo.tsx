import { useEffect, useRef } from 'react'
import { Button, Space, Tooltip } from 'antd'
import { RedoOutlined, UndoOutlined } from '@ant-design/icons'

/**
 * Ctrl+Z undoes, Ctrl+Y or Ctrl+Shift+Z redoes (⌘ on a Mac), except while a
 * field that edits text has the focus: there the keys belong to the field.
 */
export function useUndoRedoKeys(enabled: boolean, onUndo: () => void, onRedo: () => void) {
  // the latest handlers, without listening again on every render
  const handlers = useRef({ onUndo, onRedo })
  useEffect(() => {
    handlers.current = { onUndo, onRedo }
  })
  useEffect(() => {
    if (!enabled) return
    const onKey = (e: KeyboardEvent) => {
      if (
        !(e.ctrlKey || e.metaKey) ||
        (e.target as HTMLElement | null)?.closest?.('textarea, input:not([readonly])')
      )
        return
      const k = e.key.toLowerCase()
      if (k === 'z' && !e.shiftKey) handlers.current.onUndo()
      else if (k === 'y' || (k === 'z' && e.shiftKey)) handlers.current.onRedo()
      else return
      e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [enabled])
}

/** The undo and redo buttons of an editor, with their shortcuts as tooltips. */
export function UndoRedoButtons({
  canUndo,
  canRedo,
  onUndo,
  onRedo,
  labels,
  testIdPrefix,
  size
}: {
  canUndo: boolean
  canRedo: boolean
  onUndo: () => void
  onRedo: () => void
  labels: { undo: string; redo: string }
  testIdPrefix: string
  size?: 'small'
}) {
  const steps = [
    { step: 'undo', keys: 'Ctrl+Z', icon: <UndoOutlined />, can: canUndo, run: onUndo },
    { step: 'redo', keys: 'Ctrl+Y', icon: <RedoOutlined />, can: canRedo, run: onRedo }
  ] as const
  // a Space of their own: a parent Space would see this component as one item and not gap the buttons
  return (
    <Space>
      {steps.map(({ step, keys, icon, can, run }) => (
        <Tooltip key={step} title={keys}>
          <Button
            size={size}
            icon={icon}
            disabled={!can}
            onClick={run}
            data-testid={`${testIdPrefix}-${step}`}
          >
            {labels[step]}
          </Button>
        </Tooltip>
      ))}
    </Space>
  )
}
