import { useState } from 'react'
import { Button, Form, Input, InputNumber, Modal, Select, Space } from 'antd'
import { MergeCellsOutlined, SplitCellsOutlined } from '@ant-design/icons'
import { UndoRedoButtons, useUndoRedoKeys } from '../../../app/undoRedo'
import { useTranslation } from 'react-i18next'
import {
  LAYOUT_PRESETS,
  MAX_GRID,
  presetCells,
  type LayoutCell,
  type LayoutPreset
} from '../../../../../shared/domain/layout'
import {
  apply,
  canRedo,
  canUndo,
  createHistory,
  redo,
  undo,
  type EditorCommand,
  type EditorHistory
} from './commands'
import { canMerge, canSplit, createEditorState, toLayoutParts } from './model'
import { LayoutEditorStage } from './LayoutEditorStage'

export type EditorSeed = {
  name: string
  cols: number
  rows: number
  cells: LayoutCell[]
  cameraIds: (number | null)[]
}
export type EditorResult = EditorSeed

const STAGE_BOX = { width: 720, height: 420 }

/** The commands on the selected cells, each with its button's icon and when it applies. */
const CELL_COMMANDS = [
  { kind: 'merge', icon: <MergeCellsOutlined />, can: canMerge },
  { kind: 'split', icon: <SplitCellsOutlined />, can: canSplit }
] as const

/**
 * The custom layout editor: a grid whose cells are merged and split by
 * selecting them on the canvas, with undo/redo (Ctrl+Z, Ctrl+Y / Ctrl+Shift+Z).
 */
export function LayoutEditorModal({
  seed,
  labelOf,
  saving,
  onSave,
  onClose
}: {
  seed: EditorSeed
  labelOf: (cameraId: number | null) => string
  saving: boolean
  onSave: (layout: EditorResult) => void
  onClose: () => void
}) {
  const { t } = useTranslation()
  const [name, setName] = useState(seed.name)
  const [history, setHistory] = useState<EditorHistory>(() =>
    createHistory(createEditorState(seed))
  )
  const run = (cmd: EditorCommand) => setHistory((h) => apply(h, cmd))
  const s = history.present

  useUndoRedoKeys(
    true,
    () => setHistory(undo),
    () => setHistory(redo)
  )

  return (
    <Modal
      open
      width={780}
      title={t('editor.title')}
      onCancel={onClose}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !name.trim(), loading: saving, 'data-testid': 'editor-save' }}
      onOk={() => onSave({ name: name.trim(), ...toLayoutParts(s) })}
      destroyOnHidden
      data-testid="layout-editor"
    >
      <Form layout="inline" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('editor.name')} required>
          <Input
            value={name}
            onChange={(e) => setName(e.target.value)}
            maxLength={80}
            style={{ width: 200 }}
            data-testid="editor-name"
          />
        </Form.Item>
        {(['cols', 'rows'] as const).map((axis) => (
          <Form.Item key={axis} label={t(`editor.${axis}`)}>
            <InputNumber
              min={1}
              max={MAX_GRID}
              value={s[axis]}
              onChange={(v) => v && run({ kind: 'resize', cols: s.cols, rows: s.rows, [axis]: v })}
              data-testid={`editor-${axis}`}
              style={{ width: 64 }}
            />
          </Form.Item>
        ))}
        <Form.Item>
          <Select<LayoutPreset>
            placeholder={t('editor.fromPreset')}
            style={{ width: 130 }}
            value={null}
            onChange={(n) => {
              run({ kind: 'load', ...presetCells(n) })
            }}
            options={LAYOUT_PRESETS.map((n) => ({ value: n, label: t('wall.presetN', { n }) }))}
            data-testid="editor-preset"
          />
        </Form.Item>
      </Form>
      <Space style={{ marginBottom: 12 }}>
        {CELL_COMMANDS.map(({ kind, icon, can }) => (
          <Button
            key={kind}
            icon={icon}
            disabled={!can(s)}
            onClick={() => run({ kind })}
            data-testid={`editor-${kind}`}
          >
            {t(`editor.${kind}`)}
          </Button>
        ))}
        <UndoRedoButtons
          canUndo={canUndo(history)}
          canRedo={canRedo(history)}
          onUndo={() => setHistory(undo)}
          onRedo={() => setHistory(redo)}
          labels={{ undo: t('editor.undo'), redo: t('editor.redo') }}
          testIdPrefix="editor"
        />
        <span style={{ opacity: 0.65 }}>{t('editor.help', { count: s.cells.length })}</span>
      </Space>
      <div
        style={{ display: 'flex', justifyContent: 'center', background: '#0b1220', padding: 8 }}
        data-testid="editor-stage"
      >
        <LayoutEditorStage state={s} box={STAGE_BOX} labelOf={labelOf} onCommand={run} />
      </div>
    </Modal>
  )
}
