import { memo, useEffect, useMemo, useRef } from 'react'
import { Layer, Line, Rect, RegularPolygon, Stage, Text } from 'react-konva'
import type Konva from 'konva'
import type { CameraAvailability, TimeRange } from '../../../../shared/domain/recording'
import { useElementSize } from '../../lib/useElementSize'
import { formatTime } from '../../lib/time'
import { formatDay } from './model/roomTime'
import { zoneOffsetMs } from '../../lib/time'
import { pan, tickStep, ticks, timeAt, xOf, zoom, type TimeView } from './model/timeScale'
import styles from './playback.module.css'

export type TimelineMark = { id: string; at: number; kind: 'bookmark' | 'incident'; label: string }

type Props = {
  view: TimeView
  onView: (v: TimeView) => void
  rows: { cameraId: number; label: string }[]
  availability: CameraAvailability[]
  /** per-camera windows of a lookup review */
  windows: { cameraId: number; from: number; to: number }[]
  marks: TimelineMark[]
  timeZone: string
  /** the clock, read every frame for the playhead */
  getTime: () => number
  onSeek: (t: number) => void
}

const LABEL_W = 96
const AXIS_H = 22
const MARK_H = 16
const COLORS = {
  bar: '#3f8f5a',
  window: 'rgba(64,150,255,0.28)',
  grid: '#303030',
  text: '#a6a6a6',
  head: '#ff4d4f',
  bookmark: '#faad14',
  incident: '#ff7875',
  row: '#1b1b1b'
}

/**
 * The shared timeline: an axis that zooms from a day down to seconds (wheel
 * around the cursor, drag to pan, click to seek), a recording-availability bar
 * per camera, bookmark and incident marks, and the playhead. Konva draws; the
 * view and marks come from props. The playhead moves without React renders.
 */
export const Timeline = memo(function Timeline({
  view,
  onView,
  rows,
  availability,
  windows,
  marks,
  timeZone,
  getTime,
  onSeek
}: Props) {
  const [ref, size] = useElementSize<HTMLDivElement>()
  const width = Math.max(0, size.width - LABEL_W)
  const rowH = rows.length > 9 ? 12 : 18
  const height = AXIS_H + MARK_H + rows.length * rowH + 6
  const headRef = useRef<Konva.Line>(null)
  const drag = useRef<{ x: number; view: TimeView; moved: boolean } | null>(null)

  const tickList = useMemo(() => {
    const step = tickStep(view, width)
    return { step, times: ticks(view, step, zoneOffsetMs(view.start, timeZone)) }
  }, [view, width, timeZone])

  // Playhead: moved by a rAF loop straight on the Konva node.
  useEffect(() => {
    let handle = 0
    const tick = () => {
      const node = headRef.current
      if (node) {
        const x = LABEL_W + xOf(view, width, getTime())
        node.points([x, AXIS_H - 4, x, height])
        node.visible(x >= LABEL_W && x <= LABEL_W + width)
        node.getLayer()?.batchDraw()
      }
      handle = requestAnimationFrame(tick)
    }
    handle = requestAnimationFrame(tick)
    return () => cancelAnimationFrame(handle)
  }, [view, width, height, getTime])

  const byCamera = useMemo(
    () => new Map(availability.map((a) => [a.cameraId, a.ranges])),
    [availability]
  )
  const x = (t: number) => LABEL_W + xOf(view, width, t)
  const clampBar = (r: TimeRange) => {
    const a = Math.max(LABEL_W, x(r.from))
    const b = Math.min(LABEL_W + width, x(r.to))
    return b > a ? { x: a, w: Math.max(1, b - a) } : null
  }
  const label = (t: number) => {
    const day = formatDay(t, timeZone)
    const clock = formatTime(t, timeZone)
    const text = tickList.step >= 60_000 ? clock.slice(0, 5) : clock
    return (t + zoneOffsetMs(t, timeZone)) % 86_400_000 === 0 ? day.slice(5) : text
  }

  return (
    <div
      ref={ref}
      className={styles.timeline}
      data-testid="playback-timeline"
      onWheel={(e) => {
        const rect = e.currentTarget.getBoundingClientRect()
        const px = e.clientX - rect.left - LABEL_W
        if (px < 0) return
        onView(zoom(view, e.deltaY > 0 ? 1.25 : 0.8, timeAt(view, width, px)))
      }}
    >
      {width > 0 ? (
        <Stage
          width={size.width}
          height={height}
          onMouseDown={(e) => {
            drag.current = { x: e.evt.offsetX, view, moved: false }
          }}
          onMouseMove={(e) => {
            const d = drag.current
            if (!d) return
            const dx = e.evt.offsetX - d.x
            if (Math.abs(dx) > 3) d.moved = true
            if (d.moved) onView(pan(d.view, -(dx / width) * (d.view.end - d.view.start)))
          }}
          onMouseUp={(e) => {
            const d = drag.current
            drag.current = null
            if (d && !d.moved && e.evt.offsetX > LABEL_W)
              onSeek(timeAt(view, width, e.evt.offsetX - LABEL_W))
          }}
          onMouseLeave={() => {
            drag.current = null
          }}
        >
          <Layer listening={false}>
            {tickList.times.map((t) => (
              <Line
                key={`g${t}`}
                points={[x(t), AXIS_H - 6, x(t), height]}
                stroke={COLORS.grid}
                strokeWidth={1}
              />
            ))}
            {tickList.times.map((t) => (
              <Text
                key={`t${t}`}
                x={x(t) + 3}
                y={5}
                text={label(t)}
                fontSize={11}
                fill={COLORS.text}
              />
            ))}
            {rows.map((r, i) => {
              const y = AXIS_H + MARK_H + i * rowH
              return (
                <Rect
                  key={`row${r.cameraId}`}
                  x={LABEL_W}
                  y={y + 1}
                  width={width}
                  height={rowH - 2}
                  fill={COLORS.row}
                />
              )
            })}
            {windows.map((w, i) => {
              const row = rows.findIndex((r) => r.cameraId === w.cameraId)
              const bar = clampBar(w)
              if (row < 0 || !bar) return null
              return (
                <Rect
                  key={`w${i}`}
                  x={bar.x}
                  y={AXIS_H + MARK_H + row * rowH}
                  width={bar.w}
                  height={rowH}
                  fill={COLORS.window}
                />
              )
            })}
            {rows.flatMap((r, i) =>
              (byCamera.get(r.cameraId) ?? []).map((range, j) => {
                const bar = clampBar(range)
                if (!bar) return null
                return (
                  <Rect
                    key={`a${r.cameraId}-${j}`}
                    x={bar.x}
                    y={AXIS_H + MARK_H + i * rowH + 3}
                    width={bar.w}
                    height={rowH - 6}
                    fill={COLORS.bar}
                    cornerRadius={1}
                  />
                )
              })
            )}
            {rows.map((r, i) => (
              <Text
                key={`l${r.cameraId}`}
                x={4}
                y={AXIS_H + MARK_H + i * rowH + (rowH - 11) / 2}
                width={LABEL_W - 8}
                text={r.label}
                fontSize={11}
                fill={COLORS.text}
                wrap="none"
                ellipsis
              />
            ))}
          </Layer>
          <Layer>
            {marks.map((m) => {
              const mx = x(m.at)
              if (mx < LABEL_W || mx > LABEL_W + width) return null
              const color = m.kind === 'bookmark' ? COLORS.bookmark : COLORS.incident
              return (
                <RegularPolygon
                  key={m.id}
                  x={mx}
                  y={AXIS_H + MARK_H / 2}
                  sides={m.kind === 'bookmark' ? 3 : 4}
                  radius={6}
                  rotation={m.kind === 'bookmark' ? 180 : 0}
                  fill={color}
                  onMouseUp={(e) => {
                    e.cancelBubble = true
                    drag.current = null
                    onSeek(m.at)
                  }}
                  onMouseEnter={(e) => {
                    const c = e.target.getStage()?.container()
                    if (c) c.title = m.label
                  }}
                />
              )
            })}
            <Line
              ref={headRef}
              points={[0, 0, 0, 0]}
              stroke={COLORS.head}
              strokeWidth={2}
              listening={false}
            />
          </Layer>
        </Stage>
      ) : null}
    </div>
  )
})
