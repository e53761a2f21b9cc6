import type { RoadGraph } from './graph'
import { maxTravelS, minTravelS, travelExpect } from './model'
import type { TravelModel } from './model'
import type { OriginContext, OriginDirection } from './origin'
import { fromOrigin, toOrigin } from './origin'
import { anprNodes, anprOnTreePaths, shortestPaths, treeFromNode, treePath } from './paths'
import type { PathTree } from './paths'
import type { Read, Track } from './tracks'
import { arcBearings, headingLikelihood } from './attributes'
import type { ArcBearings } from './attributes'

/**
 * How likely it is that a vehicle passed the origin inside [from, to], given
 * its reads. The model: a vehicle drives a fastest route from where it
 * departs to where it arrives; plate cameras on the route read it unless they
 * miss (missRate); legs take between the fastest and slowest plausible times.
 *
 * The origin is tried between every two consecutive reads:
 * - between a read before and a read after ("both"): the detour the origin
 *   imposes on the route between them, and the reads the cameras on that
 *   route would have had to miss, against the direct route;
 * - with only a read after ("after": the vehicle's first read near here):
 *   the share of all the places a vehicle first read at that camera can have
 *   started from whose fastest route passes the origin;
 * - with only a read before ("before"): likewise for where it can have gone.
 * Times at the origin implied by the reads must fall in [from, to].
 */

export type ScoringOptions = {
  /** tolerated excess of a route through the origin over the fastest one (ties in a grid), seconds */
  detourTolS: number
  /** scale of the route-choice penalty for a longer detour, seconds */
  detourScaleS: number
  /** reads more than this before `from` or after `to` belong to another trip, seconds */
  tripGapS: number
  /** reach of the start/end catchments, limit-seconds */
  catchmentS: number
  /** weight of a network entry (a dead end: boundary road, car park) against one road link */
  entryWeight: number
  /** distance decay of the catchment: weight 1 / (1 + t / decayS) */
  catchmentDecayS: number
  /** factor for an origin pass between two reads a long stop apart */
  stopPenalty: number
  /** P(a camera's heading is the way the vehicle arrived at it) */
  headingAccuracy: number
  /** P(a vehicle arrives at a camera with a given heading), the baseline of that evidence */
  headingBase: number
  /**
   * a reported window brackets the incident with a margin: the chance of the
   * incident at a time rises from windowEdgeFloor at either end to 1 this
   * many seconds inside it (at most a quarter of the window), seconds
   */
  windowEdgeS: number
  /** the same margin as a share of the window, when that is longer */
  windowEdgeShare: number
  windowEdgeFloor: number
}

export const DEFAULT_SCORING: ScoringOptions = {
  detourTolS: 3,
  detourScaleS: 8,
  tripGapS: 600,
  catchmentS: 240,
  entryWeight: 2,
  catchmentDecayS: 20,
  stopPenalty: 0.3,
  headingAccuracy: 0.9,
  headingBase: 0.3,
  windowEdgeS: 30,
  windowEdgeShare: 0.15,
  windowEdgeFloor: 0
}

export type Fit = {
  kind: 'both' | 'after' | 'before'
  /** index in track.reads of the read before / after the origin, -1 when none */
  prev: number
  next: number
  /** origin direction index */
  dir: number
  /** P(passed the origin inside [from, to] | reads), this placement */
  p: number
  /** estimated pass at the origin and its feasible interval, ms */
  t0: number
  t0Lo: number
  t0Hi: number
  detourS: number
  missed: number
  /** share of starts/ends whose route passes the origin (after/before), else 1 */
  share: number
  /** P(time at the origin in [from, to]) */
  timeP: number
  /** P(started its drive right behind the origin, passing it inside [from, to]) */
  scene: number
}

export type ScoredTrack = { track: Track; fit: Fit | null; contradicting: number[] }

export class Scorer {
  private entry = new Map<number, { share: number; scene: number }>()
  private exit = new Map<number, number>()
  private anpr: Uint8Array
  private bearings: ArcBearings

  constructor(
    private readonly graph: RoadGraph,
    private readonly origin: OriginContext,
    private readonly fromMs: number,
    private readonly toMs: number,
    private readonly model: TravelModel,
    private readonly opt: ScoringOptions
  ) {
    this.anpr = anprNodes(graph)
    this.bearings = arcBearings(graph)
  }

  /**
   * Likelihood ratio of the heading a camera gave for a read after the
   * origin, against any vehicle at that camera: the arc by which the route
   * from the origin in direction `dir` arrives there should point the same way.
   */
  headingRatio(dir: number, read: Read): number {
    const said = read.s.direction
    if (said == null) return 1
    const d = this.origin.dirs[dir]
    const via = d.ahead.via[read.node]
    const arc = via >= 0 ? via : d.arc
    return (
      headingLikelihood(said, this.bearings.end[arc], this.opt.headingAccuracy) /
      this.opt.headingBase
    )
  }

  /** Relative chance that the incident happened at time t (ms), given the window. */
  timeWeight(t: number): number {
    if (t < this.fromMs || t > this.toMs) return 0
    const len = this.toMs - this.fromMs
    const ramp = Math.min(
      Math.max(this.opt.windowEdgeS * 1000, this.opt.windowEdgeShare * len),
      len / 4
    )
    if (ramp <= 0) return 1
    const e = Math.min(t - this.fromMs, this.toMs - t)
    const f = this.opt.windowEdgeFloor
    return e >= ramp ? 1 : f + ((1 - f) * e) / ramp
  }

  /** Mean of timeWeight over [lo, hi] (ms). */
  private meanWeight(lo: number, hi: number): number {
    if (hi - lo <= 1) return this.timeWeight((lo + hi) / 2)
    let s = 0
    for (let i = 0; i < 16; i++) s += this.timeWeight(lo + ((i + 0.5) * (hi - lo)) / 16)
    return s / 16
  }

  private lt(a: number, b: number): number {
    return treeFromNode(this.graph, a).time[b]
  }

  private routeWeight(excess: number): number {
    return Math.exp(-Math.max(0, excess - this.opt.detourTolS) / this.opt.detourScaleS)
  }

  private tol(lt: number): number {
    return this.opt.detourTolS + 0.05 * lt
  }

  /** ANPR cameras strictly between a and b on the origin route a → O → b (either may be -1). */
  missedVia(dir: number, prevNode: number, nextNode: number): number {
    const d = this.origin.dirs[dir]
    let m = 0
    if (prevNode >= 0) {
      const path = treePath(this.graph, d.behind, prevNode, true)
      for (const n of path) if (n !== prevNode && this.anpr[n]) m++
    }
    if (nextNode >= 0) {
      const path = treePath(this.graph, d.ahead, nextNode)
      for (const n of path) if (n !== nextNode && this.anpr[n]) m++
    }
    return m
  }

  /**
   * P(route passes the origin | a vehicle's first read is at camera node c,
   * and its next read at node d, -1 if none): starts are spread over the
   * links that reach c (and dead ends, where vehicles enter), damped with
   * distance and by the reads that cameras on the way would have had to
   * miss; only starts whose fastest route to d runs through c count. `scene`
   * is the part of it that started on the origin's own link, behind the point
   * (or entered from a dead end right behind it: a car park).
   */
  entryShare(c: number, d: number): { share: number; scene: number } {
    const key = c * (this.graph.nodeX.length + 1) + d + 1
    const cached = this.entry.get(key)
    if (cached !== undefined) return cached
    const g = this.graph
    const tree = this.reverseTree(c)
    const misses = this.reverseMisses(c, tree)
    const toD = d >= 0 ? this.reverseTree(d) : null
    const cd = d >= 0 ? this.lt(c, d) : 0
    let total = 0
    let via = 0
    let scene = 0
    const miss = this.model.missRate
    const dirs = this.origin.dirs
    const passes = (v: number): boolean =>
      dirs.some((o) => o.behind.time[v] + o.ahead.time[c] <= tree.time[v] + this.tol(tree.time[v]))
    for (let v = 0; v < g.nodeX.length; v++) {
      const tv = tree.time[v]
      if (!Number.isFinite(tv) || tv > this.opt.catchmentS) continue
      // a start here heading for d would not drive through c
      if (toD && tv + cd > toD.time[v] + this.tol(toD.time[v])) continue
      const w0 = Math.pow(miss, misses[v]) / (1 + tv / this.opt.catchmentDecayS)
      const vPasses = passes(v)
      // departures on each arc into v travel v → … → c
      for (let i = g.inStart[v]; i < g.inStart[v + 1]; i++) {
        const arc = g.inArcs[i]
        const od = dirs.findIndex((o) => o.arc === arc)
        total += w0
        if (od >= 0) {
          via += w0 * dirs[od].upstreamShare
          scene += w0 * dirs[od].upstreamShare
        } else if (vPasses) via += w0
      }
      if (g.nodeDegree[v] === 1) {
        total += w0 * this.opt.entryWeight
        if (vPasses) {
          via += w0 * this.opt.entryWeight
          if (dirs.some((o) => o.behindNode === v)) scene += w0 * this.opt.entryWeight
        }
      }
    }
    const out = { share: total > 0 ? via / total : 0, scene: total > 0 ? scene / total : 0 }
    this.entry.set(key, out)
    return out
  }

  private revTrees = new Map<number, PathTree>()
  private revMiss = new Map<number, Int16Array>()
  private reverseTree(n: number): PathTree {
    let t = this.revTrees.get(n)
    if (!t) {
      t = shortestPaths(this.graph, [{ node: n, costS: 0, distM: 0 }], {
        reverse: true,
        maxTimeS: this.opt.catchmentS * 2
      })
      this.revTrees.set(n, t)
    }
    return t
  }
  private reverseMisses(n: number, tree: PathTree): Int16Array {
    let m = this.revMiss.get(n)
    if (!m) {
      m = anprOnTreePaths(this.graph, tree, true)
      this.revMiss.set(n, m)
    }
    return m
  }

  /** P(route passes the origin | a vehicle's last read is at camera node c). */
  exitShare(c: number): number {
    const cached = this.exit.get(c)
    if (cached !== undefined) return cached
    const g = this.graph
    const tree = shortestPaths(g, [{ node: c, costS: 0, distM: 0 }], {
      maxTimeS: this.opt.catchmentS
    })
    const misses = anprOnTreePaths(g, tree, false)
    let total = 0
    let via = 0
    const miss = this.model.missRate
    const dirs = this.origin.dirs
    const passes = (v: number): boolean =>
      dirs.some((d) => d.behind.time[c] + d.ahead.time[v] <= tree.time[v] + this.tol(tree.time[v]))
    for (let v = 0; v < g.nodeX.length; v++) {
      const tv = tree.time[v]
      if (!Number.isFinite(tv) || tv > this.opt.catchmentS) continue
      const w0 = Math.pow(miss, misses[v]) / (1 + tv / this.opt.catchmentDecayS)
      const vPasses = passes(v)
      // arrivals on each arc out of v: reached through v
      for (let i = g.outStart[v]; i < g.outStart[v + 1]; i++) {
        const arc = g.outArcs[i]
        const od = dirs.findIndex((d) => d.arc === arc)
        total += w0
        if (od >= 0) {
          // on the origin's own arc, arrivals beyond the point pass it
          if (dirs[od].behind.time[c] <= tv + dirs[od].behindS + this.tol(tv))
            via += w0 * (1 - dirs[od].upstreamShare)
        } else if (vPasses) via += w0
      }
      if (g.nodeDegree[v] === 1) {
        total += w0 * this.opt.entryWeight
        if (vPasses) via += w0 * this.opt.entryWeight
      }
    }
    const share = total > 0 ? via / total : 0
    this.exit.set(c, share)
    return share
  }

  /** Likelihood of the placement of the origin between reads[k-1] and reads[k]. */
  private place(reads: Read[], k: number): Fit | null {
    const prevR = k > 0 ? reads[k - 1] : null
    const nextR = k < reads.length ? reads[k] : null
    const gapMs = this.opt.tripGapS * 1000
    const prev = prevR && prevR.t >= this.fromMs - gapMs ? prevR : null
    const next = nextR && nextR.t <= this.toMs + gapMs ? nextR : null
    if (prev && next) {
      // each way through the point is tried; the reads pick it
      let best: Fit | null = null
      for (let dir = 0; dir < this.origin.dirs.length; dir++) {
        const f = this.between(reads, k, prev, next, dir)
        if (f && (!best || f.p > best.p)) best = f
      }
      return best
    }
    if (next) return this.single(reads, k, 'after')
    if (prev) return this.single(reads, k, 'before')
    return null
  }

  /** The origin passed in direction `dir` between two reads. */
  private between(reads: Read[], k: number, prev: Read, next: Read, dir: number): Fit | null {
    const m = this.model
    const d = this.origin.dirs[dir]
    const tIn = d.behind.time[prev.node]
    const tOut = d.ahead.time[next.node]
    const via = { t: tIn + tOut, tIn, tOut, dir }
    if (!Number.isFinite(via.t)) return null
    const jIn = d.behind.junctions[prev.node]
    const jOut = d.ahead.junctions[next.node]
    const dt = (next.t - prev.t) / 1000
    if (dt < minTravelS(m, via.t) - 1) return null
    if (dt > maxTravelS(m, via.t, jIn + jOut) + 60) {
      // a long stop between the reads: two trips, the origin on one of them
      const a = this.single(reads, k, 'after')
      const b = this.single(reads, k, 'before')
      const best = a && b ? (a.p >= b.p ? a : b) : (a ?? b)
      if (best) best.p *= this.opt.stopPenalty
      return best
    }
    const direct = this.lt(prev.node, next.node)
    const excess = Math.max(0, via.t - direct)
    const missed = this.missedVia(via.dir, prev.node, next.node)
    const wVia = this.routeWeight(excess) * Math.pow(m.missRate, missed)
    let routeP: number
    if (excess > this.tol(direct)) {
      // the direct route is a different one: weigh both by route choice and missed reads
      const mDirect = this.missedDirect(prev.node, next.node)
      const wDir = Math.pow(m.missRate, mDirect)
      routeP = wVia / (wVia + wDir)
    } else {
      // the origin lies on the fastest route itself: the reads imply it was passed
      routeP = 1
    }
    // time at the origin: split the observed leg in proportion to limit time
    const t0 = prev.t + (dt * 1000 * via.tIn) / Math.max(via.t, 1e-6)
    const lo = Math.max(
      prev.t + minTravelS(m, via.tIn) * 1000,
      next.t - maxTravelS(m, via.tOut, jOut) * 1000
    )
    const hi = Math.min(
      prev.t + maxTravelS(m, via.tIn, jIn) * 1000,
      next.t - minTravelS(m, via.tOut) * 1000
    )
    const t0Lo = Math.min(lo, t0)
    const t0Hi = Math.max(hi, t0)
    // the pass time: most likely where the leg splits in proportion, anywhere feasible
    const timeP = 0.5 * this.timeWeight(t0) + 0.5 * this.meanWeight(t0Lo, t0Hi)
    return {
      kind: 'both',
      prev: k - 1,
      next: k,
      dir: via.dir,
      p: withRatio(routeP * timeP, this.headingRatio(via.dir, next)),
      t0,
      t0Lo,
      t0Hi,
      detourS: excess,
      missed,
      share: 1,
      timeP,
      scene: 0
    }
  }

  private missedDirect(a: number, b: number): number {
    const path = treePath(this.graph, treeFromNode(this.graph, a), b)
    let m = 0
    for (const n of path) if (n !== a && n !== b && this.anpr[n]) m++
    return m
  }

  /**
   * The way through the point that a read at `node` after it (or before it)
   * fits best: in time (`timeOf`), in going on to (or coming from) where the
   * other reads were (`contOf`), in plate cameras that would have had to miss
   * it on the way, and in being about as quick as the quickest. Not merely the
   * quickest.
   */
  private bestWay(
    after: boolean,
    node: number,
    timeOf: (lt: number, junctions: number) => number,
    contOf: (d: OriginDirection, lt: number, dir: number) => number
  ): { dir: number; lt: number; j: number; timeP: number; cont: number } | null {
    const tMin = (after ? fromOrigin : toOrigin)(this.origin, node).t
    let best: { dir: number; lt: number; j: number; timeP: number; cont: number } | null = null
    let bestW = -1
    this.origin.dirs.forEach((d, i) => {
      const tree = after ? d.ahead : d.behind
      const lt = tree.time[node]
      if (!Number.isFinite(lt)) return
      const j = tree.junctions[node]
      const timeP = timeOf(lt, j)
      const cont = contOf(d, lt, i)
      const missed = after ? this.missedVia(i, -1, node) : this.missedVia(i, node, -1)
      const w =
        timeP * cont * this.routeWeight(lt - tMin) * Math.pow(this.model.missRate, missed) + 1e-12
      if (w > bestW) {
        bestW = w
        best = { dir: i, lt, j, timeP, cont }
      }
    })
    return best
  }

  private single(reads: Read[], k: number, kind: 'after' | 'before'): Fit | null {
    const m = this.model
    const from = this.fromMs
    const to = this.toMs
    if (kind === 'after') {
      const next = reads[k]
      const after = reads[k + 1]
      const goesOn =
        after && after.node !== next.node && after.t - next.t < this.opt.tripGapS * 1000
      const way = this.bestWay(
        true,
        next.node,
        (t, j) => travelExpect(m, t, j, (x) => this.timeWeight(next.t - x * 1000)),
        (d, t, i) =>
          (goesOn
            ? this.routeWeight(t + this.lt(next.node, after.node) - d.ahead.time[after.node])
            : 1) * this.headingRatio(i, next)
      )
      if (!way) return null
      const { dir, lt, j, timeP } = way
      const ratio = this.headingRatio(dir, next)
      // the heading picked the way; as evidence it enters p below, once
      const cont = way.cont / ratio
      const { share, scene } = this.entryShare(next.node, goesOn ? after.node : -1)
      const tFree = next.t - (lt * 1000 * (1 + m.slowFactor)) / 2
      const t0 = Math.min(to, Math.max(from, tFree))
      return {
        kind,
        prev: -1,
        next: k,
        dir,
        p: withRatio(share * timeP * cont, ratio),
        t0,
        t0Lo: next.t - maxTravelS(m, lt, j) * 1000,
        t0Hi: next.t - minTravelS(m, lt) * 1000,
        detourS: 0,
        missed: 0,
        share,
        timeP,
        scene: withRatio(scene * timeP * cont, ratio)
      }
    }
    const prev = reads[k - 1]
    const before = reads[k - 2]
    const cameFrom = before && prev.t - before.t < this.opt.tripGapS * 1000
    const way = this.bestWay(
      false,
      prev.node,
      (t, j) => travelExpect(m, t, j, (x) => this.timeWeight(prev.t + x * 1000)),
      (d, t) =>
        cameFrom
          ? this.routeWeight(this.lt(before.node, prev.node) + t - d.behind.time[before.node])
          : 1
    )
    if (!way) return null
    const { dir, lt, j, timeP, cont } = way
    const share = this.exitShare(prev.node)
    const tFree = prev.t + (lt * 1000 * (1 + m.slowFactor)) / 2
    return {
      kind,
      prev: k - 1,
      next: -1,
      dir,
      p: share * timeP * cont,
      t0: Math.min(to, Math.max(from, tFree)),
      t0Lo: prev.t + minTravelS(m, lt) * 1000,
      t0Hi: prev.t + maxTravelS(m, lt, j) * 1000,
      detourS: 0,
      missed: 0,
      share,
      timeP,
      scene: 0
    }
  }

  /** Best placement of the origin among a track's reads, and the reads that contradict it. */
  score(track: Track): ScoredTrack {
    const reads = track.reads
    let best: Fit | null = null
    for (let k = 0; k <= reads.length; k++) {
      const prevR = k > 0 ? reads[k - 1] : null
      const nextR = k < reads.length ? reads[k] : null
      // the vehicle is at the origin inside [from, to]: reads on both sides must allow that
      if (prevR && prevR.t > this.toMs + 5000) break
      if (nextR && nextR.t < this.fromMs - 5000) continue
      const f = this.place(reads, k)
      if (f && f.p > 0 && (!best || f.p > best.p)) best = f
    }
    return { track, fit: best, contradicting: best ? this.contradictions(reads, best) : [] }
  }

  /** Reads near the origin's time that the chosen placement cannot explain as one drive. */
  private contradictions(reads: Read[], fit: Fit): number[] {
    const out: number[] = []
    const m = this.model
    for (let i = 0; i < reads.length; i++) {
      const r = reads[i]
      if (Math.abs(r.t - fit.t0) > this.opt.tripGapS * 1000) continue
      if (i < fit.next || fit.next < 0) {
        if (i > fit.prev && fit.prev >= 0) continue
        // before the origin: must reach it in time
        if (r.t > fit.t0) continue
        const { t: lt } = toOrigin(this.origin, r.node)
        if (!Number.isFinite(lt) || (fit.t0 - r.t) / 1000 < minTravelS(m, lt) - 2) out.push(i)
      } else {
        const { t: lt } = fromOrigin(this.origin, r.node)
        if (!Number.isFinite(lt) || (r.t - fit.t0) / 1000 < minTravelS(m, lt) - 2) out.push(i)
      }
    }
    return out
  }
}

/** A probability updated by a likelihood ratio (as odds), kept below certainty. */
function withRatio(p: number, ratio: number): number {
  if (ratio === 1 || p <= 0) return p
  const q = Math.min(p, 0.995)
  return (q * ratio) / (q * ratio + 1 - q)
}
