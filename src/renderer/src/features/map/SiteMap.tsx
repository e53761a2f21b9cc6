import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react'
import { Group, Layer, Shape, Stage } from 'react-konva'
import type Konva from 'konva'
import type { Road } from '../../../../shared/domain/road'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import type { CameraStatus } from '../../../../shared/domain/camera'
import { useElementSize } from '../../lib/useElementSize'
import { createProjection, type Projection } from './projection'
import { boundsOf, centreOn, fitView, toWorld, zoomAt, type View } from './model/view'
import { hitCamera } from './model/hit'
import { fovFromEdge, headingTowards, pointAt } from './model/cone'
import { roundCoord, type Pose, type PoseCommand } from './model/commands'
import { drawCameras, drawLabels, drawRoads, prepareRoads, type DrawState } from './draw'
import styles from './map.module.css'

export const STATUS_COLORS: Record<CameraStatus, string> = {
  online: '#38c172',
  degraded: '#f6ad55',
  offline: '#e53e3e',
  unknown: '#8795a1'
}

export type SiteMapProps = {
  roads: readonly Road[]
  cameras: readonly CameraView[]
  /** called with the clicked point (and camera, if one was hit) */
  onPick?: (p: { lng: number; lat: number; camera: CameraView | null }) => void
  /** extra nodes drawn above roads and cameras, in map metres */
  overlay?: (projection: Projection) => ReactNode
  selectedCameraId?: number | null
  /** technician mode: drag cameras, turn and widen their cones */
  editable?: boolean
  /** a finished drag gesture (move, turn or widen) */
  onEdit?: (cmd: PoseCommand) => void
  /** centre the view on this camera whenever `focus.nonce` changes */
  focus?: { cameraId: number; nonce: number } | null
}

type Gesture =
  | { kind: 'none' }
  | { kind: 'pan'; sx: number; sy: number; view0: View; moved: boolean }
  | {
      kind: 'move' | 'turn' | 'widen'
      index: number
      before: Pose
      pose: Pose
      sx: number
      sy: number
      moved: boolean
    }

const CLICK_SLOP_PX = 4
const HIT_RADIUS_PX = 10
const HANDLE_RADIUS_PX = 56

const poseOf = (c: CameraView): Pose => ({
  lat: c.lat,
  lng: c.lng,
  headingDeg: c.headingDeg,
  fovDeg: c.fovDeg
})

/**
 * The site map. Konva only draws: roads, cameras and labels are one custom
 * shape per layer drawn in screen space from typed arrays, so panning and
 * zooming 2,000 cameras and 2,000 road segments re-runs three draw loops and
 * no React render. Pointer input is handled here (own hit test, gesture
 * state), edits leave as pose commands for the caller to save and undo.
 */
export function SiteMap({
  roads,
  cameras,
  onPick,
  overlay,
  selectedCameraId,
  editable,
  onEdit,
  focus
}: SiteMapProps) {
  const [boxRef, size] = useElementSize<HTMLDivElement>()
  const containerRef = useRef<HTMLDivElement | null>(null)
  const setBox = useCallback(
    (el: HTMLDivElement | null) => {
      containerRef.current = el
      boxRef(el)
    },
    [boxRef]
  )

  const projection = useMemo(() => {
    const b = boundsOf(
      (function* () {
        for (const r of roads) for (const line of r.lines) for (const p of line) yield p
        for (const c of cameras) yield [c.lng, c.lat] as const
      })()
    )
    return b
      ? createProjection((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2)
      : createProjection(120.26, 30.18)
    // the projection follows the data set, not every edit of one camera
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [roads, cameras.length])

  const preparedRoads = useMemo(() => prepareRoads(roads, projection), [roads, projection])
  const cams = useMemo(() => {
    const xs = new Float64Array(cameras.length)
    const ys = new Float64Array(cameras.length)
    cameras.forEach((c, i) => {
      const [x, y] = projection.toXY(c.lng, c.lat)
      xs[i] = x
      ys[i] = y
    })
    return { xs, ys }
  }, [cameras, projection])

  const worldBounds = useMemo(() => {
    const b = preparedRoads.bounds
    if (b) return b
    return boundsOf(Array.from(cams.xs, (x, i) => [x, cams.ys[i]] as const))
  }, [preparedRoads, cams])

  const viewRef = useRef<View | null>(null)
  const userMoved = useRef(false)
  const gesture = useRef<Gesture>({ kind: 'none' })
  const layers = useRef<(Konva.Layer | null)[]>([])
  const overlayGroup = useRef<Konva.Group | null>(null)

  const fit = useMemo(
    () => (worldBounds && size.width > 0 ? fitView(worldBounds, size.width, size.height) : null),
    [worldBounds, size.width, size.height]
  )
  const scaleLimits = useMemo(
    () => ({ min: (fit?.scale ?? 1) / 4, max: Math.max((fit?.scale ?? 1) * 60, 8) }),
    [fit]
  )

  // Everything the draw functions read, in one mutable object so that draws
  // scheduled by pointer moves see the latest props without a React render.
  const state = useRef<DrawState>({
    view: { scale: 1, x: 0, y: 0 },
    cameras,
    xs: cams.xs,
    ys: cams.ys,
    roads: preparedRoads,
    selectedIndex: -1,
    editable: false,
    dragIndex: -1,
    dragPose: null,
    projection,
    colors: STATUS_COLORS,
    handleRadius: HANDLE_RADIUS_PX
  })
  const selectedIndex = useMemo(
    () => cameras.findIndex((c) => c.id === selectedCameraId),
    [cameras, selectedCameraId]
  )

  const redraw = useCallback(() => {
    const v = state.current.view
    const g = overlayGroup.current
    if (g) g.setAttrs({ x: v.x, y: v.y, scaleX: v.scale, scaleY: v.scale })
    for (const l of layers.current) l?.batchDraw()
    const el = containerRef.current
    const i = state.current.selectedIndex
    if (el) {
      el.dataset.scale = v.scale.toFixed(4)
      if (i >= 0) {
        const dragged = state.current.dragIndex === i && state.current.dragPose
        const [wx, wy] = dragged
          ? state.current.projection.toXY(dragged.lng, dragged.lat)
          : [state.current.xs[i], state.current.ys[i]]
        el.dataset.selectedScreen = `${Math.round(wx * v.scale + v.x)},${Math.round(wy * v.scale + v.y)}`
      } else delete el.dataset.selectedScreen
    }
  }, [])

  // props → draw state after each render (not during it), then one draw
  useLayoutEffect(() => {
    if (fit && (!viewRef.current || !userMoved.current)) viewRef.current = fit
    Object.assign(state.current, {
      cameras,
      xs: cams.xs,
      ys: cams.ys,
      roads: preparedRoads,
      selectedIndex,
      editable: !!editable,
      projection
    })
    if (viewRef.current) state.current.view = viewRef.current
    redraw()
  })

  useEffect(() => {
    if (!focus || size.width === 0 || !viewRef.current) return
    const i = state.current.cameras.findIndex((c) => c.id === focus.cameraId)
    if (i < 0) return
    viewRef.current = centreOn(
      viewRef.current,
      state.current.xs[i],
      state.current.ys[i],
      size.width,
      size.height,
      (fit?.scale ?? 1) * 4
    )
    state.current.view = viewRef.current
    userMoved.current = true
    redraw()
    // only a new focus request moves the view
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focus?.nonce, focus?.cameraId, size.width > 0])

  const setView = (v: View) => {
    viewRef.current = v
    state.current.view = v
    userMoved.current = true
    redraw()
  }

  const localPoint = (e: { clientX: number; clientY: number }): [number, number] => {
    const r = containerRef.current!.getBoundingClientRect()
    return [e.clientX - r.left, e.clientY - r.top]
  }

  /** Which edit handle of the selected camera is under the pointer. */
  const handleAt = (sx: number, sy: number): 'turn' | 'widen' | null => {
    const s = state.current
    const i = s.selectedIndex
    if (!s.editable || i < 0) return null
    const cam = s.cameras[i]
    const v = s.view
    const cx = s.xs[i] * v.scale + v.x
    const cy = s.ys[i] * v.scale + v.y
    const heading = cam.headingDeg ?? 0
    const fov = cam.fovDeg ?? 60
    const near = ([hx, hy]: [number, number]) => (hx - sx) ** 2 + (hy - sy) ** 2 <= 9 * 9
    if (near(pointAt(cx, cy, heading, HANDLE_RADIUS_PX))) return 'turn'
    if (near(pointAt(cx, cy, heading + fov / 2, HANDLE_RADIUS_PX))) return 'widen'
    return null
  }

  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0 || !viewRef.current) return
    const [sx, sy] = localPoint(e)
    e.currentTarget.setPointerCapture(e.pointerId)
    const s = state.current
    // an edit of one camera: the pose before it (for undo) and the pose it is dragged to
    const grab = (kind: 'move' | 'turn' | 'widen', index: number) => {
      const cam = s.cameras[index]
      gesture.current = {
        kind,
        index,
        before: poseOf(cam),
        pose: poseOf(cam),
        sx,
        sy,
        moved: false
      }
    }
    const handle = handleAt(sx, sy)
    if (handle) return grab(handle, s.selectedIndex)
    const hit = hitCamera(s.xs, s.ys, s.view, sx, sy, HIT_RADIUS_PX)
    if (hit >= 0 && editable && onEdit) return grab('move', hit)
    gesture.current = { kind: 'pan', sx, sy, view0: viewRef.current, moved: false }
  }

  const onPointerMove = (e: React.PointerEvent<HTMLDivElement>) => {
    const g = gesture.current
    if (g.kind === 'none') {
      const [sx, sy] = localPoint(e)
      const s = state.current
      const over =
        handleAt(sx, sy) ??
        (hitCamera(s.xs, s.ys, s.view, sx, sy, HIT_RADIUS_PX) >= 0 ? 'camera' : null)
      e.currentTarget.style.cursor =
        over === 'turn' || over === 'widen'
          ? 'crosshair'
          : over
            ? editable
              ? 'move'
              : 'pointer'
            : 'grab'
      return
    }
    const [sx, sy] = localPoint(e)
    if (!g.moved && Math.hypot(sx - g.sx, sy - g.sy) < CLICK_SLOP_PX) return
    g.moved = true
    if (g.kind === 'pan') {
      setView({ ...g.view0, x: g.view0.x + sx - g.sx, y: g.view0.y + sy - g.sy })
      return
    }
    const s = state.current
    const v = s.view
    if (g.kind === 'move') {
      const [wx, wy] = toWorld(v, sx, sy)
      const [lng, lat] = s.projection.toLngLat(wx, wy)
      g.pose = { ...g.pose, lat: roundCoord(lat), lng: roundCoord(lng) }
    } else {
      const cx = s.xs[g.index] * v.scale + v.x
      const cy = s.ys[g.index] * v.scale + v.y
      const bearing = headingTowards(cx, cy, sx, sy)
      g.pose =
        g.kind === 'turn'
          ? { ...g.pose, headingDeg: Math.round(bearing * 10) / 10, fovDeg: g.pose.fovDeg ?? 60 }
          : {
              ...g.pose,
              headingDeg: g.pose.headingDeg ?? 0,
              fovDeg: fovFromEdge(g.pose.headingDeg ?? 0, bearing)
            }
    }
    s.dragIndex = g.index
    s.dragPose = g.pose
    redraw()
  }

  const onPointerUp = (e: React.PointerEvent<HTMLDivElement>) => {
    const g = gesture.current
    gesture.current = { kind: 'none' }
    if (e.currentTarget.hasPointerCapture(e.pointerId))
      e.currentTarget.releasePointerCapture(e.pointerId)
    const s = state.current
    if (g.kind === 'none') return
    if (g.kind !== 'pan' && g.moved) {
      const cam = s.cameras[g.index]
      onEdit?.({ kind: g.kind, cameraId: cam.id, before: g.before, after: g.pose })
      // keep drawing the dragged pose until the caller's (optimistic) update arrives
      queueMicrotask(() => {
        s.dragIndex = -1
        s.dragPose = null
        redraw()
      })
      return
    }
    if (g.moved) return
    // a click: pick a camera or a point
    const [sx, sy] = localPoint(e)
    const hit = g.kind === 'pan' ? hitCamera(s.xs, s.ys, s.view, sx, sy, HIT_RADIUS_PX) : g.index
    const [wx, wy] = toWorld(s.view, sx, sy)
    const [lng, lat] = s.projection.toLngLat(wx, wy)
    onPick?.({ lng, lat, camera: hit >= 0 ? (s.cameras[hit] ?? null) : null })
  }

  const onWheel = (e: React.WheelEvent<HTMLDivElement>) => {
    if (!viewRef.current) return
    const [sx, sy] = localPoint(e)
    const factor = Math.exp(-Math.max(-300, Math.min(300, e.deltaY)) * 0.0015)
    setView(zoomAt(viewRef.current, sx, sy, factor, scaleLimits.min, scaleLimits.max))
  }

  // React's onWheel is passive; stop the page from scrolling under the map
  useEffect(() => {
    const el = containerRef.current
    if (!el) return
    const stop = (e: WheelEvent) => e.preventDefault()
    el.addEventListener('wheel', stop, { passive: false })
    return () => el.removeEventListener('wheel', stop)
  }, [])

  const sceneRoads = useCallback(
    (ctx: Konva.Context) => profiled(() => drawRoads(native(ctx), state.current)),
    []
  )
  const sceneCameras = useCallback(
    (ctx: Konva.Context) => profiled(() => drawCameras(native(ctx), state.current)),
    []
  )
  const sceneLabels = useCallback(
    (ctx: Konva.Context) => profiled(() => drawLabels(native(ctx), state.current)),
    []
  )

  return (
    <div
      ref={setBox}
      className={styles.map}
      data-testid="site-map"
      data-cameras={cameras.length}
      data-editable={editable ? 'true' : 'false'}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={() => (gesture.current = { kind: 'none' })}
      onWheel={onWheel}
    >
      {size.width > 0 && (
        <Stage width={size.width} height={size.height} listening={false}>
          <Layer ref={(l) => void (layers.current[0] = l)} listening={false}>
            <Shape sceneFunc={sceneRoads} listening={false} perfectDrawEnabled={false} />
          </Layer>
          <Layer ref={(l) => void (layers.current[1] = l)} listening={false}>
            <Shape sceneFunc={sceneCameras} listening={false} perfectDrawEnabled={false} />
            <Shape sceneFunc={sceneLabels} listening={false} perfectDrawEnabled={false} />
          </Layer>
          {overlay && (
            <Layer listening={false}>
              <Group ref={overlayGroup}>{overlay(projection)}</Group>
            </Layer>
          )}
        </Stage>
      )}
    </div>
  )
}

/**
 * `scripts/bench/registry.bench.ts` sets `window.__wrMapProfile = []` to
 * collect draw times; otherwise this is one property read per draw.
 */
function profiled(draw: () => void): void {
  const prof = (window as { __wrMapProfile?: number[] }).__wrMapProfile
  if (!prof) return draw()
  const t0 = performance.now()
  draw()
  prof.push(performance.now() - t0)
}

/** Konva's context wrapper forwards to the 2D context; the draw loops use the real one directly. */
function native(ctx: Konva.Context): CanvasRenderingContext2D {
  return (ctx as unknown as { _context: CanvasRenderingContext2D })._context
}
