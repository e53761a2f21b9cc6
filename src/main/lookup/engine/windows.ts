import type { RoadGraph } from './graph'
import { maxTravelS, minTravelS } from './model'
import type { TravelModel } from './model'
import type { OriginContext } from './origin'
import { treeFromNode, treePath } from './paths'
import type { Fit } from './candidates'
import type { Track } from './tracks'

/** A guess of one pass of the vehicle at a camera: when, how likely, how many cameras into its drive. */
export type PassGuess = {
  cam: number
  lo: number
  hi: number
  /** probability that the vehicle passes this camera inside [lo, hi] (given the guess's premise) */
  prob: number
  /** 1 = first camera after the origin */
  hop: number
}

export type WalkOptions = {
  /** stop after this many cameras */
  maxHops: number
  /** ignore branches less likely than this */
  minProb: number
  /** stop beyond this many limit-seconds */
  horizonS: number
}

type WalkState = { node: number; arcIn: number; lt: number; j: number; prob: number; hops: number }

/**
 * Where a vehicle that leaves `start` (having arrived by arcIn) goes next
 * when nothing else is known: at each junction every way on (except
 * straight back) is equally likely; each camera met is a pass. Windows are
 * [tLo + fastest, tHi + slowest] for the route walked.
 */
export function walkPasses(
  graph: RoadGraph,
  model: TravelModel,
  starts: { node: number; arcIn: number; lt: number; j: number; prob: number }[],
  tLo: number,
  tHi: number,
  hop0: number,
  opt: WalkOptions
): PassGuess[] {
  const out: PassGuess[] = []
  const stack: WalkState[] = starts.map((s) => ({ ...s, hops: hop0 }))
  let guard = 20000
  while (stack.length > 0 && guard-- > 0) {
    const s = stack.pop() as WalkState
    let hops = s.hops
    const cams = graph.nodeCameras[s.node]
    for (const c of cams) {
      hops++
      out.push({
        cam: c,
        lo: tLo + minTravelS(model, s.lt) * 1000,
        hi: tHi + maxTravelS(model, s.lt, s.j) * 1000,
        prob: s.prob,
        hop: hops
      })
    }
    if (hops >= opt.maxHops) continue
    const next: number[] = []
    for (let i = graph.outStart[s.node]; i < graph.outStart[s.node + 1]; i++) {
      const arc = graph.outArcs[i]
      if (
        s.arcIn >= 0 &&
        graph.arcTo[arc] === graph.arcFrom[s.arcIn] &&
        graph.arcLink[arc] === graph.arcLink[s.arcIn]
      )
        continue
      next.push(arc)
    }
    if (next.length === 0) continue // a dead end: the vehicle leaves the network here
    const p = s.prob / next.length
    if (p < opt.minProb) continue
    for (const arc of next) {
      const v = graph.arcTo[arc]
      const lt = s.lt + graph.arcLen[arc] / graph.arcSpeed[arc]
      if (lt > opt.horizonS) continue
      stack.push({
        node: v,
        arcIn: arc,
        lt,
        j: s.j + (graph.nodeDegree[v] >= 3 ? 1 : 0),
        prob: p,
        hops
      })
    }
  }
  return out
}

/**
 * Where a vehicle goes after its last plate read, given that no plate camera
 * read it again (`readUntil(cam)`: up to when reads of that camera were looked
 * for, true time, ms; -Infinity if not at all): a priori every way on at a
 * junction is equally likely (as walkPasses); each way is then weighed by the
 * chance that a drive that way stays unread, a plate camera on it missing the
 * vehicle with missRate. Ways that soon meet a plate camera become unlikely,
 * ways into streets without one likely, and the probabilities are those of
 * the passes given the silence.
 */
export function unreadWalk(
  graph: RoadGraph,
  model: TravelModel,
  start: { node: number; arcIn: number; lt: number; j: number },
  tLo: number,
  tHi: number,
  hop0: number,
  readUntil: (cam: number) => number,
  opt: WalkOptions,
  /** the start is the camera that read it last: not a pass to list again */
  fromRead = false,
  /** walks of one lookup, reused across candidates (keyed by start) */
  cache?: Map<string, PassGuess[]>
): PassGuess[] {
  // when every camera in reach was read past the walk's horizon, the walk
  // does not depend on its times: computed once from time 0 and shifted
  if (
    cache &&
    graph.cameras.every(
      (_, c) => readUntil(c) === -Infinity || readUntil(c) >= tLo + opt.horizonS * 1000
    )
  ) {
    const key = `${start.node}:${start.arcIn}:${start.lt}:${start.j}:${hop0}:${fromRead ? 1 : 0}`
    let rel = cache.get(key)
    if (rel === undefined) {
      const watched = (c: number): number => (readUntil(c) === -Infinity ? -Infinity : Infinity)
      rel = unreadWalk(graph, model, start, 0, 0, hop0, watched, opt, fromRead)
      cache.set(key, rel)
    }
    return rel.map((g) => ({ ...g, lo: g.lo + tLo, hi: g.hi + tHi }))
  }
  const out: { g: PassGuess; prior: number; u: () => number }[] = []
  let budget = 20000
  // returns P(the rest of the drive from this node on stays unread)
  // prior: a-priori chance of driving here; pre: chance the drive here went unread
  const visit = (
    node: number,
    arcIn: number,
    lt: number,
    j: number,
    prior: number,
    pre: number,
    hops: number
  ): number => {
    let local = 1
    const lo = tLo + minTravelS(model, lt) * 1000
    const hi = tHi + maxTravelS(model, lt, j) * 1000
    const mine: { g: PassGuess; prior: number; u: () => number }[] = []
    for (const c of fromRead && node === start.node && lt === start.lt
      ? []
      : graph.nodeCameras[node]) {
      hops++
      if (hops > opt.maxHops) break
      // a plate camera passed while we were reading would most likely have read it
      if (graph.cameras[c].anpr && lo <= readUntil(c)) local *= model.missRate
      mine.push({ g: { cam: c, lo, hi, prob: 0, hop: hops }, prior: prior * pre, u: () => 0 })
    }
    let rest = 1
    if (hops < opt.maxHops && budget-- > 0) {
      const next: number[] = []
      for (let i = graph.outStart[node]; i < graph.outStart[node + 1]; i++) {
        const arc = graph.outArcs[i]
        if (
          arcIn >= 0 &&
          graph.arcTo[arc] === graph.arcFrom[arcIn] &&
          graph.arcLink[arc] === graph.arcLink[arcIn]
        )
          continue
        next.push(arc)
      }
      const p = prior / Math.max(1, next.length)
      if (next.length > 0 && p >= opt.minProb) {
        let sum = 0
        for (const arc of next) {
          const v = graph.arcTo[arc]
          const lt2 = lt + graph.arcLen[arc] / graph.arcSpeed[arc]
          if (lt2 > opt.horizonS) {
            sum += 1
            continue
          }
          sum += visit(v, arc, lt2, j + (graph.nodeDegree[v] >= 3 ? 1 : 0), p, pre * local, hops)
        }
        rest = sum / next.length
      }
    }
    const u = local * rest
    for (const m of mine) {
      m.u = () => u
      out.push(m)
    }
    return u
  }
  const z = visit(start.node, start.arcIn, start.lt, start.j, 1, 1, hop0)
  if (z <= 0) return []
  return out.map((o) => ({ ...o.g, prob: (o.prior * o.u()) / z }))
}

/** The origin's ways out, for walks: one start per allowed direction. */
export function originStarts(
  graph: RoadGraph,
  origin: OriginContext
): { node: number; arcIn: number; lt: number; j: number; prob: number }[] {
  const n = origin.dirs.length
  return origin.dirs.map((d) => ({
    node: d.aheadNode,
    arcIn: d.arc,
    lt: d.aheadS,
    j: graph.nodeDegree[d.aheadNode] >= 3 ? 1 : 0,
    prob: 1 / Math.max(1, n)
  }))
}

export type PredictOptions = {
  maxHops: number
  /** half-width of the window around a read, seconds */
  readPadS: number
  /** extra half-width at a camera whose clock offset was corrected, seconds */
  offsetPadS: number
  /** chance that the drive goes on past its last read (vs ends or leaves the map) */
  continueProb: number
  /** confidence that the reconstructed route between two reads is the one driven */
  routeProb: number
  walk: WalkOptions
}

/**
 * The passes of a candidate whose reads fit a drive through the origin: the
 * cameras on the fastest routes between its reads (windows bounded from both
 * ends), its reads themselves, then a walk from its last read.
 */
export function predictPasses(
  graph: RoadGraph,
  model: TravelModel,
  origin: OriginContext,
  track: Track,
  fit: Fit,
  offsets: ReadonlyMap<string, number>,
  fromMs: number,
  toMs: number,
  opt: PredictOptions,
  /** up to when reads of a camera were looked for (true time, ms; -Infinity: not at all) */
  readUntil: (cam: number) => number = () => -Infinity,
  /** walks reused across the candidates of one lookup */
  cache?: Map<string, PassGuess[]>
): PassGuess[] {
  const out: PassGuess[] = []
  let hops = 0
  const d = origin.dirs[fit.dir]
  let aLo = Math.max(fromMs, Math.min(fit.t0Lo, fit.t0))
  let aHi = Math.min(toMs, Math.max(fit.t0Hi, fit.t0))
  if (aHi < aLo) aLo = aHi = Math.min(toMs, Math.max(fromMs, fit.t0))
  let aNode = -1 // -1: the origin itself
  let arcIn = d.arc
  let prob = opt.routeProb
  const reads = track.reads
  const pad = (cam: number): number =>
    (opt.readPadS + (offsets.has(graph.cameras[cam].code) ? opt.offsetPadS : 0)) * 1000

  if (fit.next >= 0) {
    for (let k = fit.next; k < reads.length && hops < opt.maxHops; k++) {
      const w = reads[k]
      const tree = aNode < 0 ? d.ahead : treeFromNode(graph, aNode)
      const total = tree.time[w.node]
      if (!Number.isFinite(total)) break
      const dt = (w.t - aHi) / 1000
      if (k > fit.next && dt > maxTravelS(model, total, tree.junctions[w.node]) + 60) break // a stop: the drive ended
      const path =
        aNode < 0 ? treePath(graph, tree, w.node) : treePath(graph, tree, w.node).slice(1)
      for (const n of path) {
        if (hops >= opt.maxHops) break
        const lt = tree.time[n]
        const j = tree.junctions[n]
        const rest = total - lt
        for (const c of graph.nodeCameras[n]) {
          hops++
          if (n === w.node) {
            const p = pad(c === w.cam ? w.cam : c)
            out.push({ cam: c, lo: w.t - p, hi: w.t + p, prob, hop: hops })
          } else {
            const restJ = tree.junctions[w.node] - j
            let lo = Math.max(
              aLo + minTravelS(model, lt) * 1000,
              w.t - maxTravelS(model, rest, restJ) * 1000
            )
            let hi = Math.min(
              aHi + maxTravelS(model, lt, j) * 1000,
              w.t - minTravelS(model, rest) * 1000
            )
            if (hi < lo) lo = hi = (lo + hi) / 2
            lo -= 2000
            hi += 2000
            out.push({ cam: c, lo, hi, prob, hop: hops })
          }
        }
        if (n === w.node) break
      }
      // the arc into the read, to forbid a U-turn when walking on
      arcIn = tree.via[w.node] >= 0 ? tree.via[w.node] : arcIn
      aNode = w.node
      aLo = aHi = w.t
      prob *= 0.98
    }
  }
  if (hops < opt.maxHops) {
    // on from the last read (or from the origin, when it was read only
    // before): the plate cameras that did not read it again say where it
    // did not go
    const cont = aNode < 0 ? 1 : opt.continueProb
    const guesses =
      aNode < 0
        ? unreadWalk(
            graph,
            model,
            {
              node: d.aheadNode,
              arcIn: d.arc,
              lt: d.aheadS,
              j: graph.nodeDegree[d.aheadNode] >= 3 ? 1 : 0
            },
            aLo,
            aHi,
            hops,
            readUntil,
            opt.walk,
            false,
            cache
          )
        : unreadWalk(
            graph,
            model,
            { node: aNode, arcIn, lt: 0, j: 0 },
            aLo - 3000,
            aHi + 3000,
            hops,
            readUntil,
            opt.walk,
            true,
            cache
          )
    for (const g of guesses) out.push({ ...g, prob: g.prob * prob * cont })
  }
  return out
}

export type Proposal = PassGuess & { value: number; plate: string | null }

export type ChosenWindow = {
  cam: number
  lo: number
  hi: number
  value: number
  hop: number
  route: boolean
  plates: string[]
}

/**
 * Windows by probability per camera-minute. Each proposal spreads its value
 * evenly over [lo, hi]; at each camera the proposals add up, so a stretch of
 * time that many candidates may pass in is worth their sum, not the best one
 * alone. The stretches between the proposals' ends are taken densest first
 * (the fractional knapsack, which greedy solves) until the density falls
 * below minDensity (probability per minute) or the minutes run out; touching
 * stretches of one camera make one window.
 */
export function selectWindows(
  proposals: Proposal[],
  minDensity: number,
  maxMinutes: number
): ChosenWindow[] {
  const byCam = new Map<number, Proposal[]>()
  for (const p of proposals) {
    if (!(p.hi > p.lo) || !(p.value > 0)) continue
    const l = byCam.get(p.cam)
    if (l) l.push(p)
    else byCam.set(p.cam, [p])
  }
  type Piece = { cam: number; lo: number; hi: number; density: number; props: Proposal[] }
  const pieces: Piece[] = []
  for (const [cam, list] of byCam) {
    // sweep over the proposals' ends: density per ms between two ends
    const ev: { t: number; d: number; p: Proposal }[] = []
    for (const p of list) {
      const d = p.value / Math.max(p.hi - p.lo, 1000)
      ev.push({ t: p.lo, d, p }, { t: p.hi, d: -d, p })
    }
    ev.sort((a, b) => a.t - b.t || a.d - b.d)
    const open = new Set<Proposal>()
    let dens = 0
    for (let i = 0; i < ev.length; i++) {
      const e = ev[i]
      dens += e.d
      if (e.d > 0) open.add(e.p)
      else open.delete(e.p)
      const next = ev[i + 1]
      if (!next || next.t <= e.t || open.size === 0 || dens <= 0) continue
      pieces.push({ cam, lo: e.t, hi: next.t, density: dens * 60000, props: [...open] })
    }
  }
  pieces.sort((a, b) => b.density - a.density || a.cam - b.cam || a.lo - b.lo)
  const taken = new Map<number, Piece[]>()
  let minutes = 0
  for (const pc of pieces) {
    if (pc.density < minDensity) break
    const len = (pc.hi - pc.lo) / 60000
    if (minutes + len > maxMinutes) continue
    minutes += len
    const l = taken.get(pc.cam)
    if (l) l.push(pc)
    else taken.set(pc.cam, [pc])
  }
  const out: ChosenWindow[] = []
  for (const [cam, list] of taken) {
    list.sort((a, b) => a.lo - b.lo)
    let cur: (ChosenWindow & { props: Set<Proposal> }) | null = null
    const flush = (): void => {
      if (!cur) return
      const { props, ...w } = cur
      for (const p of props) if (p.plate && !w.plates.includes(p.plate)) w.plates.push(p.plate)
      out.push(w)
    }
    for (const pc of list) {
      const value = (pc.density * (pc.hi - pc.lo)) / 60000
      if (cur && pc.lo <= cur.hi) {
        cur.hi = Math.max(cur.hi, pc.hi)
        cur.value += value
      } else {
        flush()
        cur = {
          cam,
          lo: pc.lo,
          hi: pc.hi,
          value,
          hop: Infinity,
          route: false,
          plates: [],
          props: new Set()
        }
      }
      for (const p of pc.props) {
        cur.props.add(p)
        cur.hop = Math.min(cur.hop, p.hop)
        cur.route = cur.route || p.plate === null
      }
    }
    flush()
  }
  return out
}

/**
 * Probability that a vehicle leaving the origin (every way on equally likely
 * at each junction) meets each plate camera first; a camera may miss it, so
 * the walk goes on past a plate camera with the miss rate.
 */
export function firstPlateCameraProbs(
  graph: RoadGraph,
  model: TravelModel,
  origin: OriginContext,
  opt: WalkOptions
): Map<number, number> {
  const out = new Map<number, number>()
  const anpr = new Uint8Array(graph.nodeX.length)
  for (const c of graph.cameras) if (c.anpr && c.node >= 0) anpr[c.node] = 1
  const stack = originStarts(graph, origin).map((s) => ({
    node: s.node,
    arcIn: s.arcIn,
    lt: s.lt,
    prob: s.prob,
    depth: 0
  }))
  let guard = 20000
  while (stack.length > 0 && guard-- > 0) {
    const s = stack.pop() as {
      node: number
      arcIn: number
      lt: number
      prob: number
      depth: number
    }
    let prob = s.prob
    if (anpr[s.node]) {
      out.set(s.node, (out.get(s.node) ?? 0) + prob * (1 - model.missRate))
      prob *= model.missRate
    }
    const next: number[] = []
    for (let i = graph.outStart[s.node]; i < graph.outStart[s.node + 1]; i++) {
      const arc = graph.outArcs[i]
      if (
        graph.arcTo[arc] === graph.arcFrom[s.arcIn] &&
        graph.arcLink[arc] === graph.arcLink[s.arcIn]
      )
        continue
      next.push(arc)
    }
    if (next.length === 0) continue
    const p = prob / next.length
    if (p < opt.minProb / 4 || s.depth > 12) continue
    for (const arc of next) {
      const lt = s.lt + graph.arcLen[arc] / graph.arcSpeed[arc]
      if (lt > opt.horizonS) continue
      stack.push({ node: graph.arcTo[arc], arcIn: arc, lt, prob: p, depth: s.depth + 1 })
    }
  }
  return out
}
