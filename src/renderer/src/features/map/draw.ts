import type { Road } from '../../../../shared/domain/road'
import type { CameraStatus } from '../../../../shared/domain/camera'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import type { Projection } from './projection'
import type { Bounds, View } from './model/view'
import type { Pose } from './model/commands'
import { coneArc, pointAt } from './model/cone'
import { declutter, type LabelBox } from './model/declutter'

/** Road polylines projected once per data set: flat [x0, y0, x1, y1, …] metres with a bounding box. */
export type PreparedRoads = {
  lines: {
    pts: Float64Array
    minX: number
    minY: number
    maxX: number
    maxY: number
    parking: boolean
  }[]
  bounds: Bounds | null
}

export type DrawState = {
  view: View
  cameras: readonly CameraView[]
  xs: Float64Array
  ys: Float64Array
  roads: PreparedRoads
  selectedIndex: number
  editable: boolean
  /** a camera being dragged is drawn at its gesture pose */
  dragIndex: number
  dragPose: Pose | null
  projection: Projection
  colors: Record<CameraStatus, string>
  handleRadius: number
}

export function prepareRoads(roads: readonly Road[], projection: Projection): PreparedRoads {
  const lines: PreparedRoads['lines'] = []
  let all: Bounds | null = null
  for (const r of roads)
    for (const line of r.lines) {
      const pts = new Float64Array(line.length * 2)
      let minX = Infinity
      let minY = Infinity
      let maxX = -Infinity
      let maxY = -Infinity
      line.forEach(([lng, lat], i) => {
        const [x, y] = projection.toXY(lng, lat)
        pts[2 * i] = x
        pts[2 * i + 1] = y
        minX = Math.min(minX, x)
        minY = Math.min(minY, y)
        maxX = Math.max(maxX, x)
        maxY = Math.max(maxY, y)
      })
      if (line.length < 2) continue
      lines.push({ pts, minX, minY, maxX, maxY, parking: r.kind === 'parking' })
      all = all
        ? {
            minX: Math.min(all.minX, minX),
            minY: Math.min(all.minY, minY),
            maxX: Math.max(all.maxX, maxX),
            maxY: Math.max(all.maxY, maxY)
          }
        : { minX, minY, maxX, maxY }
    }
  return { lines, bounds: all }
}

const viewport = (ctx: CanvasRenderingContext2D, v: View, pad: number): Bounds => {
  // the canvas is in CSS pixels × devicePixelRatio; Konva has already scaled the context
  const w = ctx.canvas.width / (window.devicePixelRatio || 1)
  const h = ctx.canvas.height / (window.devicePixelRatio || 1)
  return {
    minX: (-pad - v.x) / v.scale,
    minY: (-pad - v.y) / v.scale,
    maxX: (w + pad - v.x) / v.scale,
    maxY: (h + pad - v.y) / v.scale
  }
}

/** All roads in two strokes (streets, car-park ramps), skipping lines outside the viewport. */
export function drawRoads(ctx: CanvasRenderingContext2D, s: DrawState): void {
  const v = s.view
  const vp = viewport(ctx, v, 20)
  const width = Math.min(Math.max(v.scale * 9, 1.5), 16)
  for (const parking of [false, true]) {
    ctx.beginPath()
    for (const l of s.roads.lines) {
      if (
        l.parking !== parking ||
        l.maxX < vp.minX ||
        l.minX > vp.maxX ||
        l.maxY < vp.minY ||
        l.minY > vp.maxY
      )
        continue
      const p = l.pts
      ctx.moveTo(p[0] * v.scale + v.x, p[1] * v.scale + v.y)
      for (let i = 2; i < p.length; i += 2)
        ctx.lineTo(p[i] * v.scale + v.x, p[i + 1] * v.scale + v.y)
    }
    ctx.lineCap = 'round'
    ctx.lineJoin = 'round'
    ctx.strokeStyle = parking ? '#5b4d86' : '#34445f'
    ctx.lineWidth = parking ? width * 0.55 : width
    ctx.stroke()
  }
}

const STATUSES: readonly CameraStatus[] = ['unknown', 'online', 'degraded', 'offline']

/** Screen position and pose of camera i (its drag pose while dragged). */
function place(
  s: DrawState,
  i: number
): { x: number; y: number; heading: number | null; fov: number | null } {
  const v = s.view
  if (i === s.dragIndex && s.dragPose) {
    const [wx, wy] = s.projection.toXY(s.dragPose.lng, s.dragPose.lat)
    return {
      x: wx * v.scale + v.x,
      y: wy * v.scale + v.y,
      heading: s.dragPose.headingDeg,
      fov: s.dragPose.fovDeg
    }
  }
  const c = s.cameras[i]
  return {
    x: s.xs[i] * v.scale + v.x,
    y: s.ys[i] * v.scale + v.y,
    heading: c.headingDeg,
    fov: c.fovDeg
  }
}

/**
 * Cameras batched by status: one fill for all cones of a colour, one for all
 * dots. Cones are sized in metres (about 45 m of view) but kept readable on
 * screen; the selected camera gets a ring and, in technician mode, handles.
 */
export function drawCameras(ctx: CanvasRenderingContext2D, s: DrawState): void {
  const v = s.view
  const vp = viewport(ctx, v, 80)
  const n = s.cameras.length
  const coneR = Math.min(Math.max(45 * v.scale, 9), 70)
  const dotR = Math.min(Math.max(2.2 + v.scale * 1.2, 3), 6)
  const visible: number[] = []
  for (let i = 0; i < n; i++) {
    const x = s.xs[i]
    const y = s.ys[i]
    if ((x < vp.minX || x > vp.maxX || y < vp.minY || y > vp.maxY) && i !== s.dragIndex) continue
    visible.push(i)
  }
  for (const status of STATUSES) {
    ctx.beginPath()
    for (const i of visible) {
      if (s.cameras[i].status !== status) continue
      const p = place(s, i)
      if (p.heading === null) continue
      const [a0, a1] = coneArc(p.heading, p.fov ?? 60)
      ctx.moveTo(p.x, p.y)
      ctx.arc(p.x, p.y, coneR, a0, a1)
      ctx.closePath()
    }
    ctx.fillStyle = s.colors[status]
    ctx.globalAlpha = 0.2
    ctx.fill()
    ctx.globalAlpha = 1
  }
  ctx.lineWidth = 1.5
  ctx.strokeStyle = '#0b1220'
  for (const status of STATUSES) {
    ctx.beginPath()
    for (const i of visible) {
      if (s.cameras[i].status !== status) continue
      const p = place(s, i)
      ctx.moveTo(p.x + dotR, p.y)
      ctx.arc(p.x, p.y, dotR, 0, Math.PI * 2)
    }
    ctx.fillStyle = s.colors[status]
    ctx.fill()
    ctx.stroke()
  }
  // plate-reading cameras get a small inner mark
  ctx.beginPath()
  for (const i of visible) {
    if (!s.cameras[i].anpr) continue
    const p = place(s, i)
    ctx.moveTo(p.x + dotR * 0.4, p.y)
    ctx.arc(p.x, p.y, dotR * 0.4, 0, Math.PI * 2)
  }
  ctx.fillStyle = '#0b1220'
  ctx.fill()

  const sel = s.selectedIndex
  if (sel >= 0 && sel < n) {
    const p = place(s, sel)
    ctx.beginPath()
    ctx.arc(p.x, p.y, dotR + 4, 0, Math.PI * 2)
    ctx.lineWidth = 2
    ctx.strokeStyle = '#ffffff'
    ctx.stroke()
    if (s.editable) {
      const heading = p.heading ?? 0
      const fov = p.fov ?? 60
      const r = s.handleRadius
      const [a0, a1] = coneArc(heading, fov)
      ctx.beginPath()
      ctx.moveTo(p.x, p.y)
      ctx.arc(p.x, p.y, r, a0, a1)
      ctx.closePath()
      ctx.setLineDash([4, 4])
      ctx.lineWidth = 1
      ctx.strokeStyle = '#9ecbff'
      ctx.stroke()
      ctx.setLineDash([])
      const [tx, ty] = pointAt(p.x, p.y, heading, r)
      const [ex, ey] = pointAt(p.x, p.y, heading + fov / 2, r)
      ctx.beginPath()
      ctx.moveTo(p.x, p.y)
      ctx.lineTo(tx, ty)
      ctx.strokeStyle = '#9ecbff'
      ctx.stroke()
      for (const [hx, hy, fill] of [
        [tx, ty, '#1677ff'],
        [ex, ey, '#faad14']
      ] as const) {
        ctx.beginPath()
        ctx.arc(hx, hy, 6, 0, Math.PI * 2)
        ctx.fillStyle = fill
        ctx.fill()
        ctx.lineWidth = 2
        ctx.strokeStyle = '#ffffff'
        ctx.stroke()
      }
    }
  }
}

const LABEL_FONT = '12px "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'
const widthCache = new Map<string, number>()

/**
 * Camera names, decluttered: the selected camera first, then plate readers,
 * then the rest; a label that would overlap one already placed is dropped.
 * Skipped entirely while more than 600 cameras are on screen (names would be
 * noise at that zoom and measuring them would cost frames).
 */
export function drawLabels(ctx: CanvasRenderingContext2D, s: DrawState): void {
  const v = s.view
  const vp = viewport(ctx, v, 0)
  const onScreen: number[] = []
  for (let i = 0; i < s.cameras.length; i++) {
    const x = s.xs[i]
    const y = s.ys[i]
    if (x >= vp.minX && x <= vp.maxX && y >= vp.minY && y <= vp.maxY) onScreen.push(i)
  }
  if (onScreen.length > 600) return
  ctx.font = LABEL_FONT
  const boxes: LabelBox[] = []
  const texts: string[] = []
  const ids: number[] = []
  for (const i of onScreen) {
    const c = s.cameras[i]
    const p = place(s, i)
    let w = widthCache.get(c.name)
    if (w === undefined) {
      w = ctx.measureText(c.name).width
      widthCache.set(c.name, w)
    }
    ids.push(i)
    texts.push(c.name)
    // dots are kept clear: the label box includes the camera's own dot
    boxes.push({ x: p.x - 5, y: p.y - 8, w: w + 15, h: 16 })
  }
  const rank = (k: number) => (ids[k] === s.selectedIndex ? 0 : s.cameras[ids[k]].anpr ? 1 : 2)
  const order = boxes.map((_, k) => k).sort((a, b) => rank(a) - rank(b) || ids[a] - ids[b])
  const kept = declutter(boxes, order)
  ctx.textBaseline = 'middle'
  ctx.lineJoin = 'round'
  ctx.lineWidth = 3
  ctx.strokeStyle = 'rgba(8, 14, 26, 0.9)'
  ctx.fillStyle = '#d8e2f0'
  for (const k of kept) {
    const b = boxes[k]
    ctx.strokeText(texts[k], b.x + 15, b.y + 8)
    ctx.fillText(texts[k], b.x + 15, b.y + 8)
  }
}
