import { useMemo, useState, type ReactNode } from 'react'
import { Layer, Line, Circle, Stage, Text, Wedge, Group } from 'react-konva'
import type Konva from 'konva'
import type { Road } from '../../../../shared/domain/road'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import type { CameraStatus } from '../../../../shared/domain/camera'
import { useElementSize } from '../../lib/useElementSize'
import { centreOf, createProjection, type Projection } from './projection'
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
  /** extra layers drawn above roads and cameras, in map metres */
  overlay?: (projection: Projection) => ReactNode
  selectedCameraId?: number | null
}

/**
 * The site map: roads and cameras (coloured by status, with view cones) in
 * metres of a local projection. Konva only draws; pan with drag, zoom with
 * the wheel around the pointer. Labels appear once zoomed in enough.
 */
export function SiteMap({ roads, cameras, onPick, overlay, selectedCameraId }: SiteMapProps) {
  const [boxRef, size] = useElementSize<HTMLDivElement>()
  const projection = useMemo(() => {
    const pts: [number, number][] = []
    for (const r of roads) for (const line of r.lines) for (const p of line) pts.push(p)
    for (const c of cameras) pts.push([c.lng, c.lat])
    const [lng, lat] = centreOf(pts) ?? [120.26, 30.18]
    return createProjection(lng, lat)
  }, [roads, cameras])

  const extent = useMemo(() => {
    let m = 100
    for (const r of roads)
      for (const line of r.lines)
        for (const [lng, lat] of line) {
          const [x, y] = projection.toXY(lng, lat)
          m = Math.max(m, Math.abs(x), Math.abs(y))
        }
    return m
  }, [roads, projection])

  const fitScale = size.width > 0 ? (Math.min(size.width, size.height) / (2 * extent)) * 0.95 : 1
  const [view, setView] = useState<{ scale: number; x: number; y: number } | null>(null)
  const scale = view?.scale ?? fitScale
  const pos = view ?? { x: size.width / 2, y: size.height / 2 }

  const onWheel = (e: Konva.KonvaEventObject<WheelEvent>) => {
    e.evt.preventDefault()
    const stage = e.target.getStage()
    const pointer = stage?.getPointerPosition()
    if (!pointer) return
    const factor = e.evt.deltaY > 0 ? 1 / 1.15 : 1.15
    const next = Math.min(Math.max(scale * factor, fitScale / 4), fitScale * 40)
    const wx = (pointer.x - pos.x) / scale
    const wy = (pointer.y - pos.y) / scale
    setView({ scale: next, x: pointer.x - wx * next, y: pointer.y - wy * next })
  }

  const pick = (e: Konva.KonvaEventObject<MouseEvent>, camera: CameraView | null) => {
    if (!onPick) return
    const stage = e.target.getStage()
    const p = stage?.getPointerPosition()
    if (!p) return
    const [lng, lat] = projection.toLngLat((p.x - pos.x) / scale, (p.y - pos.y) / scale)
    onPick({ lng, lat, camera })
  }

  const px = 1 / scale
  const showLabels = scale > fitScale * 2.2
  return (
    <div ref={boxRef} className={styles.map} data-testid="site-map">
      {size.width > 0 && (
        <Stage
          width={size.width}
          height={size.height}
          x={pos.x}
          y={pos.y}
          scaleX={scale}
          scaleY={scale}
          draggable
          onDragEnd={(e) => {
            if (e.target === e.target.getStage()) setView({ scale, x: e.target.x(), y: e.target.y() })
          }}
          onWheel={onWheel}
          onClick={(e) => {
            if (e.target === e.target.getStage() || e.target.name() === 'road') pick(e, null)
          }}
        >
          <Layer listening={!!onPick}>
            {roads.map((r) =>
              r.lines.map((line, i) => (
                <Line
                  key={`${r.id}-${i}`}
                  name="road"
                  points={line.flatMap(([lng, lat]) => projection.toXY(lng, lat))}
                  stroke={r.kind === 'parking' ? '#6b5b95' : '#3a4a66'}
                  strokeWidth={Math.max(3 * px, r.kind === 'parking' ? 4 : 8)}
                  lineCap="round"
                  lineJoin="round"
                  hitStrokeWidth={12 * px}
                />
              ))
            )}
          </Layer>
          <Layer>
            {cameras.map((c) => {
              const [x, y] = projection.toXY(c.lng, c.lat)
              const color = STATUS_COLORS[c.status]
              return (
                <Group key={c.id} x={x} y={y} onClick={(e) => pick(e, c)} name="camera">
                  {c.headingDeg !== null && (
                    <Wedge
                      radius={40}
                      angle={c.fovDeg ?? 60}
                      // konva measures clockwise from +x; heading from north
                      rotation={c.headingDeg - 90 - (c.fovDeg ?? 60) / 2}
                      fill={color}
                      opacity={0.18}
                      listening={false}
                    />
                  )}
                  <Circle radius={Math.max(5 * px, 3)} fill={color} stroke={selectedCameraId === c.id ? '#fff' : '#0b1220'} strokeWidth={2 * px} />
                  {showLabels && <Text text={c.name} x={7 * px} y={-6 * px} fontSize={12 * px} fill="#d8e2f0" listening={false} />}
                </Group>
              )
            })}
          </Layer>
          {overlay && <Layer listening={false}>{overlay(projection)}</Layer>}
        </Stage>
      )}
    </div>
  )
}
