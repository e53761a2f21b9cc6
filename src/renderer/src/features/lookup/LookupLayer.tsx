import { useEffect, useRef } from 'react'
import { Shape } from 'react-konva'
import Konva from 'konva'
import type { Projection } from '../map/projection'
import type { ReachableRoad } from '../../../../shared/ipc/contracts/lookup'
import type { LookupWindow } from '../../../../shared/lookup/types'
import { EXIT_COLOR, ORIGIN_COLOR, TRAIL_COLOR, hopColor } from './model/style'
import { trailPosition, type TrailStop } from './model/trail'
import type { Heading } from '../../../../shared/domain/sighting'

const HEADING_VECTORS: Record<Heading, [number, number]> = {
  N: [0, -1],
  E: [1, 0],
  S: [0, 1],
  W: [-1, 0]
}

export type LookupLayerData = {
  origin: { lng: number; lat: number } | null
  reach: readonly ReachableRoad[]
  /** window cameras with their positions, in list order (numbered from 1) */
  windows: readonly (LookupWindow & { lng: number; lat: number })[]
  /** car-park ramps: where they meet the street, and a point on the ramp short of it */
  exits: readonly {
    name: string
    /** the street the ramp comes out on */
    street: string | null
    lng: number
    lat: number
    ramp: { lng: number; lat: number }
  }[]
  /** the candidate's reads, one stop per camera */
  trail: readonly TrailStop[]
  /** the same along the roads between stops (what is drawn and animated) */
  trailPath: readonly TrailStop[]
  selectedWindow: number | null
  /** the way it fled, as a witness told: an arrow from the origin */
  heading: Heading | null
  /** a vehicle-search area being drawn or searched ([lng, lat] polygon) */
  area?: readonly (readonly [number, number])[]
}

/** How long one pass of the trail animation takes. */
const TRAIL_LOOP_MS = 6000

/**
 * The lookup's drawing above the site map: reachable roads coloured by hop,
 * numbered window cameras, car-park exits, the origin and the animated trail
 * of the selected candidate. Drawn in screen space (constant marker size at
 * any zoom) from the overlay group's transform. The screen positions of the
 * exits are published on `host.dataset.exits` for tests and tooling, as the
 * site map does with its selected camera.
 */
export function LookupLayer({
  projection,
  data,
  host
}: {
  projection: Projection
  data: LookupLayerData
  host: HTMLElement | null
}) {
  const dataRef = useRef(data)
  const hostRef = useRef(host)
  const phase = useRef(0)
  const shapeRef = useRef<Konva.Shape | null>(null)

  useEffect(() => {
    dataRef.current = data
    hostRef.current = host
    const layer = shapeRef.current?.getLayer()
    if (!layer) return
    layer.batchDraw()
    if (data.trailPath.length < 2) return
    const anim = new Konva.Animation((frame) => {
      phase.current = ((frame?.time ?? 0) % TRAIL_LOOP_MS) / TRAIL_LOOP_MS
    }, layer)
    anim.start()
    return () => {
      anim.stop()
    }
  }, [data, host])

  const sceneFunc = (ctx: Konva.Context, shape: Konva.Shape) => {
    const c = (ctx as unknown as { _context: CanvasRenderingContext2D })._context
    const m = shape.getAbsoluteTransform().getMatrix()
    const pr = shape.getLayer()?.getCanvas().getPixelRatio() ?? 1
    const d = dataRef.current
    const screen = (lng: number, lat: number): [number, number] => {
      const [x, y] = projection.toXY(lng, lat)
      return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]]
    }
    c.save()
    c.setTransform(pr, 0, 0, pr, 0, 0)
    c.lineCap = 'round'
    c.lineJoin = 'round'

    // reachable roads: wide, translucent, by hop
    for (const r of d.reach) {
      if (r.points.length < 2) continue
      c.beginPath()
      r.points.forEach(([lng, lat], i) => {
        const [x, y] = screen(lng, lat)
        if (i === 0) c.moveTo(x, y)
        else c.lineTo(x, y)
      })
      c.strokeStyle = hopColor(r.hops + 1)
      c.globalAlpha = 0.55
      c.lineWidth = 7
      c.stroke()
    }
    c.globalAlpha = 1

    // car-park exits
    const exits: {
      name: string
      street: string | null
      x: number
      y: number
      rampX: number
      rampY: number
    }[] = []
    c.font = 'bold 10px sans-serif'
    c.textAlign = 'center'
    c.textBaseline = 'middle'
    for (const e of d.exits) {
      const [x, y] = screen(e.lng, e.lat)
      const [rx, ry] = screen(e.ramp.lng, e.ramp.lat)
      exits.push({
        name: e.name,
        street: e.street,
        x: Math.round(x),
        y: Math.round(y),
        rampX: Math.round(rx),
        rampY: Math.round(ry)
      })
      c.fillStyle = EXIT_COLOR
      c.fillRect(x - 6, y - 6, 12, 12)
      c.fillStyle = '#fff'
      c.fillText('P', x, y + 0.5)
      // the name beside the sign, haloed so it reads over roads
      c.save()
      c.textAlign = 'left'
      c.font = '11px sans-serif'
      c.lineWidth = 3
      c.strokeStyle = 'rgba(8, 14, 26, 0.9)'
      c.strokeText(e.name, x + 9, y + 0.5)
      c.fillStyle = '#d3adf7'
      c.fillText(e.name, x + 9, y + 0.5)
      c.restore()
    }

    // trail path and the moving marker
    if (d.trailPath.length > 0) {
      c.beginPath()
      d.trailPath.forEach((s, i) => {
        const [x, y] = screen(s.lng, s.lat)
        if (i === 0) c.moveTo(x, y)
        else c.lineTo(x, y)
      })
      c.setLineDash([8, 6])
      c.strokeStyle = TRAIL_COLOR
      c.lineWidth = 3
      c.stroke()
      c.setLineDash([])
      for (const s of d.trail) {
        const [x, y] = screen(s.lng, s.lat)
        c.beginPath()
        c.arc(x, y, 4, 0, Math.PI * 2)
        c.fillStyle = TRAIL_COLOR
        c.fill()
      }
      const p = trailPosition(d.trailPath, phase.current)
      if (p) {
        const [x, y] = screen(p.lng, p.lat)
        c.beginPath()
        c.arc(x, y, 7, 0, Math.PI * 2)
        c.fillStyle = TRAIL_COLOR
        c.fill()
        c.strokeStyle = '#fff'
        c.lineWidth = 2
        c.stroke()
      }
    }

    // window cameras, numbered in list order; the selected one ringed
    c.font = 'bold 11px sans-serif'
    d.windows.forEach((w, i) => {
      const [x, y] = screen(w.lng, w.lat)
      const r = i === d.selectedWindow ? 12 : 9
      c.beginPath()
      c.arc(x, y, r, 0, Math.PI * 2)
      c.fillStyle = hopColor(w.hops)
      c.fill()
      c.strokeStyle = i === d.selectedWindow ? '#fff' : '#0e1628'
      c.lineWidth = 2
      c.stroke()
      c.fillStyle = '#000'
      c.fillText(String(i + 1), x, y + 0.5)
    })

    // a search area: translucent, its corners marked while it is drawn
    if (d.area && d.area.length > 0) {
      c.beginPath()
      d.area.forEach(([lng, lat], i) => {
        const [x, y] = screen(lng, lat)
        if (i === 0) c.moveTo(x, y)
        else c.lineTo(x, y)
      })
      c.closePath()
      c.fillStyle = 'rgba(250, 219, 20, 0.18)'
      c.fill()
      c.strokeStyle = '#fadb14'
      c.lineWidth = 2
      c.stroke()
      for (const [lng, lat] of d.area) {
        const [x, y] = screen(lng, lat)
        c.fillStyle = '#fadb14'
        c.fillRect(x - 3, y - 3, 6, 6)
      }
    }

    // origin: a ringed cross, and the heading it fled as an arrow
    if (d.origin) {
      const [x, y] = screen(d.origin.lng, d.origin.lat)
      if (d.heading) {
        const [vx, vy] = HEADING_VECTORS[d.heading]
        const tipX = x + vx * 56
        const tipY = y + vy * 56
        c.beginPath()
        c.moveTo(x + vx * 14, y + vy * 14)
        c.lineTo(tipX, tipY)
        c.strokeStyle = ORIGIN_COLOR
        c.lineWidth = 4
        c.stroke()
        c.beginPath()
        c.moveTo(tipX + vx * 6, tipY + vy * 6)
        c.lineTo(tipX - vx * 8 - vy * 9, tipY - vy * 8 + vx * 9)
        c.lineTo(tipX - vx * 8 + vy * 9, tipY - vy * 8 - vx * 9)
        c.closePath()
        c.fillStyle = ORIGIN_COLOR
        c.fill()
      }
      c.beginPath()
      c.arc(x, y, 11, 0, Math.PI * 2)
      c.strokeStyle = ORIGIN_COLOR
      c.lineWidth = 3
      c.stroke()
      c.beginPath()
      c.moveTo(x - 16, y)
      c.lineTo(x + 16, y)
      c.moveTo(x, y - 16)
      c.lineTo(x, y + 16)
      c.lineWidth = 2
      c.stroke()
    }
    c.restore()
    const el = hostRef.current
    if (el) el.dataset.exits = JSON.stringify(exits)
  }

  return <Shape ref={shapeRef} sceneFunc={sceneFunc} listening={false} perfectDrawEnabled={false} />
}
