import type { Fit, ScoredTrack } from './candidates'
import type { RoadGraph } from './graph'
import { maxTravelS, minTravelS, travelProb } from './model'
import type { TravelModel } from './model'
import type { OriginContext } from './origin'
import { anprNodes, shortestPaths, treeFromNode, treePath } from './paths'
import type { PathTree } from './paths'
import type { TrafficStats } from './traffic'
import type { Read, Track } from './tracks'

/**
 * Where a vehicle passing the origin in one direction is read next (forward)
 * or was read last (reverse), when nothing else is known: at each junction
 * every way on except straight back is equally likely; a plate camera reads
 * it with 1 - missRate and otherwise it drives on. `none` is the share that
 * meets no plate camera within the horizon: it ends (or, reversed, starts)
 * its trip at a dead end (map edge, car park) or drives out of reach first.
 */
export type CameraWalk = { at: Map<number, number>; none: number }

export function plateWalk(
  graph: RoadGraph,
  startNode: number,
  arcIn: number,
  startLt: number,
  reverse: boolean,
  missRate: number,
  horizonS: number,
  minProb = 1e-4
): CameraWalk {
  const anpr = anprNodes(graph)
  const at = new Map<number, number>()
  let none = 0
  const stack: { node: number; arc: number; lt: number; prob: number; depth: number }[] = [
    { node: startNode, arc: arcIn, lt: startLt, prob: 1, depth: 0 }
  ]
  const start = reverse ? graph.inStart : graph.outStart
  const arcs = reverse ? graph.inArcs : graph.outArcs
  const other = reverse ? graph.arcFrom : graph.arcTo
  let guard = 50000
  while (stack.length > 0 && guard-- > 0) {
    const s = stack.pop() as { node: number; arc: number; lt: number; prob: number; depth: number }
    let prob = s.prob
    if (anpr[s.node]) {
      at.set(s.node, (at.get(s.node) ?? 0) + prob * (1 - missRate))
      prob *= missRate
    }
    const next: number[] = []
    for (let i = start[s.node]; i < start[s.node + 1]; i++) {
      const arc = arcs[i]
      if (s.arc >= 0 && graph.arcLink[arc] === graph.arcLink[s.arc]) continue // straight back
      next.push(arc)
    }
    if (next.length === 0) {
      none += prob
      continue
    }
    const p = prob / next.length
    for (const arc of next) {
      const lt = s.lt + graph.arcLen[arc] / graph.arcSpeed[arc]
      if (lt > horizonS || p < minProb || s.depth > 40) {
        none += p
        continue
      }
      stack.push({ node: other[arc], arc, lt, prob: p, depth: s.depth + 1 })
    }
  }
  return { at, none }
}

export type LikelihoodOptions = {
  /** prior share of incident vehicles that set off right at the scene (pulling out, leaving a car park) */
  startShare: number
  /** reads further apart than this are different trips, seconds */
  gapS: number
  /** horizon of the camera walks, limit-seconds */
  walkHorizonS: number
  /** tolerated excess of a route through the origin over the fastest one, seconds */
  detourTolS: number
  /** scale of the route-choice penalty for a longer detour, seconds */
  detourScaleS: number
  /** half-width of a read's time uncertainty (jitter), seconds */
  jitterS: number
  /** prior share of a camera's reads going to a camera never seen after it */
  movePrior: number
}

export const DEFAULT_LIKELIHOOD: LikelihoodOptions = {
  startShare: 0.5,
  gapS: 300,
  walkHorizonS: 200,
  detourTolS: 3,
  detourScaleS: 8,
  jitterS: 3,
  movePrior: 0.02
}

/**
 * Candidates by likelihood ratio: P(reads | the vehicle passed the origin at
 * a time in [from, to]) against P(reads | an ordinary vehicle of this
 * traffic). The origin is placed between each two consecutive reads (or
 * before the first / after the last of a trip) and the best placement counts:
 *
 * - between A and B: the vehicle came from A (reverse walk from the origin),
 *   went on to B (forward walk), the leg A→O→B took dt, the origin time falls
 *   in the window; against the share of A's reads that go to B next (learned)
 *   and the leg time on the direct route;
 * - first read B: it set off at the scene (startShare) or drove through
 *   with no read before (reverse walk reaching no plate camera), was read
 *   first at B, in time; against the rate of first reads at B (learned);
 * - last read A: likewise against the rate of last reads at A.
 *
 * Ratios are comparable across tracks: each is a density of the observed
 * pattern under the two hypotheses.
 */
export class LikelihoodScorer {
  private fwd: CameraWalk[]
  private rev: CameraWalk[]
  private windowS: number
  /** per direction: fastest routes to / from the origin that pass no plate camera on the way */
  private clean: { behind: PathTree; ahead: PathTree }[]

  constructor(
    private readonly graph: RoadGraph,
    private readonly origin: OriginContext,
    private readonly fromMs: number,
    private readonly toMs: number,
    private readonly model: TravelModel,
    private readonly stats: TrafficStats,
    private readonly opt: LikelihoodOptions
  ) {
    this.fwd = origin.dirs.map((d) =>
      plateWalk(graph, d.aheadNode, d.arc, d.aheadS, false, model.missRate, opt.walkHorizonS)
    )
    this.rev = origin.dirs.map((d) =>
      plateWalk(graph, d.behindNode, d.arc, d.behindS, true, model.missRate, opt.walkHorizonS)
    )
    this.windowS = Math.max(1, (toMs - fromMs) / 1000)
    const anpr = anprNodes(graph)
    const terminal = (n: number): boolean => anpr[n] === 1
    const maxTimeS = opt.walkHorizonS * 2
    this.clean = origin.dirs.map((d) => ({
      behind: shortestPaths(graph, [{ node: d.behindNode, costS: d.behindS, distM: 0 }], {
        reverse: true,
        terminal,
        maxTimeS
      }),
      ahead: shortestPaths(graph, [{ node: d.aheadNode, costS: d.aheadS, distM: 0 }], {
        terminal,
        maxTimeS
      })
    }))
    this.flow = this.flowAtOrigin()
  }

  /** vehicles per second through the origin (both directions), from the camera-to-camera moves around it */
  private flow: number

  flowAtOrigin(): number {
    const st = this.stats
    const cams = this.graph.cameras
    let readBoth = 0
    for (const [key, n] of st.moves) {
      const a = cams[Math.floor(key / st.nCam)].node
      const b = cams[key % st.nCam].node
      for (let di = 0; di < this.origin.dirs.length; di++) {
        const share = this.routeShare(di, a, b, false)
        if (share <= 0) continue
        readBoth += (n / st.spanS) * share
      }
    }
    let detect = 0
    for (let di = 0; di < this.origin.dirs.length; di++) {
      detect += (1 - this.rev[di].none) * (1 - this.fwd[di].none)
    }
    detect /= Math.max(1, this.origin.dirs.length)
    const m = 1 - this.model.missRate
    return Math.max(readBoth / Math.max(0.05, detect * m * m), 1 / st.spanS)
  }

  /** P(first plate camera after the origin is the one at node n | direction) */
  firstProb(dir: number, node: number): number {
    return this.fwd[dir].at.get(node) ?? 0
  }

  private routeWeight(excess: number): number {
    return Math.exp(-Math.max(0, excess - this.opt.detourTolS) / this.opt.detourScaleS)
  }

  /** ANPR cameras strictly between a and b on the route a → O → b in direction dir */
  private missedVia(dir: number, aNode: number, bNode: number): number {
    const d = this.origin.dirs[dir]
    const anpr = anprNodes(this.graph)
    let m = 0
    for (const n of treePath(this.graph, d.behind, aNode, true)) if (n !== aNode && anpr[n]) m++
    for (const n of treePath(this.graph, d.ahead, bNode)) if (n !== bNode && anpr[n]) m++
    return m
  }

  private missedDirect(aNode: number, bNode: number): number {
    const anpr = anprNodes(this.graph)
    let m = 0
    for (const n of treePath(this.graph, treeFromNode(this.graph, aNode), bNode))
      if (n !== aNode && n !== bNode && anpr[n]) m++
    return m
  }

  /**
   * Share of the vehicles read at a then next at b that drove through the
   * origin (direction dir): drivers take the fastest route, so it is 1 when
   * the origin lies on it (within a tolerance: ties in a grid), else the
   * route through the origin competes with the direct one by its extra time
   * and by the reads its cameras would have had to miss.
   */
  routeShare(dir: number, aNode: number, bNode: number, withMisses: boolean): number {
    const d = this.origin.dirs[dir]
    const via = d.behind.time[aNode] + d.ahead.time[bNode]
    if (!Number.isFinite(via)) return 0
    const direct = treeFromNode(this.graph, aNode).time[bNode]
    const tol = this.opt.detourTolS + 0.05 * direct
    const rw = (x: number): number =>
      x <= tol ? 1 : this.routeWeight(x - tol + this.opt.detourTolS)
    if (!withMisses) return via - direct <= tol ? 1 : rw(via - direct) / (rw(via - direct) + 1)
    const miss = this.model.missRate
    // the fastest route through the origin may cross plate cameras that did not read the
    // vehicle; a route that avoids them (a tie in a grid) needs no miss
    const clean = this.clean[dir].behind.time[aNode] + this.clean[dir].ahead.time[bNode]
    const wVia = Math.max(
      rw(via - direct) * Math.pow(miss, this.missedVia(dir, aNode, bNode)),
      rw(clean - direct)
    )
    const wDir = Math.pow(miss, this.missedDirect(aNode, bNode))
    if (via - direct <= tol) return Math.min(1, wVia / Math.max(wVia, wDir))
    return wVia / (wVia + wDir)
  }

  private both(reads: Read[], k: number): Fit | null {
    const a = reads[k - 1]
    const b = reads[k]
    const m = this.model
    const dt = (b.t - a.t) / 1000
    let best: Fit | null = null
    let total = 0
    const ltDirect = treeFromNode(this.graph, a.node).time[b.node]
    this.origin.dirs.forEach((d, di) => {
      const tIn = d.behind.time[a.node]
      const tOut = d.ahead.time[b.node]
      if (!Number.isFinite(tIn) || !Number.isFinite(tOut)) return
      const jIn = d.behind.junctions[a.node]
      const jOut = d.ahead.junctions[b.node]
      const lt = tIn + tOut
      if (dt < minTravelS(m, lt) - this.opt.jitterS) return
      if (dt > maxTravelS(m, lt, jIn + jOut) + 60) return // a stop between: handled as two trips
      const share = this.routeShare(di, a.node, b.node, true)
      if (share <= 0) return
      // the origin time: split the leg in proportion to limit time, bounded by the fastest/slowest legs
      const t0 = a.t + (dt * 1000 * tIn) / Math.max(lt, 1e-6)
      const lo = Math.max(a.t + minTravelS(m, tIn) * 1000, b.t - maxTravelS(m, tOut, jOut) * 1000)
      const hi = Math.min(a.t + maxTravelS(m, tIn, jIn) * 1000, b.t - minTravelS(m, tOut) * 1000)
      const t0Lo = Math.min(lo, t0)
      const t0Hi = Math.max(hi, t0)
      const pad = this.opt.jitterS * 1000
      const span = t0Hi - t0Lo + 2 * pad
      const timeP =
        Math.max(0, Math.min(this.toMs, t0Hi + pad) - Math.max(this.fromMs, t0Lo - pad)) / span
      if (timeP <= 0) return
      const l1 = ((1 - this.opt.startShare) * share * timeP) / (this.flow * this.windowS)
      total += l1
      if (!best || l1 > best.p) {
        best = {
          kind: 'both',
          prev: k - 1,
          next: k,
          dir: di,
          p: l1,
          t0: Math.min(this.toMs, Math.max(this.fromMs, t0)),
          t0Lo,
          t0Hi,
          detourS: Number.isFinite(ltDirect) ? Math.max(0, lt - ltDirect) : 0,
          missed: 0,
          share,
          timeP,
          scene: 0
        }
      }
    })
    if (!best) return null
    const fit = best as Fit
    fit.p = total
    return fit
  }

  private after(reads: Read[], k: number): Fit | null {
    const b = reads[k]
    const m = this.model
    const nd = this.origin.dirs.length
    let best: Fit | null = null
    let total = 0
    // the route must go on the way the later reads went
    const c = reads[k + 1]
    const goesOn = c !== undefined && c.node !== b.node && c.t - b.t < this.opt.gapS * 1000
    this.origin.dirs.forEach((d, di) => {
      const lt = d.ahead.time[b.node]
      if (!Number.isFinite(lt)) return
      const j = d.ahead.junctions[b.node]
      const qb = Math.max(this.fwd[di].at.get(b.node) ?? 0, 1e-4)
      const h = this.opt.jitterS
      const timeP = travelProb(
        m,
        lt,
        j,
        (b.t - this.toMs) / 1000 - h,
        (b.t - this.fromMs) / 1000 + h
      )
      if (timeP <= 0) return
      let cont = 1
      if (goesOn) {
        const excess = lt + treeFromNode(this.graph, b.node).time[c.node] - d.ahead.time[c.node]
        cont = Number.isFinite(excess) ? this.routeWeight(excess) : 0.01
      }
      const start = this.opt.startShare + (1 - this.opt.startShare) * this.rev[di].none
      const l1 = (start * qb * timeP * cont) / (nd * this.windowS)
      total += l1
      if (!best || l1 > best.p) {
        const tFree = b.t - (lt * 1000 * (1 + m.slowFactor)) / 2
        best = {
          kind: 'after',
          prev: -1,
          next: k,
          dir: di,
          p: l1,
          t0: Math.min(this.toMs, Math.max(this.fromMs, tFree)),
          t0Lo: b.t - maxTravelS(m, lt, j) * 1000,
          t0Hi: b.t - minTravelS(m, lt) * 1000,
          detourS: 0,
          missed: 0,
          share: qb,
          timeP,
          scene: (l1 * this.opt.startShare) / Math.max(start, 1e-9)
        }
      }
    })
    if (!best) return null
    const fit = best as Fit
    const l0 = Math.max(this.stats.firsts[b.cam], 0.5 / this.stats.spanS)
    fit.p = total / l0
    return fit
  }

  private before(reads: Read[], k: number): Fit | null {
    const a = reads[k - 1]
    const m = this.model
    const nd = this.origin.dirs.length
    let best: Fit | null = null
    let total = 0
    this.origin.dirs.forEach((d, di) => {
      const lt = d.behind.time[a.node]
      if (!Number.isFinite(lt)) return
      const j = d.behind.junctions[a.node]
      const qa = Math.max(this.rev[di].at.get(a.node) ?? 0, 1e-4)
      const h = this.opt.jitterS
      const timeP = travelProb(
        m,
        lt,
        j,
        (this.fromMs - a.t) / 1000 - h,
        (this.toMs - a.t) / 1000 + h
      )
      if (timeP <= 0) return
      const l1 = ((1 - this.opt.startShare) * qa * this.fwd[di].none * timeP) / (nd * this.windowS)
      total += l1
      if (!best || l1 > best.p) {
        const tFree = a.t + (lt * 1000 * (1 + m.slowFactor)) / 2
        best = {
          kind: 'before',
          prev: k - 1,
          next: -1,
          dir: di,
          p: l1,
          t0: Math.min(this.toMs, Math.max(this.fromMs, tFree)),
          t0Lo: a.t + minTravelS(m, lt) * 1000,
          t0Hi: a.t + maxTravelS(m, lt, j) * 1000,
          detourS: 0,
          missed: 0,
          share: qa,
          timeP,
          scene: 0
        }
      }
    })
    if (!best) return null
    const fit = best as Fit
    const l0 = Math.max(this.stats.lasts[a.cam], 0.5 / this.stats.spanS)
    fit.p = total / l0
    return fit
  }

  /** Best placement of the origin among a track's reads (p = likelihood ratio). */
  score(track: Track): ScoredTrack {
    const reads = track.reads
    const gapMs = this.opt.gapS * 1000
    let best: Fit | null = null
    for (let k = 0; k <= reads.length; k++) {
      const prevR = k > 0 ? reads[k - 1] : null
      const nextR = k < reads.length ? reads[k] : null
      if (prevR && prevR.t > this.toMs + 5000) break
      if (nextR && nextR.t < this.fromMs - 5000) continue
      const cands: (Fit | null)[] = []
      if (prevR && nextR && nextR.t - prevR.t <= gapMs) cands.push(this.both(reads, k))
      else {
        if (nextR && (!prevR || nextR.t - prevR.t > gapMs)) cands.push(this.after(reads, k))
        if (prevR && (!nextR || nextR.t - prevR.t > gapMs)) cands.push(this.before(reads, k))
      }
      for (const f of cands) if (f && f.p > 0 && (!best || f.p > best.p)) best = f
    }
    return { track, fit: best, contradicting: [] }
  }
}
