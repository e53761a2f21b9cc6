import {
  useCallback,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type PointerEvent,
  type WheelEvent
} from 'react'
import { App, Button, Input, Popconfirm, Popover, Slider, Space, Tooltip, Typography } from 'antd'
import {
  AimOutlined,
  ArrowDownOutlined,
  ArrowLeftOutlined,
  ArrowRightOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  HomeOutlined,
  StarOutlined,
  ZoomInOutlined,
  ZoomOutOutlined
} from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import type { PtzVector } from '../../../../shared/domain/ptz'
import { api } from '../../lib/api'
import { useCan } from '../../lib/permissions'
import { errorMessage } from '../../lib/errors'
import { useOnvifLinks, usePresetMutations, usePresets, usePtzState } from './queries'
import { usePtzDrive } from './usePtzDrive'
import styles from './ptz.module.css'

/** The moves the pad's buttons (and the arrow and zoom keys) hold; each name is its label's key. */
const MOVES = {
  up: { pan: 0, tilt: 1, zoom: 0 },
  down: { pan: 0, tilt: -1, zoom: 0 },
  left: { pan: -1, tilt: 0, zoom: 0 },
  right: { pan: 1, tilt: 0, zoom: 0 },
  zoomIn: { pan: 0, tilt: 0, zoom: 1 },
  zoomOut: { pan: 0, tilt: 0, zoom: -1 }
} as const satisfies Record<string, PtzVector>
type Move = keyof typeof MOVES

const MOVE_BUTTONS: Record<Move, { testId: string; icon: ReactNode }> = {
  up: { testId: 'ptz-up', icon: <ArrowUpOutlined /> },
  down: { testId: 'ptz-down', icon: <ArrowDownOutlined /> },
  left: { testId: 'ptz-left', icon: <ArrowLeftOutlined /> },
  right: { testId: 'ptz-right', icon: <ArrowRightOutlined /> },
  zoomIn: { testId: 'ptz-zoom-in', icon: <ZoomInOutlined /> },
  zoomOut: { testId: 'ptz-zoom-out', icon: <ZoomOutOutlined /> }
}

const KEY_DIRS: Record<string, PtzVector> = {
  ArrowLeft: MOVES.left,
  ArrowRight: MOVES.right,
  ArrowUp: MOVES.up,
  ArrowDown: MOVES.down,
  '+': MOVES.zoomIn,
  '=': MOVES.zoomIn,
  '-': MOVES.zoomOut
}
/** a drag velocity changes in steps of this, so a shaky hand does not flood main */
const STEP = 0.1
const quant = (v: number) => Math.round(Math.max(-1, Math.min(1, v)) / STEP) * STEP
const WHEEL_MS = 300

function Presets({ cameraId, onError }: { cameraId: number; onError: (e: unknown) => void }) {
  const { t } = useTranslation()
  const presets = usePresets(cameraId)
  const edit = useCan('registry.edit')
  const m = usePresetMutations(cameraId)
  const [name, setName] = useState('')
  return (
    <div className={styles.presetList} data-testid="ptz-preset-list">
      {(presets.data ?? []).map((p) => (
        <div key={p.token} className={styles.presetRow}>
          <Button
            size="small"
            type="link"
            icon={<AimOutlined />}
            data-testid={`ptz-preset-${p.token}`}
            onClick={() => void api['ptz:gotoPreset']({ cameraId, token: p.token }).catch(onError)}
          >
            {t('ptz.goto')}
          </Button>
          {edit ? (
            <Typography.Text
              className={styles.presetName}
              editable={{
                triggerType: ['icon'],
                onChange: (v) => {
                  if (v.trim() && v !== p.name)
                    m.rename.mutate({ token: p.token, name: v.trim() }, { onError })
                }
              }}
              data-testid={`ptz-preset-name-${p.token}`}
            >
              {p.name}
            </Typography.Text>
          ) : (
            <span className={styles.presetName} data-testid={`ptz-preset-name-${p.token}`}>
              {p.name}
            </span>
          )}
          {edit && (
            <Popconfirm
              title={t('ptz.deleteConfirm', { name: p.name })}
              onConfirm={() => m.remove.mutate(p.token, { onError })}
            >
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('ptz.delete')}
              />
            </Popconfirm>
          )}
        </div>
      ))}
      {presets.data?.length === 0 && <div className={styles.muted}>{t('ptz.noPresets')}</div>}
      {edit && (
        <Space.Compact size="small" className={styles.presetSave}>
          <Input
            value={name}
            maxLength={40}
            placeholder={t('ptz.presetName')}
            onChange={(e) => setName(e.target.value)}
            data-testid="ptz-preset-new-name"
          />
          <Button
            icon={<StarOutlined />}
            disabled={!name.trim()}
            loading={m.save.isPending}
            onClick={() => m.save.mutate(name.trim(), { onSuccess: () => setName(''), onError })}
            data-testid="ptz-preset-save"
          >
            {t('ptz.savePreset')}
          </Button>
        </Space.Compact>
      )}
    </div>
  )
}

/**
 * PTZ on a tile: a toggle, then a control layer over the picture (drag to
 * pan/tilt, wheel to zoom, arrows and +/− when focused), a pad with zoom,
 * home, speed and presets, and who holds the dome. Shown only for cameras
 * whose ONVIF device can move.
 */
export function PtzOverlay({ cameraId }: { cameraId: number }) {
  const links = useOnvifLinks()
  const link = links.data?.find((l) => l.cameraId === cameraId)
  if (!link?.ptz) return null
  return <PtzControls cameraId={cameraId} />
}

function PtzControls({ cameraId }: { cameraId: number }) {
  const { t } = useTranslation()
  const { message } = App.useApp()
  const canControl = useCan('ptz.control')
  const state = usePtzState(cameraId)
  const [open, setOpen] = useState(false)
  const [speed, setSpeed] = useState(0.5)
  const onError = useCallback((e: unknown) => void message.error(errorMessage(t, e)), [message, t])
  const drive = usePtzDrive(cameraId, onError)
  const keys = useRef(new Set<string>())
  const drag = useRef<{ x: number; y: number; w: number; h: number } | null>(null)
  const wheelTimer = useRef<number | undefined>(undefined)

  const scaled = (v: PtzVector): PtzVector => ({
    pan: quant(v.pan * speed),
    tilt: quant(v.tilt * speed),
    zoom: quant(v.zoom * speed)
  })
  const fromKeys = () => {
    const v = { pan: 0, tilt: 0, zoom: 0 }
    for (const k of keys.current) {
      const d = KEY_DIRS[k]
      if (d) {
        v.pan += d.pan
        v.tilt += d.tilt
        v.zoom += d.zoom
      }
    }
    return v
  }
  /** A button that drives the camera while it is held. */
  const moveButton = (move: Move) => (
    <button
      type="button"
      onPointerDown={(e: PointerEvent<HTMLElement>) => {
        e.preventDefault()
        e.stopPropagation()
        e.currentTarget.setPointerCapture(e.pointerId)
        drive(scaled(MOVES[move]))
      }}
      onPointerUp={() => drive(null)}
      onPointerCancel={() => drive(null)}
      onLostPointerCapture={() => drive(null)}
      data-testid={MOVE_BUTTONS[move].testId}
      aria-label={t(`ptz.${move}`)}
    >
      {MOVE_BUTTONS[move].icon}
    </button>
  )

  const holder = state.data?.holder ?? null
  const heldByOther = !!holder && !state.data?.mine
  return (
    <>
      <Tooltip title={t('ptz.toggle')}>
        <button
          type="button"
          className={`${styles.toggle} ${open ? styles.toggleOn : ''}`}
          onClick={(e) => {
            e.stopPropagation()
            setOpen((o) => !o)
          }}
          onDoubleClick={(e) => e.stopPropagation()}
          data-testid="ptz-toggle"
          aria-pressed={open}
        >
          PTZ
        </button>
      </Tooltip>
      {holder && (
        <div
          className={styles.holder}
          data-testid="ptz-holder"
          data-mine={state.data?.mine ? 1 : 0}
        >
          {state.data?.mine
            ? t('ptz.youHold')
            : t('ptz.heldBy', { name: holder.displayName || holder.username })}
          {state.data?.canTakeOver && (
            <Button
              size="small"
              danger
              className={styles.takeover}
              data-testid="ptz-takeover"
              onClick={(e) => {
                e.stopPropagation()
                void api['ptz:take']({ cameraId, takeOver: true })
                  .then(() => state.refetch())
                  .catch(onError)
              }}
            >
              {t('ptz.takeOver')}
            </Button>
          )}
        </div>
      )}
      {open && canControl && (
        <div
          className={styles.layer}
          tabIndex={0}
          data-testid="ptz-layer"
          data-held-by-other={heldByOther ? 1 : 0}
          onDoubleClick={(e) => e.stopPropagation()}
          onPointerDown={(e) => {
            if (e.button !== 0) return
            // no tile drag-and-drop and no text selection while steering
            e.preventDefault()
            e.currentTarget.focus()
            e.currentTarget.setPointerCapture(e.pointerId)
            const r = e.currentTarget.getBoundingClientRect()
            drag.current = { x: e.clientX, y: e.clientY, w: r.width / 2, h: r.height / 2 }
          }}
          onPointerMove={(e) => {
            const d = drag.current
            if (!d) return
            const pan = (e.clientX - d.x) / d.w
            const tilt = -(e.clientY - d.y) / d.h
            // a small dead zone so a click is not a move
            if (Math.hypot(e.clientX - d.x, e.clientY - d.y) < 6) return drive(null)
            drive({ pan: quant(pan * 2 * speed), tilt: quant(tilt * 2 * speed), zoom: 0 })
          }}
          onPointerUp={() => {
            drag.current = null
            drive(null)
          }}
          onPointerCancel={() => {
            drag.current = null
            drive(null)
          }}
          onWheel={(e: WheelEvent<HTMLDivElement>) => {
            // the dome zooms; the tile's digital zoom stays out of it
            e.stopPropagation()
            drive(scaled({ pan: 0, tilt: 0, zoom: e.deltaY < 0 ? 1 : -1 }))
            window.clearTimeout(wheelTimer.current)
            wheelTimer.current = window.setTimeout(() => drive(null), WHEEL_MS)
          }}
          onKeyDown={(e: KeyboardEvent<HTMLDivElement>) => {
            if (!(e.key in KEY_DIRS)) return
            e.preventDefault()
            e.stopPropagation()
            if (e.repeat) return
            keys.current.add(e.key)
            drive(scaled(fromKeys()))
          }}
          onKeyUp={(e: KeyboardEvent<HTMLDivElement>) => {
            if (!keys.current.delete(e.key)) return
            drive(scaled(fromKeys()))
          }}
          onBlur={() => {
            keys.current.clear()
            drive(null)
          }}
        >
          <div
            className={styles.pad}
            data-testid="ptz-pad"
            onPointerDown={(e) => e.stopPropagation()}
          >
            <div className={styles.dirs}>
              <span />
              {moveButton('up')}
              <span />
              {moveButton('left')}
              <button
                type="button"
                data-testid="ptz-home"
                aria-label={t('ptz.home')}
                onClick={() => void api['ptz:home']({ cameraId }).catch(onError)}
              >
                <HomeOutlined />
              </button>
              {moveButton('right')}
              <span />
              {moveButton('down')}
              <span />
            </div>
            <div className={styles.zoomCol}>
              {moveButton('zoomIn')}
              {moveButton('zoomOut')}
            </div>
            <div className={styles.side}>
              <span className={styles.label}>{t('ptz.speed')}</span>
              <Slider
                className={styles.speed}
                min={0.1}
                max={1}
                step={0.1}
                value={speed}
                onChange={setSpeed}
                tooltip={{ formatter: (v) => `${Math.round((v ?? 0) * 100)}%` }}
                data-testid="ptz-speed"
              />
              <Popover
                trigger="click"
                title={t('ptz.presets')}
                content={<Presets cameraId={cameraId} onError={onError} />}
                destroyOnHidden
              >
                <Button size="small" data-testid="ptz-presets">
                  {t('ptz.presets')}
                </Button>
              </Popover>
            </div>
          </div>
        </div>
      )}
    </>
  )
}
