import { useMemo, useState } from 'react'
import { Empty, Segmented, Select, Space, Spin } from 'antd'
import { useTranslation } from 'react-i18next'
import { LAYOUT_PRESETS, presetCells, type LayoutCell, type LayoutPreset } from '../../../../shared/domain/layout'
import { useAppInfo, useCameras } from '../app/queries'
import { useLayouts } from './queries'
import { Tile } from './Tile'
import styles from './wall.module.css'

type ActiveLayout = { cols: number; rows: number; cells: LayoutCell[]; cameraIds: (number | null)[] }

export function WallWorkspace() {
  const { t } = useTranslation()
  const layouts = useLayouts()
  const cameras = useCameras()
  const info = useAppInfo()
  const [choice, setChoice] = useState<{ kind: 'saved'; id: number } | { kind: 'preset'; n: LayoutPreset } | null>(null)
  const [enlarged, setEnlarged] = useState<number | null>(null)

  const active: ActiveLayout | null = useMemo(() => {
    const saved = layouts.data ?? []
    if (choice?.kind === 'preset') {
      const { cols, rows, cells } = presetCells(choice.n)
      const ids = (cameras.data ?? []).map((c) => c.id)
      return { cols, rows, cells, cameraIds: cells.map((_, i) => ids[i] ?? null) }
    }
    const l = (choice?.kind === 'saved' ? saved.find((x) => x.id === choice.id) : undefined) ?? saved[0]
    return l ? { cols: l.cols, rows: l.rows, cells: l.cells, cameraIds: l.cameraIds } : null
  }, [choice, layouts.data, cameras.data])

  if (layouts.isPending || cameras.isPending) return <Spin />
  const byId = new Map((cameras.data ?? []).map((c) => [c.id, c]))
  const timeZone = info.data?.timeZone ?? 'Asia/Shanghai'

  return (
    <div className={styles.workspace}>
      <Space className={styles.toolbar} wrap>
        <Select
          style={{ minWidth: 180 }}
          placeholder={t('wall.savedLayouts')}
          value={choice?.kind === 'saved' ? choice.id : choice ? undefined : layouts.data?.[0]?.id}
          onChange={(id: number) => {
            setEnlarged(null)
            setChoice({ kind: 'saved', id })
          }}
          options={(layouts.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
          data-testid="layout-select"
        />
        <Segmented<LayoutPreset | 0>
          value={choice?.kind === 'preset' ? choice.n : 0}
          onChange={(n) => {
            setEnlarged(null)
            setChoice(n === 0 ? null : { kind: 'preset', n })
          }}
          options={[{ value: 0, label: t('wall.saved') }, ...LAYOUT_PRESETS.map((n) => ({ value: n, label: String(n) }))]}
          data-testid="preset-select"
        />
      </Space>
      {!active ? (
        <Empty description={t('wall.noLayout')} />
      ) : enlarged !== null ? (
        <div className={styles.grid} style={{ gridTemplateColumns: '1fr', gridTemplateRows: '1fr' }}>
          <Tile camera={byId.get(enlarged) ?? null} timeZone={timeZone} onToggleEnlarge={() => setEnlarged(null)} />
        </div>
      ) : (
        <div
          className={styles.grid}
          style={{ gridTemplateColumns: `repeat(${active.cols}, 1fr)`, gridTemplateRows: `repeat(${active.rows}, 1fr)` }}
          data-testid="wall-grid"
        >
          {active.cells.map((cell, i) => {
            const id = active.cameraIds[i] ?? null
            return (
              <div
                key={`${cell.x},${cell.y},${cell.w},${cell.h}`}
                style={{ gridColumn: `${cell.x + 1} / span ${cell.w}`, gridRow: `${cell.y + 1} / span ${cell.h}`, minWidth: 0, minHeight: 0 }}
              >
                <Tile camera={id === null ? null : (byId.get(id) ?? null)} timeZone={timeZone} onToggleEnlarge={id === null ? undefined : () => setEnlarged(id)} />
              </div>
            )
          })}
        </div>
      )}
    </div>
  )
}
