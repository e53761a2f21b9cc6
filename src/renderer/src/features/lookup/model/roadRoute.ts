/**
 * Shortest ways over the site map's roads, so a plate's trail is drawn along
 * the streets it took rather than as straight lines between cameras. Roads
 * meet where they share a vertex (DESIGN.md: within 1 m); one-way rules are
 * ignored on purpose: the reads already say which way it went.
 */
import type { XY } from './geometry'
import { metricFrame } from './place'

type Node = { lng: number; lat: number; x: number; y: number; edges: { to: number; m: number }[] }

export type RoadRouter = {
  /** the points of the shortest way from a to b, ends included; straight when none is sensible */
  route: (a: { lng: number; lat: number }, b: { lng: number; lat: number }) => [number, number][]
}

export function createRoadRouter(
  roads: readonly { lines: readonly (readonly XY[])[] }[]
): RoadRouter {
  const first = roads[0]?.lines[0]?.[0]
  const m = metricFrame(first ? first[1] : 30)
  const nodes: Node[] = []
  const byKey = new Map<string, number>()
  const nodeOf = (p: XY): number => {
    const [x, y] = m(p)
    const key = `${Math.round(x)}:${Math.round(y)}`
    let id = byKey.get(key)
    if (id === undefined) {
      id = nodes.length
      nodes.push({ lng: p[0], lat: p[1], x, y, edges: [] })
      byKey.set(key, id)
    }
    return id
  }
  for (const r of roads)
    for (const line of r.lines)
      for (let i = 1; i < line.length; i++) {
        const a = nodeOf(line[i - 1])
        const b = nodeOf(line[i])
        if (a === b) continue
        const d = Math.hypot(nodes[a].x - nodes[b].x, nodes[a].y - nodes[b].y)
        nodes[a].edges.push({ to: b, m: d })
        nodes[b].edges.push({ to: a, m: d })
      }

  const nearest = (p: { lng: number; lat: number }): { id: number; m: number } => {
    const [x, y] = m([p.lng, p.lat])
    let id = -1
    let best = Infinity
    nodes.forEach((n, i) => {
      const d = Math.hypot(n.x - x, n.y - y)
      if (d < best) {
        best = d
        id = i
      }
    })
    return { id, m: best }
  }

  const shortest = (from: number, to: number): number[] | null => {
    const dist = new Float64Array(nodes.length).fill(Infinity)
    const prev = new Int32Array(nodes.length).fill(-1)
    const heap: [number, number][] = [[0, from]]
    dist[from] = 0
    while (heap.length) {
      const [d, u] = pop(heap)
      if (u === to) break
      if (d > dist[u]) continue
      for (const e of nodes[u].edges) {
        const nd = d + e.m
        if (nd < dist[e.to]) {
          dist[e.to] = nd
          prev[e.to] = u
          push(heap, [nd, e.to])
        }
      }
    }
    if (!Number.isFinite(dist[to])) return null
    const path = [to]
    while (path[path.length - 1] !== from) path.push(prev[path[path.length - 1]])
    return path.reverse()
  }

  return {
    route(a, b) {
      const straight: [number, number][] = [
        [a.lng, a.lat],
        [b.lng, b.lat]
      ]
      if (nodes.length === 0) return straight
      const na = nearest(a)
      const nb = nearest(b)
      // a camera far from any road is not on this map's network
      if (na.m > 60 || nb.m > 60 || na.id === nb.id) return straight
      const path = shortest(na.id, nb.id)
      if (!path) return straight
      return [
        [a.lng, a.lat],
        ...path.map((i): [number, number] => [nodes[i].lng, nodes[i].lat]),
        [b.lng, b.lat]
      ]
    }
  }
}

function push(h: [number, number][], v: [number, number]): void {
  h.push(v)
  let i = h.length - 1
  while (i > 0) {
    const p = (i - 1) >> 1
    if (h[p][0] <= h[i][0]) break
    ;[h[p], h[i]] = [h[i], h[p]]
    i = p
  }
}

function pop(h: [number, number][]): [number, number] {
  const top = h[0]
  const last = h.pop()!
  if (h.length) {
    h[0] = last
    let i = 0
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let s = i
      if (l < h.length && h[l][0] < h[s][0]) s = l
      if (r < h.length && h[r][0] < h[s][0]) s = r
      if (s === i) break
      ;[h[s], h[i]] = [h[i], h[s]]
      i = s
    }
  }
  return top
}
