import Flatbush from 'flatbush'
import type { CameraFields } from '../../../shared/domain/camera'
import type { RoadFields } from '../../../shared/domain/road'
import { closestOnSegment, makeProjection, project, unproject } from './geo'
import type { Projection } from './geo'

export type GraphCamera = Pick<
  CameraFields,
  'code' | 'name' | 'lat' | 'lng' | 'anpr' | 'headingDeg'
>

/** A camera as placed on the graph. */
export type PlacedCamera = {
  code: string
  name: string
  anpr: boolean
  x: number
  y: number
  /** graph node the camera watches, or -1 when it is too far from any road */
  node: number
  /** distance from the camera's position to that node, metres */
  offsetM: number
}

/**
 * An undirected piece of road between two graph nodes, with its geometry.
 * Arcs (directed) reference links.
 */
export type GraphLink = {
  a: number
  b: number
  /** polyline from a to b, projected metres */
  xs: number[]
  ys: number[]
  /** cumulative length at each vertex */
  cum: number[]
  lengthM: number
  speedMps: number
  road: number
  /** arc ids: a→b and b→a, -1 when the direction is not allowed */
  fwd: number
  bwd: number
}

export type RoadGraph = {
  projection: Projection
  roads: { externalId: string; name: string; kind: string | null; speedKmh: number }[]
  nodeX: Float64Array
  nodeY: Float64Array
  /** number of distinct links touching the node */
  nodeDegree: Uint16Array
  /** first camera index at the node or -1 (see nodeCameras for all) */
  nodeCameras: number[][]
  links: GraphLink[]
  /** arcs (directed links), parallel arrays */
  arcFrom: Int32Array
  arcTo: Int32Array
  arcLink: Int32Array
  arcLen: Float64Array
  arcSpeed: Float64Array
  /** CSR adjacency: arcs leaving node n are outArcs[outStart[n] .. outStart[n+1]) */
  outStart: Int32Array
  outArcs: Int32Array
  inStart: Int32Array
  inArcs: Int32Array
  cameras: PlacedCamera[]
  cameraIndex: Map<string, number>
  /** spatial index over link segments, for snapping */
  segIndex: Flatbush
  segLink: Int32Array
  segPart: Int32Array
}

export type BuildGraphOptions = {
  /** vertices closer than this are one junction (DESIGN.md: 1 m) */
  junctionTolM?: number
  /** a camera this close to a junction watches that junction */
  cameraNodeTolM?: number
  /** a camera farther than this from every road is not placed */
  cameraMaxRoadM?: number
  /** used when a road has no usable speed limit */
  defaultSpeedKmh?: number
}

const DEFAULTS: Required<BuildGraphOptions> = {
  junctionTolM: 1,
  cameraNodeTolM: 20,
  cameraMaxRoadM: 60,
  defaultSpeedKmh: 30
}

type RawLink = { a: number; b: number; xs: number[]; ys: number[]; road: number }

export function buildRoadGraph(
  roads: RoadFields[],
  cameras: GraphCamera[],
  options: BuildGraphOptions = {}
): RoadGraph {
  const opt = { ...DEFAULTS, ...options }
  const projection = makeProjection(...centerOf(roads, cameras))

  // --- junctions: merge vertices within junctionTolM through a grid hash ---
  const nx: number[] = []
  const ny: number[] = []
  const grid = new Map<string, number[]>()
  const cell = Math.max(opt.junctionTolM, 0.01)
  const tol2 = opt.junctionTolM * opt.junctionTolM
  const nodeAt = (x: number, y: number): number => {
    const cx = Math.floor(x / cell)
    const cy = Math.floor(y / cell)
    let best = -1
    let bestD = Infinity
    for (let i = cx - 1; i <= cx + 1; i++) {
      for (let j = cy - 1; j <= cy + 1; j++) {
        for (const n of grid.get(`${i},${j}`) ?? []) {
          const d = (nx[n] - x) ** 2 + (ny[n] - y) ** 2
          if (d <= tol2 && d < bestD) {
            best = n
            bestD = d
          }
        }
      }
    }
    if (best >= 0) return best
    const id = nx.length
    nx.push(x)
    ny.push(y)
    const key = `${cx},${cy}`
    const list = grid.get(key)
    if (list) list.push(id)
    else grid.set(key, [id])
    return id
  }

  const lineNodes: { road: number; nodes: number[]; xs: number[]; ys: number[] }[] = []
  const uses = new Map<number, number>()
  const roadMeta: RoadGraph['roads'] = []
  roads.forEach((r, ri) => {
    roadMeta.push({ externalId: r.externalId, name: r.name, kind: r.kind, speedKmh: r.speedKmh })
    for (const line of r.lines) {
      const nodes: number[] = []
      const xs: number[] = []
      const ys: number[] = []
      for (const [lng, lat] of line) {
        const [x, y] = project(projection, lng, lat)
        const n = nodeAt(x, y)
        if (nodes.length > 0 && nodes[nodes.length - 1] === n) continue // zero-length step
        nodes.push(n)
        xs.push(x)
        ys.push(y)
      }
      if (nodes.length < 2) continue
      lineNodes.push({ road: ri, nodes, xs, ys })
      for (const n of nodes) uses.set(n, (uses.get(n) ?? 0) + 1)
    }
  })

  // --- links: cut every line at its ends and at vertices other lines share ---
  const raw: RawLink[] = []
  const isSplit = new Set<number>()
  for (const l of lineNodes) {
    isSplit.add(l.nodes[0])
    isSplit.add(l.nodes[l.nodes.length - 1])
  }
  for (const [n, c] of uses) if (c > 1) isSplit.add(n)
  for (const l of lineNodes) {
    let start = 0
    for (let i = 1; i < l.nodes.length; i++) {
      if (isSplit.has(l.nodes[i]) || i === l.nodes.length - 1) {
        raw.push({
          a: l.nodes[start],
          b: l.nodes[i],
          // snap the ends exactly onto the merged junction so geometry is continuous
          xs: [nx[l.nodes[start]], ...l.xs.slice(start + 1, i), nx[l.nodes[i]]],
          ys: [ny[l.nodes[start]], ...l.ys.slice(start + 1, i), ny[l.nodes[i]]],
          road: l.road
        })
        start = i
      }
    }
  }

  // --- cameras: on a junction when close to one, else on the nearest link (which is split) ---
  const placed: PlacedCamera[] = []
  const junctionNodes = [...isSplit]
  const jIndex = junctionNodes.length > 0 ? new Flatbush(junctionNodes.length) : null
  if (jIndex) {
    for (const n of junctionNodes) jIndex.add(nx[n], ny[n], nx[n], ny[n])
    jIndex.finish()
  }
  const pending: { cam: number; x: number; y: number }[] = []
  for (const c of cameras) {
    const [x, y] = project(projection, c.lng, c.lat)
    const pc: PlacedCamera = {
      code: c.code,
      name: c.name,
      anpr: c.anpr,
      x,
      y,
      node: -1,
      offsetM: Infinity
    }
    placed.push(pc)
    const near = jIndex ? jIndex.neighbors(x, y, 1, opt.cameraNodeTolM) : []
    if (near.length > 0) {
      const n = junctionNodes[near[0]]
      pc.node = n
      pc.offsetM = Math.hypot(nx[n] - x, ny[n] - y)
    } else {
      pending.push({ cam: placed.length - 1, x, y })
    }
  }
  // mid-block cameras: split links; one pass per camera keeps it simple (few of them)
  for (const p of pending) {
    let best = { link: -1, part: 0, t: 0, d2: Infinity, x: 0, y: 0 }
    raw.forEach((l, li) => {
      for (let i = 0; i + 1 < l.xs.length; i++) {
        const c = closestOnSegment(p.x, p.y, l.xs[i], l.ys[i], l.xs[i + 1], l.ys[i + 1])
        if (c.d2 < best.d2) best = { link: li, part: i, t: c.t, d2: c.d2, x: c.x, y: c.y }
      }
    })
    if (best.link < 0 || Math.sqrt(best.d2) > opt.cameraMaxRoadM) continue
    const l = raw[best.link]
    const endA = Math.hypot(best.x - nx[l.a], best.y - ny[l.a])
    const endB = Math.hypot(best.x - nx[l.b], best.y - ny[l.b])
    const pc = placed[p.cam]
    pc.offsetM = Math.sqrt(best.d2)
    if (endA <= opt.cameraNodeTolM || endB <= opt.cameraNodeTolM) {
      pc.node = endA <= endB ? l.a : l.b
      continue
    }
    const n = nx.length
    nx.push(best.x)
    ny.push(best.y)
    pc.node = n
    const first: RawLink = {
      a: l.a,
      b: n,
      xs: [...l.xs.slice(0, best.part + 1), best.x],
      ys: [...l.ys.slice(0, best.part + 1), best.y],
      road: l.road
    }
    const second: RawLink = {
      a: n,
      b: l.b,
      xs: [best.x, ...l.xs.slice(best.part + 1)],
      ys: [best.y, ...l.ys.slice(best.part + 1)],
      road: l.road
    }
    raw[best.link] = first
    raw.push(second)
  }

  // --- arcs and adjacency ---
  const nNodes = nx.length
  const links: GraphLink[] = []
  const arcFrom: number[] = []
  const arcTo: number[] = []
  const arcLink: number[] = []
  const arcLen: number[] = []
  const arcSpeed: number[] = []
  const degreeSets: Set<number>[] = Array.from({ length: nNodes }, () => new Set<number>())
  for (const l of raw) {
    if (l.a === l.b && l.xs.length < 3) continue
    const cum = [0]
    for (let i = 1; i < l.xs.length; i++)
      cum.push(cum[i - 1] + Math.hypot(l.xs[i] - l.xs[i - 1], l.ys[i] - l.ys[i - 1]))
    const lengthM = Math.max(cum[cum.length - 1], 0.1)
    const road = roads[l.road]
    const kmh =
      Number.isFinite(road.speedKmh) && road.speedKmh > 0 ? road.speedKmh : opt.defaultSpeedKmh
    const li = links.length
    const link: GraphLink = {
      a: l.a,
      b: l.b,
      xs: l.xs,
      ys: l.ys,
      cum,
      lengthM,
      speedMps: kmh / 3.6,
      road: l.road,
      fwd: -1,
      bwd: -1
    }
    const addArc = (from: number, to: number): number => {
      arcFrom.push(from)
      arcTo.push(to)
      arcLink.push(li)
      arcLen.push(lengthM)
      arcSpeed.push(kmh / 3.6)
      return arcFrom.length - 1
    }
    if (road.oneway !== 'backward') link.fwd = addArc(l.a, l.b)
    if (road.oneway !== 'forward') link.bwd = addArc(l.b, l.a)
    links.push(link)
    degreeSets[l.a].add(li)
    degreeSets[l.b].add(li)
  }
  const csr = (keys: number[]): { start: Int32Array; items: Int32Array } => {
    const start = new Int32Array(nNodes + 1)
    for (const k of keys) start[k + 1]++
    for (let i = 0; i < nNodes; i++) start[i + 1] += start[i]
    const fill = start.slice(0, nNodes)
    const items = new Int32Array(keys.length)
    keys.forEach((k, arc) => {
      items[fill[k]++] = arc
    })
    return { start, items }
  }
  const out = csr(arcFrom)
  const inn = csr(arcTo)

  const nodeCameras: number[][] = Array.from({ length: nNodes }, () => [])
  placed.forEach((c, i) => {
    if (c.node >= 0) nodeCameras[c.node].push(i)
  })

  // --- spatial index over link segments ---
  let nSeg = 0
  for (const l of links) nSeg += l.xs.length - 1
  const segIndex = new Flatbush(Math.max(nSeg, 1))
  const segLink = new Int32Array(Math.max(nSeg, 1))
  const segPart = new Int32Array(Math.max(nSeg, 1))
  let s = 0
  links.forEach((l, li) => {
    for (let i = 0; i + 1 < l.xs.length; i++) {
      segIndex.add(
        Math.min(l.xs[i], l.xs[i + 1]),
        Math.min(l.ys[i], l.ys[i + 1]),
        Math.max(l.xs[i], l.xs[i + 1]),
        Math.max(l.ys[i], l.ys[i + 1])
      )
      segLink[s] = li
      segPart[s] = i
      s++
    }
  })
  if (nSeg === 0) segIndex.add(0, 0, 0, 0)
  segIndex.finish()

  return {
    projection,
    roads: roadMeta,
    nodeX: Float64Array.from(nx),
    nodeY: Float64Array.from(ny),
    nodeDegree: Uint16Array.from(degreeSets.map((d) => d.size)),
    nodeCameras,
    links,
    arcFrom: Int32Array.from(arcFrom),
    arcTo: Int32Array.from(arcTo),
    arcLink: Int32Array.from(arcLink),
    arcLen: Float64Array.from(arcLen),
    arcSpeed: Float64Array.from(arcSpeed),
    outStart: out.start,
    outArcs: out.items,
    inStart: inn.start,
    inArcs: inn.items,
    cameras: placed,
    cameraIndex: new Map(placed.map((c, i) => [c.code, i])),
    segIndex,
    segLink,
    segPart
  }
}

function centerOf(roads: RoadFields[], cameras: GraphCamera[]): [number, number] {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  const add = (lng: number, lat: number): void => {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return
    minX = Math.min(minX, lng)
    maxX = Math.max(maxX, lng)
    minY = Math.min(minY, lat)
    maxY = Math.max(maxY, lat)
  }
  for (const r of roads) for (const line of r.lines) for (const [lng, lat] of line) add(lng, lat)
  for (const c of cameras) add(c.lng, c.lat)
  if (!Number.isFinite(minX)) return [0, 0]
  return [(minX + maxX) / 2, (minY + maxY) / 2]
}

/** A point on a link: the snapped origin. */
export type LinkPoint = {
  link: number
  /** metres from the link's `a` end */
  offsetM: number
  x: number
  y: number
  /** distance from the query point, metres */
  distM: number
}

/** Nearest point on the road graph to (lng, lat), or null when none within maxDistM. */
export function snapToGraph(
  graph: RoadGraph,
  lng: number,
  lat: number,
  maxDistM = 200
): LinkPoint | null {
  const [px, py] = project(graph.projection, lng, lat)
  // box distance is a lower bound of the segment distance, so the true nearest is among the first few
  const near = graph.segIndex.neighbors(px, py, 16, maxDistM)
  let best: LinkPoint | null = null
  for (const s of near) {
    const li = graph.segLink[s]
    if (li === undefined || graph.links.length === 0) continue
    const link = graph.links[li]
    const i = graph.segPart[s]
    const c = closestOnSegment(px, py, link.xs[i], link.ys[i], link.xs[i + 1], link.ys[i + 1])
    const d = Math.sqrt(c.d2)
    if (d <= maxDistM && (best === null || d < best.distM)) {
      best = {
        link: li,
        offsetM: link.cum[i] + c.t * (link.cum[i + 1] - link.cum[i]),
        x: c.x,
        y: c.y,
        distM: d
      }
    }
  }
  return best
}

export function toLngLat(graph: RoadGraph, x: number, y: number): [number, number] {
  return unproject(graph.projection, x, y)
}
