import { useCallback, useEffect, useRef, useState, type DragEvent, type WheelEvent } from 'react'
import { Dropdown, type MenuProps } from 'antd'
import { useTranslation } from 'react-i18next'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import type { StreamState } from '../player/state'
import { pickVariant } from './pickVariant'
import { useElementSize } from '../../lib/useElementSize'
import { usePageVisible } from '../../lib/usePageVisible'
import { getRoomZone } from '../app/queries'
import { formatTime } from '../../lib/time'
import { useClock } from './useClock'
import { TileAlert, TileBadge } from './TileStatus'
import { VideoLayer, type Layer } from './VideoLayer'
import { DND_CAMERAS, DND_TILE, useWall, type TileAction } from './wallContext'
import { NO_ZOOM, zoomAt, type Zoom } from './model/zoom'
import styles from './wall.module.css'
import { PtzOverlay } from '../ptz/PtzOverlay'

const isReady = (s: StreamState | undefined) => s?.status === 'playing' || s?.status === 'stalled'
/** How long an outgoing picture may wait for its successor's first frame. */
const OUTGOING_MAX_MS = 8000

function TileClock({ timeZone }: { timeZone: string }) {
  return <span className={styles.tileClock}>{formatTime(useClock(), timeZone)}</span>
}

function layerOf(camera: CameraView | null, size: { width: number; height: number }): Layer | null {
  if (!camera || size.width <= 0 || size.height <= 0) return null
  const v = pickVariant(camera.streams, size, window.devicePixelRatio || 1)
  return v ? { key: `${camera.id}|${v.url}`, cameraId: camera.id, url: v.url } : null
}

/**
 * One wall tile: a camera's live picture with its name, code, local clock and
 * state. Switching cameras or stream variants never goes black: the old
 * picture stays until the new one has a frame; `upcoming` (a tour's next
 * camera) is decoded invisibly ahead of its turn.
 */
export function Tile({
  camera,
  index = 0,
  upcoming = null,
  timeZone
}: {
  camera: CameraView | null
  index?: number
  upcoming?: CameraView | null
  /** only for a tile outside a wall (a preview); a wall's tiles take the room's zone from the wall */
  timeZone?: string
}) {
  const { t } = useTranslation()
  const wall = useWall()
  const zone = wall?.timeZone ?? timeZone ?? getRoomZone()
  const elRef = useRef<HTMLDivElement | null>(null)
  const [sizeRef, size] = useElementSize<HTMLDivElement>()
  const setRefs = useCallback(
    (el: HTMLDivElement | null) => {
      elRef.current = el
      sizeRef(el)
    },
    [sizeRef]
  )
  // a hidden tile (behind an enlarged one, a slot a smaller layout parked)
  // measures 0×0: it keeps the size it was shown at, so its layers stay the
  // same and park instead of being dropped
  const shown = size.width > 0 && size.height > 0
  const [lastShown, setLastShown] = useState(size)
  if (shown && lastShown !== size) setLastShown(size)
  const layerSize = shown ? size : lastShown
  const enabled = usePageVisible() && shown
  const [states, setStates] = useState<Record<string, StreamState>>({})
  const onState = useCallback(
    (key: string, st: StreamState | null) =>
      setStates((m) => {
        if (st === null) {
          if (!(key in m)) return m
          const rest = { ...m }
          delete rest[key]
          return rest
        }
        return m[key] === st ? m : { ...m, [key]: st }
      }),
    []
  )

  const current = layerOf(camera, layerSize)
  const next = layerOf(upcoming, layerSize)
  // Keep the previous picture while the new layer connects (derived during render so it never unmounts).
  const [track, setTrack] = useState<{ current: Layer | null; outgoing: Layer | null }>({
    current: null,
    outgoing: null
  })
  if ((track.current?.key ?? null) !== (current?.key ?? null)) {
    const keepOld =
      current &&
      track.current &&
      isReady(states[track.current.key]) &&
      !isReady(states[current.key])
    setTrack({ current, outgoing: keepOld ? track.current : null })
  }
  const currentReady = current ? isReady(states[current.key]) : false
  const outgoing = track.outgoing && !currentReady ? track.outgoing : null
  if (track.outgoing && currentReady) setTrack({ ...track, outgoing: null })
  useEffect(() => {
    if (!track.outgoing) return
    const id = window.setTimeout(
      () => setTrack((tr) => ({ ...tr, outgoing: null })),
      OUTGOING_MAX_MS
    )
    return () => window.clearTimeout(id)
  }, [track.outgoing])

  const [zoom, setZoom] = useState<{ cameraId: number | null; z: Zoom }>({
    cameraId: null,
    z: NO_ZOOM
  })
  const z = zoom.cameraId === (camera?.id ?? null) ? zoom.z : NO_ZOOM
  const onWheel = (e: WheelEvent<HTMLDivElement>) => {
    if (!camera) return
    const r = e.currentTarget.getBoundingClientRect()
    setZoom({
      cameraId: camera.id,
      z: zoomAt(z, e.deltaY, {
        fx: (e.clientX - r.left) / r.width,
        fy: (e.clientY - r.top) / r.height
      })
    })
  }

  const layers: { layer: Layer; role: 'current' | 'outgoing' | 'upcoming' }[] = []
  if (outgoing && outgoing.key !== current?.key) layers.push({ layer: outgoing, role: 'outgoing' })
  if (current) layers.push({ layer: current, role: 'current' })
  if (next && next.key !== current?.key && next.key !== outgoing?.key)
    layers.push({ layer: next, role: 'upcoming' })

  const act = (action: TileAction) =>
    wall?.act(
      index,
      action,
      camera,
      elRef.current?.querySelector<HTMLVideoElement>('video[data-current]') ?? null
    )
  const menu: MenuProps = {
    items: [
      {
        key: 'enlarge',
        label: wall?.enlarged === index ? t('tile.menu.restore') : t('tile.menu.enlarge'),
        disabled: !camera && wall?.enlarged !== index
      },
      { key: 'replace', label: t('tile.menu.replace') },
      { key: 'remove', label: t('tile.menu.remove'), disabled: !camera },
      { type: 'divider' },
      { key: 'snapshot', label: t('tile.menu.snapshot'), disabled: !camera || !currentReady },
      { key: 'playback', label: t('tile.menu.playback'), disabled: !camera },
      { key: 'incident', label: t('tile.menu.incident'), disabled: !camera }
    ],
    onClick: ({ key }) => (key === 'enlarge' ? wall?.toggleEnlarge(index) : act(key as TileAction))
  }
  const accepts = (e: DragEvent) =>
    e.dataTransfer.types.includes(DND_CAMERAS) || e.dataTransfer.types.includes(DND_TILE)
  const state = current ? states[current.key] : undefined

  return (
    <Dropdown menu={menu} trigger={wall ? ['contextMenu'] : []} destroyOnHidden>
      <div
        ref={setRefs}
        className={styles.tile}
        data-testid={wall && index >= wall.tileCount ? 'wall-tile-parked' : 'wall-tile'}
        data-index={index}
        data-camera-code={camera?.code ?? ''}
        data-state={camera ? (state?.status ?? 'idle') : 'empty'}
        onDoubleClick={() => wall?.toggleEnlarge(index)}
        onWheel={onWheel}
        draggable={!!camera && !!wall}
        onDragStart={(e) => {
          e.dataTransfer.setData(DND_TILE, String(index))
          e.dataTransfer.effectAllowed = 'move'
        }}
        onDragOver={(e) => {
          if (!wall || !accepts(e)) return
          e.preventDefault()
          e.currentTarget.classList.add(styles.dropTarget ?? '')
        }}
        onDragLeave={(e) => e.currentTarget.classList.remove(styles.dropTarget ?? '')}
        onDrop={(e) => {
          e.currentTarget.classList.remove(styles.dropTarget ?? '')
          if (!wall || !accepts(e)) return
          e.preventDefault()
          wall.drop(index, e.dataTransfer)
        }}
      >
        <div
          className={styles.zoomBox}
          style={
            z.scale === 1
              ? undefined
              : { transform: `scale(${z.scale})`, transformOrigin: `${z.ox * 100}% ${z.oy * 100}%` }
          }
        >
          {layers.map(({ layer, role }) => (
            <VideoLayer
              key={layer.key}
              layer={layer}
              role={role}
              enabled={enabled}
              onState={onState}
            />
          ))}
        </div>
        {camera ? (
          <>
            <div className={styles.topBar}>
              <span className={styles.name} title={camera.name}>
                {camera.name}
              </span>
              <span className={styles.code}>{camera.code}</span>
            </div>
            <TileAlert state={state} />
            <div className={styles.bottomBar}>
              <TileBadge state={state} />
              {z.scale > 1 && (
                <span className={styles.zoomLabel}>
                  {t('tile.zoom', { scale: z.scale.toFixed(1) })}
                </span>
              )}
              <TileClock timeZone={zone} />
            </div>
            <PtzOverlay cameraId={camera.id} />
          </>
        ) : (
          <div className={styles.empty}>
            <span>{t('tile.empty')}</span>
            {wall && <span className={styles.emptyHint}>{t('tile.dropHint')}</span>}
          </div>
        )}
      </div>
    </Dropdown>
  )
}
