import type { LinkPoint, RoadGraph } from './graph'
import { shortestPaths } from './paths'
import type { PathTree } from './paths'

/**
 * The origin point and, for each direction a vehicle may pass it, the shortest
 * paths away from it and towards it. Keeping the directions apart forbids
 * routes that arrive at the point one way and leave it the other (a U-turn on
 * the spot).
 */
export type OriginDirection = {
  /** from the point onwards (forward tree, seeded at the node ahead) */
  ahead: PathTree
  /** towards the point (reverse tree, seeded at the node behind) */
  behind: PathTree
  /** node ahead / behind the point in this direction */
  aheadNode: number
  behindNode: number
  /** limit-seconds from the point to the node ahead / from the node behind to the point */
  aheadS: number
  behindS: number
  /** the arc the point lies on, in this direction */
  arc: number
  /** share of the arc upstream of the point (departures there pass the point) */
  upstreamShare: number
}

export type OriginContext = {
  point: LinkPoint
  dirs: OriginDirection[]
}

export function makeOrigin(graph: RoadGraph, point: LinkPoint, maxTimeS = Infinity): OriginContext {
  const link = graph.links[point.link]
  const dirs: OriginDirection[] = []
  const v = link.speedMps
  const fromA = point.offsetM
  const fromB = link.lengthM - point.offsetM
  if (link.fwd >= 0) {
    dirs.push({
      ahead: shortestPaths(graph, [{ node: link.b, costS: fromB / v, distM: fromB }], { maxTimeS }),
      behind: shortestPaths(graph, [{ node: link.a, costS: fromA / v, distM: fromA }], {
        maxTimeS,
        reverse: true
      }),
      aheadNode: link.b,
      behindNode: link.a,
      aheadS: fromB / v,
      behindS: fromA / v,
      arc: link.fwd,
      upstreamShare: fromA / link.lengthM
    })
  }
  if (link.bwd >= 0) {
    dirs.push({
      ahead: shortestPaths(graph, [{ node: link.a, costS: fromA / v, distM: fromA }], { maxTimeS }),
      behind: shortestPaths(graph, [{ node: link.b, costS: fromB / v, distM: fromB }], {
        maxTimeS,
        reverse: true
      }),
      aheadNode: link.a,
      behindNode: link.b,
      aheadS: fromA / v,
      behindS: fromB / v,
      arc: link.bwd,
      upstreamShare: fromB / link.lengthM
    })
  }
  return { point, dirs }
}

/** Limit-seconds from the origin to a node (best direction) and that direction, -1 if unreachable. */
export function fromOrigin(o: OriginContext, node: number): { t: number; dir: number } {
  let t = Infinity
  let dir = -1
  o.dirs.forEach((d, i) => {
    if (d.ahead.time[node] < t) {
      t = d.ahead.time[node]
      dir = i
    }
  })
  return { t, dir }
}

export function toOrigin(o: OriginContext, node: number): { t: number; dir: number } {
  let t = Infinity
  let dir = -1
  o.dirs.forEach((d, i) => {
    if (d.behind.time[node] < t) {
      t = d.behind.time[node]
      dir = i
    }
  })
  return { t, dir }
}

/** Best route prev → origin → next passing the origin in one direction. */
export function viaOrigin(
  o: OriginContext,
  prev: number,
  next: number
): { t: number; tIn: number; tOut: number; dir: number } {
  let best = { t: Infinity, tIn: Infinity, tOut: Infinity, dir: -1 }
  o.dirs.forEach((d, i) => {
    const tIn = d.behind.time[prev]
    const tOut = d.ahead.time[next]
    if (tIn + tOut < best.t) best = { t: tIn + tOut, tIn, tOut, dir: i }
  })
  return best
}
