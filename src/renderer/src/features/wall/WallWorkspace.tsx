import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react'
import {
  App,
  Button,
  Dropdown,
  Empty,
  Input,
  Modal,
  Segmented,
  Select,
  Space,
  Spin,
  Tag,
  Tooltip
} from 'antd'
import {
  AppstoreAddOutlined,
  EditOutlined,
  ExportOutlined,
  PauseCircleOutlined,
  PlayCircleOutlined,
  SaveOutlined,
  StarOutlined
} from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import {
  LAYOUT_PRESETS,
  presetCells,
  type LayoutPreset,
  type WallLayout
} from '../../../../shared/domain/layout'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import { roleHas } from '../../../../shared/auth/roles'
import { useCameras, useSession, useRoomZone } from '../app/queries'
import { api, transportKind } from '../../lib/api'
import { appBus } from '../../lib/appBus'
import { errorMessage } from '../../lib/errors'
import { useLayouts } from './queries'
import { useDeleteLayout, useSaveLayout, useSetDefaultLayout } from './mutations'
import { useCameraGroups } from './groups'
import { Tile } from './Tile'
import { AlarmTile } from '../ptz/AlarmTile'
import { useParkedSlots } from './useParkedSlots'
import { CameraTree } from './CameraTree'
import { CameraPicker } from './CameraPicker'
import { TourModal, type TourSource } from './TourModal'
import { LayoutEditorModal, type EditorSeed } from './editor/LayoutEditorModal'
import { useTourFrame } from './useTour'
import {
  WallContext,
  DND_CAMERAS,
  DND_TILE,
  type TileAction,
  type WallContextValue
} from './wallContext'
import {
  assignCamera,
  fillWall,
  layoutInputOf,
  swapTiles,
  viewFromLayout,
  viewFromPreset,
  type WallView
} from './model/wallView'
import { buildAreaTree, buildGroupTree } from './model/cameraTree'
import {
  currentWindowId,
  loadWindowState,
  nextWindowId,
  requestedLayoutId,
  saveWindowState,
  workstationId,
  type WindowState
} from './model/windowState'
import { captureFrame } from '../../lib/frame'
import { saveUrl } from '../../lib/download'
import { snapshotFileName } from './model/snapshot'
import styles from './wall.module.css'

/** What a window shows before the operator chooses: its stored state, the layout it was opened with, the workstation default. */
function initialState(layouts: readonly WallLayout[], cameras: readonly CameraView[]): WindowState {
  const requested = requestedLayoutId()
  const l =
    layouts.find((x) => x.id === requested) ?? layouts.find((x) => x.isDefault) ?? layouts[0]
  return {
    view: l
      ? viewFromLayout(l)
      : viewFromPreset(
          4,
          [],
          cameras.map((c) => c.id)
        ),
    tour: null
  }
}

function parseIds(raw: string): number[] {
  try {
    const v: unknown = JSON.parse(raw)
    return Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : []
  } catch {
    return []
  }
}

const NO_CAMERAS: CameraView[] = []

/** A small toolbar button that shows only its icon; the tooltip names it. */
function ToolButton({
  title,
  icon,
  onClick,
  testId
}: {
  title: string
  icon: ReactNode
  onClick: () => void
  testId: string
}) {
  return (
    <Tooltip title={title}>
      <Button size="small" icon={icon} onClick={onClick} data-testid={testId} />
    </Tooltip>
  )
}

/** The video wall of one window: layout toolbar, camera tree, tiles, tours. */
export function WallWorkspace() {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const windowId = useMemo(() => currentWindowId(), [])
  const wsId = useMemo(() => workstationId(), [])
  const layouts = useLayouts(wsId)
  const cameras = useCameras()
  const groups = useCameraGroups()
  const session = useSession()
  const canEdit = !!session.data && roleHas(session.data.user.role, 'layout.edit')
  const saveLayout = useSaveLayout()
  const deleteLayout = useDeleteLayout()
  const setDefault = useSetDefaultLayout()

  const [stored, setStored] = useState<WindowState | null>(() => loadWindowState(windowId))
  const [enlarged, setEnlarged] = useState<number | null>(null)
  // Esc restores an enlarged tile (as a full-screen video player does)
  useEffect(() => {
    if (enlarged === null) return
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) setEnlarged(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [enlarged])
  const [editor, setEditor] = useState<(EditorSeed & { id?: number }) | null>(null)
  const [picking, setPicking] = useState<number | null>(null)
  const [touring, setTouring] = useState(false)
  const [naming, setNaming] = useState<string | null>(null)

  const ready = !layouts.isPending && !cameras.isPending
  const state = stored ?? (ready ? initialState(layouts.data ?? [], cameras.data ?? []) : null)
  const update = useCallback(
    (f: (s: WindowState) => WindowState) => {
      setStored((prev) => {
        const base = prev ?? initialState(layouts.data ?? [], cameras.data ?? [])
        const next = f(base)
        saveWindowState(windowId, next)
        return next
      })
    },
    [layouts.data, cameras.data, windowId]
  )
  const setView = useCallback(
    (f: (v: WallView) => WallView) => update((s) => ({ ...s, view: f(s.view) })),
    [update]
  )

  const byId = useMemo(() => new Map((cameras.data ?? []).map((c) => [c.id, c])), [cameras.data])
  const view = state?.view
  const tileCount = view?.cells.length ?? 0
  const frame = useTourFrame(state?.tour ?? null, tileCount)
  const slots = useParkedSlots(
    view
      ? view.cells.map((_, i) =>
          frame?.current.has(i) ? (frame.current.get(i) ?? null) : (view.cameraIds[i] ?? null)
        )
      : []
  )
  const timeZone = useRoomZone()

  const tourSources: TourSource[] = useMemo(() => {
    const cams = cameras.data ?? []
    const out: TourSource[] = [
      { key: 'all', label: t('tour.all'), cameraIds: cams.map((c) => c.id) }
    ]
    for (const b of buildAreaTree(cams)) {
      out.push({
        key: b.key,
        label: `${t('tree.block')} · ${b.label ?? t('tree.noBlock')}`,
        cameraIds: b.cameraIds
      })
      for (const m of b.children ?? [])
        out.push({
          key: m.key,
          label: `${t('tree.community')} · ${m.label ?? t('tree.noCommunity')}`,
          cameraIds: m.cameraIds
        })
    }
    for (const g of buildGroupTree(cams, groups ?? []))
      out.push({
        key: g.key,
        label: `${t('tree.group')} · ${g.label ?? ''}`,
        cameraIds: g.cameraIds
      })
    return out
  }, [cameras.data, groups, t])

  const act = useCallback(
    (
      index: number,
      action: TileAction,
      camera: CameraView | null,
      video: HTMLVideoElement | null
    ) => {
      const at = Date.now()
      switch (action) {
        case 'replace':
          return setPicking(index)
        case 'remove':
          return setView((v) => assignCamera(v, index, null))
        case 'snapshot': {
          const png = video && captureFrame(video)
          if (!camera || !png) return void message.warning(t('tile.noFrame'))
          const name = snapshotFileName(camera.code, at, timeZone)
          saveUrl(png, name)
          return void message.success(t('tile.snapshotSaved', { name }))
        }
        case 'playback':
          // the moment the operator reacted to is just before the click
          if (camera) appBus.emit('playback:open', { cameraIds: [camera.id], at: at - 30_000 })
          return
        case 'incident':
          if (camera)
            appBus.emit('incident:create', {
              cameraId: camera.id,
              at,
              snapshotDataUrl: (video && captureFrame(video)) ?? undefined
            })
          return
      }
    },
    [setView, message, t, timeZone]
  )

  const wall: WallContextValue = useMemo(
    () => ({
      timeZone,
      enlarged,
      tileCount,
      toggleEnlarge: (i) => setEnlarged((e) => (e === i ? null : i)),
      drop: (index, data) => {
        const tile = data.getData(DND_TILE)
        if (tile !== '') return setView((v) => swapTiles(v, Number(tile), index))
        const ids = parseIds(data.getData(DND_CAMERAS))
        if (ids.length === 1) setView((v) => assignCamera(v, index, ids[0] ?? null))
        else if (ids.length > 1) setView((v) => fillWall(v, ids))
      },
      act
    }),
    [timeZone, enlarged, tileCount, setView, act]
  )

  if (!state || !view) return <Spin />
  const saved = layouts.data ?? []
  const current = saved.find((l) => l.id === view.layoutId)
  const run = async (p: Promise<unknown>, ok: string) => {
    try {
      await p
      void message.success(ok)
    } catch (err) {
      void message.error(errorMessage(t, err))
    }
  }
  /** Saves a layout (the wall as it is, unless the editor made one) and shows it. */
  const saveAs = async (name: string, id?: number, layout = layoutInputOf(view, name)) => {
    try {
      const l = await saveLayout.mutateAsync({ id, layout })
      setView(() => viewFromLayout(l))
      void message.success(t('wall.savedOk', { name: l.name }))
    } catch (err) {
      void message.error(errorMessage(t, err))
    }
  }
  const openWindow = async () => {
    const id = nextWindowId()
    // A browser only opens windows during the click itself: open it now, point it at the wall once main answers.
    const win =
      transportKind === 'http'
        ? window.open('about:blank', id, 'popup,width=1280,height=800')
        : null
    try {
      const r = await api['window:open']({ windowId: id, layoutId: view.layoutId ?? undefined })
      if (r.kind === 'url') {
        if (win) win.location.href = r.url
        else window.open(r.url, id)
      } else win?.close()
    } catch (err) {
      win?.close()
      void message.error(errorMessage(t, err))
    }
  }
  const tour = state.tour

  return (
    <WallContext.Provider value={wall}>
      <div className={styles.workspace}>
        <CameraTree cameras={cameras.data ?? NO_CAMERAS} groups={groups} />
        <div className={styles.main}>
          <div className={styles.toolbar} data-lock-cover="toolbar">
            <Select
              className={styles.layoutSelect}
              placeholder={t('wall.savedLayouts')}
              value={view.layoutId ?? undefined}
              onChange={(id: number) => {
                const l = saved.find((x) => x.id === id)
                if (!l) return
                setEnlarged(null)
                setView(() => viewFromLayout(l))
              }}
              options={saved.map((l) => ({
                value: l.id,
                label: (
                  <span>
                    {l.name}
                    {l.isDefault && (
                      <StarOutlined className={styles.defaultStar} title={t('wall.isDefault')} />
                    )}
                  </span>
                ),
                title: l.name
              }))}
              data-testid="layout-select"
            />
            <Segmented<LayoutPreset | 0>
              size="small"
              value={view.preset ?? 0}
              onChange={(n) => {
                if (n === 0) return
                setEnlarged(null)
                setView((v) =>
                  viewFromPreset(
                    n,
                    v.cameraIds,
                    (cameras.data ?? []).map((c) => c.id)
                  )
                )
              }}
              options={[
                { value: 0, label: t('wall.custom'), disabled: true },
                ...LAYOUT_PRESETS.map((n) => ({
                  value: n,
                  label: String(n),
                  title: t('wall.presetN', { n })
                }))
              ]}
              data-testid="preset-select"
            />
            <Space size={4} wrap>
              {canEdit && (
                <Dropdown.Button
                  size="small"
                  icon={<SaveOutlined />}
                  disabled={saveLayout.isPending}
                  onClick={() => (current ? void saveAs(current.name, current.id) : setNaming(''))}
                  menu={{
                    items: [
                      { key: 'saveAs', label: t('wall.saveAs') },
                      { key: 'setDefault', label: t('wall.setDefault'), disabled: !current },
                      {
                        key: 'setRoomDefault',
                        label: t('wall.setRoomDefault'),
                        disabled: !current
                      },
                      {
                        key: 'delete',
                        label: t('wall.deleteLayout'),
                        danger: true,
                        disabled: !current || current.isRoomDefault
                      }
                    ],
                    onClick: ({ key }) => {
                      if (key === 'saveAs') return setNaming(current ? `${current.name} 2` : '')
                      if (!current) return
                      if (key === 'setDefault')
                        void run(
                          setDefault.mutateAsync({ id: current.id, workstationId: wsId }),
                          t('wall.defaultSet', { name: current.name })
                        )
                      if (key === 'setRoomDefault')
                        void run(
                          setDefault.mutateAsync({ id: current.id }),
                          t('wall.roomDefaultSet', { name: current.name })
                        )
                      if (key === 'delete')
                        Modal.confirm({
                          title: t('wall.deleteConfirm', { name: current.name }),
                          okButtonProps: { danger: true },
                          onOk: async () => {
                            await run(deleteLayout.mutateAsync(current.id), t('wall.deleted'))
                            setView((v) => ({ ...v, layoutId: null }))
                          }
                        })
                    }
                  }}
                  data-testid="layout-save"
                >
                  {current ? t('common.save') : t('wall.saveAs')}
                </Dropdown.Button>
              )}
              {canEdit && (
                <ToolButton
                  title={t('wall.newLayout')}
                  icon={<AppstoreAddOutlined />}
                  onClick={() =>
                    setEditor({
                      name: '',
                      ...presetCells(4),
                      cameraIds: view.cameraIds.slice(0, 4)
                    })
                  }
                  testId="layout-new"
                />
              )}
              {canEdit && (
                <ToolButton
                  title={t('wall.editLayout')}
                  icon={<EditOutlined />}
                  onClick={() => setEditor({ name: current?.name ?? '', ...view, id: current?.id })}
                  testId="layout-edit"
                />
              )}
              <ToolButton
                title={t('wall.openWindow')}
                icon={<ExportOutlined />}
                onClick={() => void openWindow()}
                testId="open-window"
              />
              {tour ? (
                <Button
                  size="small"
                  danger
                  icon={<PauseCircleOutlined />}
                  onClick={() => update((s) => ({ ...s, tour: null }))}
                  data-testid="tour-stop"
                >
                  {t('tour.stop')}
                </Button>
              ) : (
                <Button
                  size="small"
                  icon={<PlayCircleOutlined />}
                  onClick={() => setTouring(true)}
                  data-testid="tour-open"
                >
                  {t('tour.open')}
                </Button>
              )}
              {tour && (
                <Tag color="processing" data-testid="tour-running">
                  {t('tour.running', {
                    label: tour.label,
                    seconds: Math.round(tour.dwellMs / 1000)
                  })}
                </Tag>
              )}
            </Space>
          </div>
          {tileCount === 0 ? (
            <Empty description={t('wall.noLayout')} />
          ) : (
            <div
              className={styles.grid}
              style={{
                gridTemplateColumns: `repeat(${view.cols}, minmax(0, 1fr))`,
                gridTemplateRows: `repeat(${view.rows}, minmax(0, 1fr))`
              }}
              data-testid="wall-grid"
              data-tiles={tileCount}
            >
              {slots.map((slotId, i) => {
                const cell = view.cells[i]
                if (!cell)
                  return (
                    <div key={i} className={styles.cell} style={{ display: 'none' }} data-parked>
                      <Tile
                        index={i}
                        camera={slotId === null ? null : (byId.get(slotId) ?? null)}
                      />
                    </div>
                  )
                const id = slotId
                const next = frame?.upcoming.get(i)
                const hidden = enlarged !== null && enlarged !== i
                return (
                  <div
                    key={i}
                    className={styles.cell}
                    style={
                      enlarged === i
                        ? { gridColumn: '1 / -1', gridRow: '1 / -1' }
                        : {
                            gridColumn: `${cell.x + 1} / span ${cell.w}`,
                            gridRow: `${cell.y + 1} / span ${cell.h}`,
                            display: hidden ? 'none' : undefined
                          }
                    }
                    data-span={`${cell.w}x${cell.h}`}
                  >
                    <Tile
                      index={i}
                      camera={id === null ? null : (byId.get(id) ?? null)}
                      upcoming={next === undefined ? null : (byId.get(next) ?? null)}
                    />
                  </div>
                )
              })}
            </div>
          )}
        </div>
      </div>
      {editor && (
        <LayoutEditorModal
          seed={editor}
          saving={saveLayout.isPending}
          labelOf={(id) => (id === null ? '' : (byId.get(id)?.code ?? ''))}
          onClose={() => setEditor(null)}
          onSave={(l) => {
            void saveAs(l.name, editor.id, l).then(() => setEditor(null))
          }}
        />
      )}
      {picking !== null && (
        <CameraPicker
          cameras={cameras.data ?? []}
          onClose={() => setPicking(null)}
          onPick={(id) => {
            setView((v) => assignCamera(v, picking, id))
            setPicking(null)
          }}
        />
      )}
      {touring && (
        <TourModal
          sources={tourSources}
          tileCount={tileCount}
          onClose={() => setTouring(false)}
          onStart={(spec) => {
            update((s) => ({ ...s, tour: { ...spec, startedAt: Date.now() } }))
            setTouring(false)
          }}
        />
      )}
      {naming !== null && (
        <Modal
          open
          title={t('wall.saveAsTitle')}
          okText={t('common.save')}
          cancelText={t('common.cancel')}
          okButtonProps={{ disabled: !naming.trim(), 'data-testid': 'save-as-ok' }}
          onCancel={() => setNaming(null)}
          onOk={() => {
            void saveAs(naming.trim()).then(() => setNaming(null))
          }}
        >
          <Input
            value={naming}
            onChange={(e) => setNaming(e.target.value)}
            maxLength={80}
            placeholder={t('editor.name')}
            data-testid="save-as-name"
          />
        </Modal>
      )}
      <AlarmTile cameras={byId} timeZone={timeZone} />
    </WallContext.Provider>
  )
}
