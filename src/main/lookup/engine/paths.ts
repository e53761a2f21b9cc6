import type { LinkPoint, RoadGraph } from './graph'

/**
 * Shortest paths on the road graph by "limit time": seconds needed at exactly
 * the speed limit. Every travel-time bound of the lookup is derived from limit
 * time along a route (divide by a speed factor, add junction waits), so one
 * metric serves all of them.
 */

/** A binary min-heap of (key, value) with lazy deletion by the caller. */
export class MinHeap {
  private keys: number[] = []
  private vals: number[] = []
  get size(): number {
    return this.keys.length
  }
  push(key: number, val: number): void {
    const k = this.keys
    const v = this.vals
    let i = k.length
    k.push(key)
    v.push(val)
    while (i > 0) {
      const p = (i - 1) >> 1
      if (k[p] <= key) break
      k[i] = k[p]
      v[i] = v[p]
      i = p
    }
    k[i] = key
    v[i] = val
  }
  /** removes the minimum; returns its value (key via lastKey) */
  lastKey = 0
  pop(): number {
    const k = this.keys
    const v = this.vals
    const topK = k[0]
    const topV = v[0]
    const lastK = k.pop() as number
    const lastV = v.pop() as number
    if (k.length > 0) {
      let i = 0
      const n = k.length
      for (;;) {
        const l = 2 * i + 1
        if (l >= n) break
        const r = l + 1
        const c = r < n && k[r] < k[l] ? r : l
        if (k[c] >= lastK) break
        k[i] = k[c]
        v[i] = v[c]
        i = c
      }
      k[i] = lastK
      v[i] = lastV
    }
    this.lastKey = topK
    return topV
  }
}

/** One start (or end) of a search: a node reached after `costS` limit-seconds and `distM` metres. */
export type Seed = { node: number; costS: number; distM: number }

export type PathTree = {
  /** limit-time seconds, Infinity when unreachable */
  time: Float64Array
  distM: Float64Array
  /** arc used to reach the node (forward search: arc into it; reverse: arc out of it), -1 at seeds */
  via: Int32Array
  /**
   * junctions (degree >= 3) crossed: forward, from the seeds up to and including
   * the node; reverse, after the node up to and including the seed
   */
  junctions: Uint16Array
}

export type SearchOptions = {
  /** stop expanding beyond this many limit-seconds */
  maxTimeS?: number
  /** nodes that may be reached but not passed through (e.g. cameras, to find "first" cameras) */
  terminal?: (node: number) => boolean
  /** search against arc direction: time[n] is from n to the seeds */
  reverse?: boolean
}

/** Dijkstra from seeds (forward) or towards them (reverse). */
export function shortestPaths(
  graph: RoadGraph,
  seeds: readonly Seed[],
  opt: SearchOptions = {}
): PathTree {
  const n = graph.nodeX.length
  const time = new Float64Array(n).fill(Infinity)
  const distM = new Float64Array(n).fill(Infinity)
  const via = new Int32Array(n).fill(-1)
  const junctions = new Uint16Array(n)
  const done = new Uint8Array(n)
  const heap = new MinHeap()
  const maxT = opt.maxTimeS ?? Infinity
  for (const s of seeds) {
    if (s.costS < time[s.node]) {
      time[s.node] = s.costS
      distM[s.node] = s.distM
      via[s.node] = -1
      // forward: crossing the seed junction is ahead; reverse: the seed is where the search ends
      junctions[s.node] = !opt.reverse && graph.nodeDegree[s.node] >= 3 ? 1 : 0
      heap.push(s.costS, s.node)
    }
  }
  const start = opt.reverse ? graph.inStart : graph.outStart
  const arcs = opt.reverse ? graph.inArcs : graph.outArcs
  const other = opt.reverse ? graph.arcFrom : graph.arcTo
  const seedSet = opt.terminal ? new Set(seeds.map((s) => s.node)) : null
  while (heap.size > 0) {
    const u = heap.pop()
    if (done[u]) continue
    done[u] = 1
    if (time[u] > maxT) break
    if (opt.terminal && opt.terminal(u) && !(seedSet as Set<number>).has(u)) continue
    for (let i = start[u]; i < start[u + 1]; i++) {
      const arc = arcs[i]
      const v = other[arc]
      const t = time[u] + graph.arcLen[arc] / graph.arcSpeed[arc]
      if (t < time[v] - 1e-9) {
        time[v] = t
        distM[v] = distM[u] + graph.arcLen[arc]
        via[v] = arc
        junctions[v] = junctions[u] + (graph.nodeDegree[opt.reverse ? u : v] >= 3 ? 1 : 0)
        heap.push(t, v)
      }
    }
  }
  return { time, distM, via, junctions }
}

/** Seeds for leaving a point on a link in each direction its road allows. */
export function seedsFromPoint(graph: RoadGraph, p: LinkPoint): Seed[] {
  const link = graph.links[p.link]
  const seeds: Seed[] = []
  if (link.fwd >= 0) {
    const d = link.lengthM - p.offsetM
    seeds.push({ node: link.b, costS: d / link.speedMps, distM: d })
  }
  if (link.bwd >= 0)
    seeds.push({ node: link.a, costS: p.offsetM / link.speedMps, distM: p.offsetM })
  return seeds
}

/** Seeds for arriving at a point on a link: the nodes it can be entered from. */
export function seedsToPoint(graph: RoadGraph, p: LinkPoint): Seed[] {
  const link = graph.links[p.link]
  const seeds: Seed[] = []
  if (link.fwd >= 0)
    seeds.push({ node: link.a, costS: p.offsetM / link.speedMps, distM: p.offsetM })
  if (link.bwd >= 0) {
    const d = link.lengthM - p.offsetM
    seeds.push({ node: link.b, costS: d / link.speedMps, distM: d })
  }
  return seeds
}

/** Nodes of the tree path from a seed to `node` (forward tree: seed first). */
export function treePath(
  graph: RoadGraph,
  tree: PathTree,
  node: number,
  reverse = false
): number[] {
  const out: number[] = [node]
  let n = node
  let guard = graph.nodeX.length + 1
  while (tree.via[n] >= 0 && guard-- > 0) {
    n = reverse ? graph.arcTo[tree.via[n]] : graph.arcFrom[tree.via[n]]
    out.push(n)
  }
  if (!reverse) out.reverse()
  return out
}

const treeCache = new WeakMap<RoadGraph, Map<number, PathTree>>()

/**
 * Forward tree from a graph node, cached per graph: the lookup asks for the
 * same camera nodes over and over, and a graph never changes once built.
 */
export function treeFromNode(graph: RoadGraph, node: number): PathTree {
  let cache = treeCache.get(graph)
  if (!cache) {
    cache = new Map()
    treeCache.set(graph, cache)
  }
  let t = cache.get(node)
  if (!t) {
    t = shortestPaths(graph, [{ node, costS: 0, distM: 0 }])
    cache.set(node, t)
  }
  return t
}

const anprCache = new WeakMap<RoadGraph, Uint8Array>()

/** 1 where a plate-reading camera watches the node. */
export function anprNodes(graph: RoadGraph): Uint8Array {
  let a = anprCache.get(graph)
  if (!a) {
    a = new Uint8Array(graph.nodeX.length)
    for (const c of graph.cameras) if (c.anpr && c.node >= 0) a[c.node] = 1
    anprCache.set(graph, a)
  }
  return a
}

/**
 * For each node of a tree, how many plate-reading cameras a vehicle passes
 * between it and the tree's root, counting the node itself and not the root.
 */
export function anprOnTreePaths(graph: RoadGraph, tree: PathTree, reverse: boolean): Int16Array {
  const anpr = anprNodes(graph)
  const n = graph.nodeX.length
  const out = new Int16Array(n).fill(-1)
  const step = (v: number): number =>
    reverse ? graph.arcTo[tree.via[v]] : graph.arcFrom[tree.via[v]]
  for (let v = 0; v < n; v++) {
    if (!Number.isFinite(tree.time[v]) || out[v] >= 0) continue
    const chain: number[] = []
    let u = v
    while (out[u] < 0 && tree.via[u] >= 0) {
      chain.push(u)
      u = step(u)
    }
    if (out[u] < 0) out[u] = 0 // the root (or a seed)
    let acc = out[u]
    for (let i = chain.length - 1; i >= 0; i--) {
      acc += anpr[chain[i]]
      out[chain[i]] = acc
    }
  }
  return out
}
