/**
 * The map highlight of a lookup: the road pieces a vehicle leaving the origin
 * can reach, up to the cameras of the lookup's windows, with the earliest and
 * latest time at the far end of each. Uses the engine's graph and travel
 * model (read only); pure.
 */
import { snapToGraph, toLngLat, type RoadGraph } from './engine/graph'
import { DEFAULT_TRAVEL_MODEL, maxTravelS, minTravelS, type TravelModel } from './engine/model'
import type { LookupQuery, LookupWindow } from '../../shared/lookup/types'
import type { ReachableRoad } from '../../shared/ipc/contracts/lookup'

export type ReachOptions = {
  model?: TravelModel
  /** metres beyond the farthest window camera still drawn */
  marginM?: number
  /** how far from a road a click may be, metres */
  snapM?: number
}

type State = { node: number; limitS: number; distM: number; junctions: number }

/** Vertices of a link between two offsets (metres from its `a` end), in that order. */
export function slicePolyline(
  xs: readonly number[],
  ys: readonly number[],
  cum: readonly number[],
  fromM: number,
  toM: number
): [number, number][] {
  const at = (m: number): [number, number] => {
    let i = 0
    while (i < cum.length - 2 && cum[i + 1] < m) i++
    const span = cum[i + 1] - cum[i]
    const t = span > 0 ? Math.min(1, Math.max(0, (m - cum[i]) / span)) : 0
    return [xs[i] + t * (xs[i + 1] - xs[i]), ys[i] + t * (ys[i + 1] - ys[i])]
  }
  const lo = Math.min(fromM, toM)
  const hi = Math.max(fromM, toM)
  const pts: [number, number][] = [at(lo)]
  for (let i = 0; i < cum.length; i++) if (cum[i] > lo && cum[i] < hi) pts.push([xs[i], ys[i]])
  pts.push(at(hi))
  return fromM <= toM ? pts : pts.reverse()
}

export function reachableRoads(
  graph: RoadGraph,
  query: LookupQuery,
  allWindows: readonly LookupWindow[],
  opts: ReachOptions = {}
): ReachableRoad[] {
  // the route windows are the cameras any way out must reach; candidate windows
  // follow single vehicles far beyond and would light up the whole district
  const route = allWindows.filter((w) => w.source === 'route')
  const windows = route.length > 0 ? route : allWindows
  const model = opts.model ?? DEFAULT_TRAVEL_MODEL
  const start = snapToGraph(graph, query.lng, query.lat, opts.snapM ?? 200)
  if (!start || windows.length === 0) return []
  const maxDistM = Math.max(...windows.map((w) => w.distanceM)) + (opts.marginM ?? 40)
  const maxHop = Math.max(...windows.map((w) => w.hops))
  // the vehicle's pass at a last-hop window camera is covered: no need to draw beyond it
  const stopNodes = new Set<number>()
  for (const w of windows) {
    const ci = graph.cameraIndex.get(w.cameraCode)
    const cam = ci === undefined ? undefined : graph.cameras[ci]
    if (cam && cam.node >= 0 && w.hops >= maxHop) stopNodes.add(cam.node)
  }

  // one piece per link (the quickest way onto it); the origin's link is cut in two
  const pieces = new Map<string, { limitS: number; piece: ReachableRoad }>()
  const pieceOut = (
    key: string,
    linkIdx: number,
    fromM: number,
    toM: number,
    before: State,
    lengthM: number,
    speedMps: number
  ) => {
    const link = graph.links[linkIdx]
    const limitS = before.limitS + lengthM / speedMps
    const prev = pieces.get(key)
    if (prev && prev.limitS <= limitS) return limitS
    const road = graph.roads[link.road]
    pieces.set(key, {
      limitS,
      piece: {
        road: road?.name ?? '',
        kind: road?.kind ?? null,
        points: slicePolyline(link.xs, link.ys, link.cum, fromM, toM).map(([x, y]) =>
          toLngLat(graph, x, y)
        ),
        hops: before.junctions,
        earliestMs: Math.round(query.fromMs + minTravelS(model, limitS) * 1000),
        latestMs: Math.round(query.toMs + maxTravelS(model, limitS, before.junctions) * 1000)
      }
    })
    return limitS
  }

  const best = new Map<number, State>()
  const queue: State[] = []
  const push = (s: State) => {
    const cur = best.get(s.node)
    if (cur && cur.limitS <= s.limitS) return
    best.set(s.node, s)
    queue.push(s)
  }
  const origin: State = { node: -1, limitS: 0, distM: 0, junctions: 0 }
  const link0 = graph.links[start.link]
  if (link0.fwd >= 0) {
    const len = link0.lengthM - start.offsetM
    const limitS = pieceOut(
      'origin-b',
      start.link,
      start.offsetM,
      link0.lengthM,
      origin,
      len,
      link0.speedMps
    )
    push({ node: link0.b, limitS, distM: len, junctions: 0 })
  }
  if (link0.bwd >= 0) {
    const len = start.offsetM
    const limitS = pieceOut('origin-a', start.link, start.offsetM, 0, origin, len, link0.speedMps)
    push({ node: link0.a, limitS, distM: len, junctions: 0 })
  }

  while (queue.length > 0) {
    // small graphs and few settled nodes: a linear scan beats a heap's bookkeeping here
    let bi = 0
    for (let i = 1; i < queue.length; i++) if (queue[i].limitS < queue[bi].limitS) bi = i
    const s = queue.splice(bi, 1)[0]
    if (best.get(s.node) !== s) continue
    if (stopNodes.has(s.node) || s.distM >= maxDistM) continue
    const junction = (graph.nodeDegree[s.node] ?? 0) >= 3 ? 1 : 0
    for (let k = graph.outStart[s.node]; k < graph.outStart[s.node + 1]; k++) {
      const arc = graph.outArcs[k]
      const li = graph.arcLink[arc]
      const link = graph.links[li]
      const forward = link.fwd === arc
      const to = graph.arcTo[arc]
      const before = { ...s, junctions: s.junctions + junction }
      const prev = best.get(to)
      const limitS = s.limitS + graph.arcLen[arc] / graph.arcSpeed[arc]
      if (prev && prev.limitS <= limitS) continue
      if (li !== start.link)
        pieceOut(
          String(li),
          li,
          forward ? 0 : link.lengthM,
          forward ? link.lengthM : 0,
          before,
          graph.arcLen[arc],
          graph.arcSpeed[arc]
        )
      push({ node: to, limitS, distM: s.distM + graph.arcLen[arc], junctions: before.junctions })
    }
  }
  return [...pieces.values()].sort((a, b) => a.limitS - b.limitS).map((p) => p.piece)
}
