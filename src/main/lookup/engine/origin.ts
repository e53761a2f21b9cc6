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
  const a = { node: link.a, m: point.offsetM }
  const b = { node: link.b, m: link.lengthM - point.offsetM }
  const dirs: OriginDirection[] = []
  if (link.fwd >= 0) dirs.push(passing(graph, link, link.fwd, a, b, maxTimeS))
  if (link.bwd >= 0) dirs.push(passing(graph, link, link.bwd, b, a, maxTimeS))
  return { point, dirs }
}

/** An end of the point's link and the metres between it and the point. */
type LinkEnd = { node: number; m: number }

/** The point passed along `arc`, coming from the end `behind` and heading for the end `ahead`. */
function passing(
  graph: RoadGraph,
  link: RoadGraph['links'][number],
  arc: number,
  behind: LinkEnd,
  ahead: LinkEnd,
  maxTimeS: number
): OriginDirection {
  const aheadS = ahead.m / link.speedMps
  const behindS = behind.m / link.speedMps
  return {
    ahead: shortestPaths(graph, [{ node: ahead.node, costS: aheadS, distM: ahead.m }], {
      maxTimeS
    }),
    behind: shortestPaths(graph, [{ node: behind.node, costS: behindS, distM: behind.m }], {
      maxTimeS,
      reverse: true
    }),
    aheadNode: ahead.node,
    behindNode: behind.node,
    aheadS,
    behindS,
    arc,
    upstreamShare: behind.m / link.lengthM
  }
}

/** Limit-seconds from the origin to a node (best direction) and that direction, -1 if unreachable. */
export function fromOrigin(o: OriginContext, node: number): { t: number; dir: number } {
  return nearest(o, node, 'ahead')
}

/** Limit-seconds from a node to the origin (best direction) and that direction, -1 if unreachable. */
export function toOrigin(o: OriginContext, node: number): { t: number; dir: number } {
  return nearest(o, node, 'behind')
}

function nearest(
  o: OriginContext,
  node: number,
  tree: 'ahead' | 'behind'
): { t: number; dir: number } {
  let t = Infinity
  let dir = -1
  o.dirs.forEach((d, i) => {
    if (d[tree].time[node] < t) {
      t = d[tree].time[node]
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
