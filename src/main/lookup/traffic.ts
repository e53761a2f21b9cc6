import type { Sighting } from '../../shared/domain/sighting'
import type { RoadGraph } from './graph'
import type { SightingStore } from './memoryStore'

/**
 * What the plate reads themselves say about ordinary traffic, per plate
 * camera: how often it reads a vehicle, how often that read is the first of
 * a trip (no read of the plate in the `gapS` before), the last, and where the
 * vehicles it reads are read next. These are the background rates against
 * which the lookup weighs a candidate: a vehicle whose reads are a common
 * pattern here (a camera where many trips start, a busy camera-to-camera
 * move) is one of many that fit, a rare pattern singles it out.
 */
export type TrafficStats = {
  /** seconds the counts cover */
  spanS: number
  gapS: number
  /** per camera index: reads, first reads of a trip, last reads */
  reads: Float64Array
  firsts: Float64Array
  lasts: Float64Array
  /** consecutive reads of a plate, camera a then camera b (a != b): key a * nCam + b */
  moves: Map<number, number>
  nCam: number
}

/** Counts from the reads of a period (any order, any cameras). */
export function trafficStats(
  graph: RoadGraph,
  sightings: readonly Sighting[],
  offsets: ReadonlyMap<string, number>,
  fromMs: number,
  toMs: number,
  gapS = 300
): TrafficStats {
  const nCam = graph.cameras.length
  const reads = new Float64Array(nCam)
  const firsts = new Float64Array(nCam)
  const lasts = new Float64Array(nCam)
  const moves = new Map<number, number>()
  const byPlate = new Map<string, { cam: number; t: number }[]>()
  for (const s of sightings) {
    const cam = graph.cameraIndex.get(s.cameraCode)
    if (cam === undefined) continue
    const t = s.ts - (offsets.get(s.cameraCode) ?? 0)
    const l = byPlate.get(s.plate)
    if (l) l.push({ cam, t })
    else byPlate.set(s.plate, [{ cam, t }])
  }
  const gapMs = gapS * 1000
  // a trip's first (last) read is only known as such if the period covers the gap before (after) it
  const spanFirst = Math.max(1, (toMs - fromMs - gapMs) / 1000)
  for (const l of byPlate.values()) {
    if (l.length > 1) l.sort((a, b) => a.t - b.t)
    for (let i = 0; i < l.length; i++) {
      const r = l[i]
      reads[r.cam]++
      const prev = i > 0 ? l[i - 1] : null
      const next = i + 1 < l.length ? l[i + 1] : null
      if ((!prev || r.t - prev.t > gapMs) && r.t - fromMs > gapMs) firsts[r.cam]++
      if ((!next || next.t - r.t > gapMs) && toMs - r.t > gapMs) lasts[r.cam]++
      if (next && next.t - r.t <= gapMs && next.cam !== r.cam) {
        const key = r.cam * nCam + next.cam
        moves.set(key, (moves.get(key) ?? 0) + 1)
      }
    }
  }
  const spanS = Math.max(1, (toMs - fromMs) / 1000)
  // per second; first/last over the part of the period where they can be told
  for (let c = 0; c < nCam; c++) {
    reads[c] /= spanS
    firsts[c] /= spanFirst
    lasts[c] /= spanFirst
  }
  return { spanS, gapS, reads, firsts, lasts, moves, nCam }
}

/** Share of the reads at camera a whose next read (within the gap) is at camera b, smoothed. */
export function moveShare(st: TrafficStats, a: number, b: number, prior: number): number {
  const n = st.moves.get(a * st.nCam + b) ?? 0
  const total = st.reads[a] * st.spanS
  const alpha = 2
  return (n + alpha * prior) / (total + alpha)
}

const HOUR = 3600_000
const cache = new WeakMap<object, Map<string, TrafficStats>>()

/**
 * Traffic counts around a query time: the reads of all plate cameras in the
 * hour bucket of `atMs` and the hour either side. Cached per store and bucket
 * (the counts are a background model: reads arriving later change them
 * little); a few buckets are kept.
 */
export function trafficAround(
  graph: RoadGraph,
  store: SightingStore,
  offsets: ReadonlyMap<string, number>,
  atMs: number,
  gapS = 300
): TrafficStats {
  let perStore = cache.get(store)
  if (!perStore) {
    perStore = new Map()
    cache.set(store, perStore)
  }
  const bucket = Math.floor(atMs / HOUR)
  const key = `${bucket}:${gapS}:${graph.cameras.length}`
  const hit = perStore.get(key)
  if (hit) return hit
  const codes = graph.cameras.filter((c) => c.anpr && c.node >= 0).map((c) => c.code)
  let maxOff = 0
  for (const v of offsets.values()) maxOff = Math.max(maxOff, Math.abs(v))
  const from = (bucket - 1) * HOUR
  const to = (bucket + 2) * HOUR
  const rows = store.inRange(codes, from - maxOff, to + maxOff)
  // the data may cover less than the three hours: count over what it covers
  let lo = Infinity
  let hi = -Infinity
  for (const s of rows) {
    if (s.ts < lo) lo = s.ts
    if (s.ts > hi) hi = s.ts
  }
  const st =
    rows.length > 0
      ? trafficStats(graph, rows, offsets, Math.max(from, lo), Math.min(to, hi), gapS)
      : trafficStats(graph, [], offsets, from, to, gapS)
  if (perStore.size >= 6) perStore.delete(perStore.keys().next().value as string)
  perStore.set(key, st)
  return st
}
