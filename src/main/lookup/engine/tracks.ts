import type { Sighting } from '../../../shared/domain/sighting'
import type { RoadGraph } from './graph'
import { maxTravelS, minTravelS } from './model'
import type { TravelModel } from './model'
import { treeFromNode } from './paths'
import { matchPlates, wildcardHashes } from './plates'
import { attributePriors, readCompatibility } from './attributes'

/** One read on a track, with its true time. */
export type Read = {
  s: Sighting
  cam: number
  node: number
  /** estimated true time, ms */
  t: number
  fuzzy: boolean
  lookAlike: boolean
}

/** The reads of one vehicle: a plate and the one-character misreads merged into it. */
export type Track = {
  plate: string
  variants: string[]
  reads: Read[]
}

export type TrackOptions = {
  /** a misread is merged only into a track with a read this close in time, seconds */
  mergeWindowS?: number
}

/**
 * Reads of two plates one character apart are one vehicle when the smaller
 * group could be misreads of the larger: close in time and drivable in
 * sequence. Look-alike substitutions are preferred, then the target with more
 * reads.
 */
export function buildTracks(
  graph: RoadGraph,
  sightings: readonly Sighting[],
  offsets: ReadonlyMap<string, number>,
  model: TravelModel,
  options: TrackOptions = {}
): Track[] {
  const mergeMs = (options.mergeWindowS ?? 300) * 1000
  const groups = new Map<string, Read[]>()
  for (const s of sightings) {
    const cam = graph.cameraIndex.get(s.cameraCode)
    if (cam === undefined) continue
    const node = graph.cameras[cam].node
    if (node < 0) continue
    const read: Read = {
      s,
      cam,
      node,
      t: s.ts - (offsets.get(s.cameraCode) ?? 0),
      fuzzy: false,
      lookAlike: false
    }
    const g = groups.get(s.plate)
    if (g) g.push(read)
    else groups.set(s.plate, [read])
  }
  for (const g of groups.values()) g.sort((a, b) => a.t - b.t)

  // plates one substitution apart share a wildcard hash (collisions are
  // weeded out by matchPlates)
  const byKey = new Map<number, string[]>()
  for (const p of groups.keys()) {
    for (const k of wildcardHashes(p)) {
      const l = byKey.get(k)
      if (l) l.push(p)
      else byKey.set(k, [p])
    }
  }
  // larger, more confident groups absorb smaller ones
  const entries = [...groups].map(([p, rs]) => ({
    p,
    n: rs.length,
    conf: rs.reduce((a, r) => a + (r.s.confidence ?? 0.9), 0) / rs.length
  }))
  entries.sort((a, b) => b.n - a.n || b.conf - a.conf || (a.p < b.p ? -1 : 1))
  const order = entries.map((e) => e.p)
  const rank = new Map(order.map((p, i) => [p, i]))
  const mergedInto = new Map<string, string>()
  const priors = attributePriors(sightings)
  const tracks = new Map<string, Track>()
  for (const p of order) tracks.set(p, { plate: p, variants: [], reads: groups.get(p) as Read[] })

  // a misread is one read: the same wrong plate twice is far rarer than two
  // real plates one character apart, so only single reads look for a host
  for (let i = order.length - 1; i >= 0; i--) {
    const p = order[i]
    const mine = groups.get(p) as Read[]
    if (mine.length !== 1) continue
    let best: { host: string; lookAlike: boolean; score: number } | null = null
    for (const k of wildcardHashes(p)) {
      const list = byKey.get(k)
      if (!list || list.length < 2) continue
      for (const q of list) {
        if (q === p) continue
        if ((rank.get(q) as number) >= i) continue // only larger hosts
        const host = mergedInto.get(q) ?? q
        const ht = tracks.get(host)
        if (!ht) continue
        const m = matchPlates(host, p)
        if (!m) continue
        const fit = fitsBetween(graph, model, ht.reads, mine[0], mergeMs)
        if (fit <= 0) continue
        // a misread plate on a car of another colour, type or brand is another car
        const same = readCompatibility(
          mine[0].s,
          ht.reads.map((r) => r.s),
          priors
        )
        if (same < 0.05) continue
        const score =
          (m.lookAlike ? 4 : 1) *
          fit *
          Math.min(same, 20) *
          (1 + 0.1 * Math.min(ht.reads.length, 5))
        if (!best || score > best.score) best = { host, lookAlike: m.lookAlike, score }
      }
    }
    if (!best) continue
    const ht = tracks.get(best.host) as Track
    for (const r of mine) {
      r.fuzzy = true
      r.lookAlike = best.lookAlike
    }
    ht.reads = [...ht.reads, ...mine].sort((a, b) => a.t - b.t)
    ht.variants.push(p)
    tracks.delete(p)
    mergedInto.set(p, best.host)
  }
  return [...tracks.values()]
}

/**
 * How well a lone read fits into a host's reads as one drive: 0 when it
 * cannot (a leg faster than possible, or no host read close in time), else
 * higher when the legs to its neighbours take about the free-flow time.
 */
function fitsBetween(
  graph: RoadGraph,
  model: TravelModel,
  host: Read[],
  r: Read,
  windowMs: number
): number {
  let before: Read | null = null
  let after: Read | null = null
  for (const h of host) {
    if (h.t <= r.t) before = h
    else if (!after) after = h
  }
  const legFit = (a: Read, b: Read): number => {
    if (a.node === b.node) return (b.t - a.t) / 1000 <= 120 ? 0.3 : 0
    const lt = treeFromNode(graph, a.node).time[b.node]
    if (!Number.isFinite(lt)) return 0
    const dt = (b.t - a.t) / 1000
    if (dt < minTravelS(model, lt) - 2) return 0
    if (dt > maxTravelS(model, lt, treeFromNode(graph, a.node).junctions[b.node]) + 30) return 0
    return 1
  }
  const near = (h: Read | null): boolean => h !== null && Math.abs(h.t - r.t) <= windowMs
  if (!near(before) && !near(after)) return 0
  let f = 1
  if (near(before)) f *= legFit(before as Read, r)
  if (near(after)) f *= legFit(r, after as Read)
  // both sides agreeing is much stronger evidence than one
  return f * (near(before) && near(after) ? 2 : 1)
}
