import type { Sighting } from '../../../shared/domain/sighting'
import type { RoadGraph } from './graph'
import { treeFromNode } from './paths'

/**
 * Camera clock offsets from the plates themselves. A vehicle read at camera
 * A and at camera B needs at least the free-flow time between them in either
 * direction, so the true differences t_B - t_A leave an empty gap around 0,
 * (-min time B→A, +min time A→B), with the free-flow vehicles piled up at its
 * edges. If B's clock runs δ ahead of A's, the whole picture is shifted by δ:
 * finding the gap (which needs no knowledge of which way each vehicle went,
 * so a fast clock reordering the reads does no harm) measures o_B - o_A for
 * the pair. A robust (median) solve over all pairs recovers every camera's
 * offset, anchored so that the typical camera keeps true time.
 */

export type ClockOptions = {
  /** only pairs of cameras this close (limit-time seconds) are used */
  maxPairLimitS?: number
  /** reads of one plate further apart than this are different trips */
  maxGapS?: number
  /** largest offset searched for, seconds */
  maxOffsetS?: number
  /** fastest plausible speed as a multiple of the limit (sets the gap) */
  fastFactor?: number
  /** camera pairs with fewer joint reads are ignored */
  minPairs?: number
  /** offsets smaller than this (ms) are reported as 0 */
  minReportMs?: number
}

const DEFAULTS: Required<ClockOptions> = {
  maxPairLimitS: 90,
  maxGapS: 300,
  maxOffsetS: 120,
  fastFactor: 1.4,
  minPairs: 8,
  minReportMs: 3000
}

function quantileOf(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b)
  const pos = q * (s.length - 1)
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return s[lo] + (s[hi] - s[lo]) * (pos - lo)
}

const STEP_S = 0.25

/**
 * For every shift δ = o_B - o_A of one camera pair, on a grid of STEP_S from
 * -maxOffsetS: how many of its reads would fall inside the gap (a drive
 * faster than possible in either direction).
 */
function pairInside(
  d: readonly number[],
  minF: number,
  minB: number,
  maxOffsetS: number
): Float64Array {
  const n = Math.round((2 * maxOffsetS) / STEP_S) + 1
  const out = new Float64Array(n)
  // difference array over the shifts that put each read inside (x - minF, x + minB)
  const diff = new Float64Array(n + 1)
  for (const x of d) {
    const lo = Math.ceil((x - minF + maxOffsetS) / STEP_S + 1e-9)
    const hi = Math.floor((x + minB + maxOffsetS) / STEP_S - 1e-9)
    const a = Math.max(0, lo)
    const b = Math.min(n - 1, hi)
    if (a > b) continue
    diff[a] += 1
    diff[b + 1] -= 1
  }
  let acc = 0
  for (let k = 0; k < n; k++) {
    acc += diff[k]
    out[k] = acc
  }
  return out
}

/** ms, camera clock minus true time, for ANPR cameras whose offset is at least minReportMs. */
export function estimateClockOffsets(
  graph: RoadGraph,
  sightings: Iterable<Sighting>,
  options: ClockOptions = {}
): Map<string, number> {
  const opt = { ...DEFAULTS, ...options }
  const nCam = graph.cameras.length
  const perPlate = new Map<string, { cam: number[]; ts: number[] }>()
  for (const s of sightings) {
    const c = graph.cameraIndex.get(s.cameraCode)
    if (c === undefined || graph.cameras[c].node < 0) continue
    let e = perPlate.get(s.plate)
    if (!e) {
      e = { cam: [], ts: [] }
      perPlate.set(s.plate, e)
    }
    e.cam.push(c)
    e.ts.push(s.ts)
  }
  const limitBetween = (a: number, b: number): number =>
    treeFromNode(graph, graph.cameras[a].node).time[graph.cameras[b].node]
  const near = (a: number, b: number): boolean =>
    Math.min(limitBetween(a, b), limitBetween(b, a)) <= opt.maxPairLimitS

  // recorded differences per unordered pair (a < b): t_b - t_a, seconds
  const diffs = new Map<number, number[]>()
  const gapMs = opt.maxGapS * 1000
  const nearCache = new Map<number, boolean>()
  for (const { cam, ts } of perPlate.values()) {
    for (let i = 0; i < cam.length; i++) {
      for (let j = i + 1; j < cam.length; j++) {
        if (cam[i] === cam[j] || Math.abs(ts[j] - ts[i]) > gapMs) continue
        const [a, b, d] =
          cam[i] < cam[j] ? [cam[i], cam[j], ts[j] - ts[i]] : [cam[j], cam[i], ts[i] - ts[j]]
        const key = a * nCam + b
        let ok = nearCache.get(key)
        if (ok === undefined) {
          ok = near(a, b)
          nearCache.set(key, ok)
        }
        if (!ok) continue
        let list = diffs.get(key)
        if (!list) {
          list = []
          diffs.set(key, list)
        }
        list.push(d / 1000)
      }
    }
  }

  type Pair = { a: number; b: number; inside: Float64Array; n: number }
  const pairsOf: Pair[][] = Array.from({ length: nCam }, () => [])
  for (const [key, d] of diffs) {
    if (d.length < opt.minPairs) continue
    const a = Math.floor(key / nCam)
    const b = key % nCam
    const ltF = limitBetween(a, b)
    const ltB = limitBetween(b, a)
    const minF = Number.isFinite(ltF) ? Math.max(0, ltF / opt.fastFactor - 2) : Infinity
    const minB = Number.isFinite(ltB) ? Math.max(0, ltB / opt.fastFactor - 2) : Infinity
    // a gap narrower than the read jitter cannot be located
    if (minF + minB < 6) continue
    const inside = pairInside(d, minF, minB, opt.maxOffsetS)
    const p = { a, b, inside, n: d.length }
    pairsOf[a].push(p)
    pairsOf[b].push(p)
  }

  // each camera in turn takes the shift that best explains all its pairs given
  // its neighbours' current offsets; a shift must beat "no offset" clearly
  const nGrid = Math.round((2 * opt.maxOffsetS) / STEP_S) + 1
  const zero = Math.round(opt.maxOffsetS / STEP_S)
  const off = new Int32Array(nCam) // grid steps
  for (let round = 0; round < 6; round++) {
    let changed = 0
    for (let x = 0; x < nCam; x++) {
      if (pairsOf[x].length === 0) continue
      const totals = new Float64Array(nGrid)
      let best = Infinity
      let reads = 0
      for (const p of pairsOf[x]) reads += p.n
      for (let k = -zero; k <= zero; k++) {
        let total = 0
        for (const p of pairsOf[x]) {
          // δ_ab = o_b - o_a with o_x = k
          const idx = p.a === x ? off[p.b] - k + zero : k - off[p.a] + zero
          total += idx >= 0 && idx < nGrid ? p.inside[idx] : p.n
        }
        totals[k + zero] = total
        if (total < best) best = total
      }
      // a few reads always break the bounds (jitter, odd drivers): every shift
      // within a small tolerance of the best is as good, and the answer is the
      // middle of that stretch (or no shift at all when it includes zero)
      const tolerance = Math.max(1, 0.005 * reads)
      let bestK = 0
      let bestDist = Infinity
      for (let i = 0; i < nGrid;) {
        if (totals[i] > best + tolerance) {
          i++
          continue
        }
        let j = i
        while (j + 1 < nGrid && totals[j + 1] <= best + tolerance) j++
        let mid: number
        if (i <= zero && zero <= j) mid = 0
        else if (i === 0)
          mid = j - zero // open towards the grid's end: take the bound nearest zero
        else if (j === nGrid - 1) mid = i - zero
        else mid = Math.round((i + j) / 2) - zero
        if (Math.abs(mid) < bestDist) {
          bestDist = Math.abs(mid)
          bestK = mid
        }
        i = j + 1
      }
      // a shift must explain clearly more reads than keeping the clock as it is
      const next = totals[zero] - totals[bestK + zero] >= Math.max(5, 0.03 * reads) ? bestK : 0
      if (next !== off[x]) changed++
      off[x] = next
    }
    if (changed === 0) break
  }
  const solved = [...off].filter((_, c) => pairsOf[c].length > 0)
  const med = solved.length > 0 ? quantileOf(solved, 0.5) : 0
  const out = new Map<string, number>()
  graph.cameras.forEach((c, i) => {
    const ms = Math.round((off[i] - med) * STEP_S * 1000)
    if (c.anpr && Math.abs(ms) >= opt.minReportMs) out.set(c.code, ms)
  })
  return out
}
