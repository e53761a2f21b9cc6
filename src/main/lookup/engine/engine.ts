import type {
  LookupCandidate,
  LookupEvidence,
  LookupHintMatch,
  LookupHints,
  LookupOrigin,
  LookupQuery,
  LookupReason,
  LookupResult,
  LookupWindow
} from '../../../shared/lookup/types'
import { sightingAttributes } from '../../../shared/domain/sighting'
import type { Sighting } from '../../../shared/domain/sighting'
import { arcBearings, attributePriors, weighHints } from './attributes'
import type { HintWeighing } from './attributes'
import { DEFAULT_SCORING, Scorer } from './candidates'
import type { ScoredTrack, ScoringOptions } from './candidates'
import { snapToGraph, toLngLat } from './graph'
import type { RoadGraph } from './graph'
import type { SightingStore } from './memoryStore'
import { DEFAULT_TRAVEL_MODEL } from './model'
import type { TravelModel } from './model'
import { fromOrigin, makeOrigin, toOrigin } from './origin'
import { buildTracks } from './tracks'
import { originStarts, predictPasses, selectWindows, walkPasses } from './windows'
import type { PassGuess, PredictOptions, Proposal } from './windows'

export type LookupOptions = {
  /** ms, camera clock minus true time (estimateClockOffsets); absent cameras keep true time */
  clockOffsets?: ReadonlyMap<string, number>
  travel?: Partial<TravelModel>
  scoring?: Partial<ScoringOptions>
  predict?: Partial<PredictOptions>
  /** a click farther than this from every road finds no origin, metres (default 200) */
  snapMaxM?: number
  /** plate cameras this close to the origin (limit-seconds, either way) are read (default 300) */
  reachS?: number
  /** reads this long before `from` / after `to` are considered, seconds (default 360) */
  readMarginS?: number
  /** candidates listed (default 150: in a district-sized window hundreds fit, and the one sought is rarely further down) */
  maxCandidates?: number
  /** candidates less likely than this to have passed the origin are dropped (default 0.002) */
  minCandidateP?: number
  /**
   * prior share of incidents where the vehicle sets off from the scene, as a
   * mixture apart from the traffic (default 0: firstReadWeight carries it)
   */
  sceneShare?: number
  /**
   * weight of a vehicle first read after the point (nothing before it on this
   * drive) against through traffic read on both sides (default 3). Vehicles
   * sought set off near the scene more often than their share of the
   * traffic: among the incidents of sample-city the vehicle sought was such a
   * vehicle 4.1 times as often as the chances of passing give, on big-city
   * 3.7 times.
   */
  firstReadWeight?: number
  /**
   * weight of a vehicle read before the point and never after it (default
   * 0.2): the vehicle sought drove on past cameras, so one that no plate
   * camera read again is less likely it (0.17 / 0.15 of the chances on
   * sample-city / big-city)
   */
  unreadAfterWeight?: number
  /** expected share of vehicles never read near the origin, per vehicle that is (default 0.1) */
  unseenRate?: number
  /** pseudo-count of an unseen vehicle when few vehicles fit (default 0.1) */
  unseenPrior?: number
  /** candidates less likely than this propose no windows (default 0.0005) */
  windowCandidateP?: number
  /** least weight of the speed-bound (no plate) windows (default 0.1) */
  routeFloor?: number
  /** weight multiplier for first passes: the first camera matters most (default 4) */
  firstPassBoost?: number
  /** windows must cover at least this probability per camera-minute (default 0.002) */
  minDensity?: number
  /** hard cap on the summed window length, minutes (default 60: an operator's review budget) */
  maxReviewMinutes?: number
}

const DEFAULT_PREDICT: PredictOptions = {
  maxHops: 6,
  readPadS: 3.5,
  offsetPadS: 3,
  continueProb: 0.7,
  routeProb: 0.9,
  walk: { maxHops: 6, minProb: 0.02, horizonS: 300 }
}

function emptyResult(query: LookupQuery, origin: LookupOrigin, t0: number): LookupResult {
  return {
    query,
    origin,
    windows: [],
    candidates: [],
    stats: { sightingsScanned: 0, platesConsidered: 0, elapsedMs: performance.now() - t0 }
  }
}

/**
 * Cameras to review and candidate vehicles for a vehicle that was at
 * (lat, lng) some time in [fromMs, toMs]. Pure: reads only the graph and the
 * store.
 */
export function lookup(
  graph: RoadGraph,
  store: SightingStore,
  query: LookupQuery,
  options: LookupOptions = {}
): LookupResult {
  const started = performance.now()
  const model: TravelModel = { ...DEFAULT_TRAVEL_MODEL, ...options.travel }
  const scoring: ScoringOptions = { ...DEFAULT_SCORING, ...options.scoring }
  const predict: PredictOptions = { ...DEFAULT_PREDICT, ...options.predict }
  const offsets = options.clockOffsets ?? new Map<string, number>()
  const reachS = options.reachS ?? 300
  const marginMs = (options.readMarginS ?? 360) * 1000
  const { fromMs, toMs } = query

  const snap = snapToGraph(graph, query.lng, query.lat, options.snapMaxM ?? 200)
  if (!snap) {
    return emptyResult(
      query,
      {
        lat: query.lat,
        lng: query.lng,
        road: null,
        roadId: null,
        roadKind: null,
        snappedLat: query.lat,
        snappedLng: query.lng,
        snappedM: 0,
        directions: 0
      },
      started
    )
  }
  const link = graph.links[snap.link]
  const road = graph.roads[link.road]
  const [sLng, sLat] = toLngLat(graph, snap.x, snap.y)
  const originInfo: LookupOrigin = {
    lat: query.lat,
    lng: query.lng,
    road: road.name || null,
    roadId: road.externalId,
    roadKind: road.kind,
    snappedLat: sLat,
    snappedLng: sLng,
    snappedM: Math.round(snap.distM * 10) / 10,
    directions: 0
  }
  const origin = makeOrigin(graph, snap, reachS + scoring.catchmentS)
  originInfo.directions = origin.dirs.length
  if (origin.dirs.length === 0) return emptyResult(query, originInfo, started)

  // --- reads near the origin, in time and space ---
  const codes: string[] = []
  let maxOffset = 0
  for (const c of graph.cameras) {
    if (!c.anpr || c.node < 0) continue
    if (Math.min(fromOrigin(origin, c.node).t, toOrigin(origin, c.node).t) > reachS) continue
    codes.push(c.code)
    maxOffset = Math.max(maxOffset, Math.abs(offsets.get(c.code) ?? 0))
  }
  const sightings = store.inRange(codes, fromMs - marginMs - maxOffset, toMs + marginMs + maxOffset)
  const watched = new Set(codes.map((c) => graph.cameraIndex.get(c)))
  const readUntil = (cam: number): number => (watched.has(cam) ? toMs + marginMs : -Infinity)
  const walkCache = new Map<string, PassGuess[]>()
  const tracks = buildTracks(graph, sightings, offsets, model, { mergeWindowS: scoring.tripGapS })

  // --- candidates ---
  const scored: ScoredTrack[] = []
  const { post, unseenPost } = pathPosterior(
    graph,
    origin,
    fromMs,
    toMs,
    model,
    scoring,
    tracks,
    scored,
    options
  )
  const hinted = weighCandidates(graph, origin, query, sightings, scored, post, unseenPost)
  const postOf = (s: ScoredTrack): number => post.get(s) ?? 0
  scored.sort(
    (a, b) =>
      postOf(b) - postOf(a) ||
      b.track.reads.length - a.track.reads.length ||
      (a.track.plate < b.track.plate ? -1 : a.track.plate > b.track.plate ? 1 : 0)
  )
  const top = scored.slice(0, options.maxCandidates ?? 150)

  // --- windows ---
  const boost = options.firstPassBoost ?? 4
  const proposals: Proposal[] = []
  for (const s of scored) {
    const fit = s.fit
    if (!fit) continue
    const pi = postOf(s)
    if (pi < (options.windowCandidateP ?? 0.0005)) break
    for (const g of predictPasses(
      graph,
      model,
      origin,
      s.track,
      fit,
      offsets,
      fromMs,
      toMs,
      predict,
      readUntil,
      walkCache
    )) {
      proposals.push({ ...g, value: pi * g.prob * (g.hop === 1 ? boost : 1), plate: s.track.plate })
    }
  }
  const routeWeight = Math.max(unseenPost, options.routeFloor ?? 0.1)
  for (const g of walkPasses(
    graph,
    model,
    originStarts(graph, origin),
    fromMs,
    toMs,
    0,
    predict.walk
  )) {
    proposals.push({ ...g, value: routeWeight * g.prob * (g.hop === 1 ? boost : 1), plate: null })
  }
  const chosen = selectWindows(
    proposals,
    options.minDensity ?? 0.002,
    options.maxReviewMinutes ?? 60
  )
  chosen.sort((a, b) => a.lo - b.lo || a.cam - b.cam)
  const windows: LookupWindow[] = chosen.map((w) => {
    const cam = graph.cameras[w.cam]
    const off = offsets.get(cam.code) ?? 0
    const dist = Math.min(...origin.dirs.map((d) => d.ahead.distM[cam.node]))
    return {
      cameraCode: cam.code,
      cameraName: cam.name,
      anpr: cam.anpr,
      fromMs: Math.round(w.lo),
      toMs: Math.round(w.hi),
      cameraFromMs: Math.round(w.lo + off),
      cameraToMs: Math.round(w.hi + off),
      distanceM: Number.isFinite(dist) ? Math.round(dist) : -1,
      hops: w.hop,
      source: w.route ? 'route' : 'candidate',
      probability: Math.min(1, Math.round(w.value * 1000) / 1000),
      plates: w.plates
    }
  })

  // candidates the reads cannot tell apart: equal chances (within 1 %), next
  // to each other after the sort. The operator is told; the video decides.
  const tiedWith = (i: number): number => {
    const p = postOf(scored[i])
    if (p <= 0) return 0
    const same = (j: number): boolean => Math.abs(postOf(scored[j]) - p) <= 0.01 * p
    let a = i
    let b = i
    while (a > 0 && same(a - 1)) a--
    while (b < scored.length - 1 && same(b + 1)) b++
    return b - a
  }
  const candidates = top.map((s, i) =>
    describe(
      graph,
      s,
      i,
      postOf(s),
      tiedWith(i),
      windows,
      offsets,
      scoring.tripGapS,
      hinted.get(s) ?? null,
      query.hints ?? {}
    )
  )
  return {
    query,
    origin: originInfo,
    windows,
    candidates,
    stats: {
      sightingsScanned: sightings.length,
      platesConsidered: tracks.length,
      elapsedMs: performance.now() - started
    }
  }
}

/** The default ranking: P(reads fit a drive through the origin in the window), mixed with a start at the scene. */
function pathPosterior(
  graph: RoadGraph,
  origin: ReturnType<typeof makeOrigin>,
  fromMs: number,
  toMs: number,
  model: TravelModel,
  scoring: ScoringOptions,
  tracks: ReturnType<typeof buildTracks>,
  scored: ScoredTrack[],
  options: LookupOptions
): { post: Map<ScoredTrack, number>; unseenPost: number } {
  const scorer = new Scorer(graph, origin, fromMs, toMs, model, scoring)
  const minP = options.minCandidateP ?? 0.002
  for (const t of tracks) {
    const s = scorer.score(t)
    if (s.fit && s.fit.p >= minP) scored.push(s)
  }
  // every vehicle that passed the point in the window could be the one
  // sought, weighed by how its drive relates to the point: first read after
  // it (set off nearby: a car pulling out, leaving a car park), read on both
  // sides (through traffic), or never read after it. Optionally, sceneShare
  // sets apart a mixture of vehicles that started right behind the point.
  const beta = options.sceneShare ?? 0
  const kindWeight = {
    both: 1,
    after: options.firstReadWeight ?? 3,
    before: options.unreadAfterWeight ?? 0.2
  }
  const pOf = (s: ScoredTrack): number => (s.fit ? s.fit.p * kindWeight[s.fit.kind] : 0)
  const sceneOf = new Map<ScoredTrack, number>()
  for (const s of scored) if (s.fit && s.fit.scene > 0) sceneOf.set(s, s.fit.scene)
  const sumP = scored.reduce((a, s) => a + pOf(s), 0)
  const sumScene = [...sceneOf.values()].reduce((a, b) => a + b, 0)
  const unseen = (options.unseenRate ?? 0.1) * sumP + (options.unseenPrior ?? 0.1)
  const unseenScene = (options.unseenRate ?? 0.1) * sumScene + (options.unseenPrior ?? 0.1)
  const post = new Map<ScoredTrack, number>()
  for (const s of scored) {
    post.set(
      s,
      ((1 - beta) * pOf(s)) / (sumP + unseen) +
        (beta * (sceneOf.get(s) ?? 0)) / (sumScene + unseenScene)
    )
  }
  const unseenPost =
    ((1 - beta) * unseen) / (sumP + unseen) + (beta * unseenScene) / (sumScene + unseenScene)
  return { post, unseenPost }
}

/** Bearing (radians clockwise from north) of the way `dir` at the origin point. */
function originBearing(
  graph: RoadGraph,
  origin: ReturnType<typeof makeOrigin>,
  dir: number
): number {
  const d = origin.dirs[dir]
  const link = graph.links[origin.point.link]
  let i = 1
  while (i < link.cum.length - 1 && link.cum[i] < origin.point.offsetM) i++
  const b = Math.atan2(link.xs[i] - link.xs[i - 1], link.ys[i] - link.ys[i - 1])
  // geometry runs a → b; the other way is the reverse bearing
  if (d.arc === link.fwd) return b
  return b + Math.PI
}

/**
 * The hints as likelihoods: each candidate's chance is multiplied by
 * P(hints | it) over the mean of that over all vehicles read near the
 * origin (the baseline a vehicle never read would have), then all chances
 * are normalised again. A wrong hint costs a candidate a factor, never its
 * place in the list.
 */
function weighCandidates(
  graph: RoadGraph,
  origin: ReturnType<typeof makeOrigin>,
  query: LookupQuery,
  sightings: readonly Sighting[],
  scored: ScoredTrack[],
  post: Map<ScoredTrack, number>,
  unseenPost: number
): Map<ScoredTrack, HintWeighing> {
  const out = new Map<ScoredTrack, HintWeighing>()
  const hints = query.hints ?? {}
  if (Object.values(hints).every((v) => v === undefined)) return out
  arcBearings(graph)
  const priors = attributePriors(sightings)
  let sum = 0
  for (const s of scored) {
    const w = weighHints(
      hints,
      {
        plate: s.track.plate,
        reads: s.track.reads.map((r) => r.s),
        bearing: s.fit ? originBearing(graph, origin, s.fit.dir) : null
      },
      priors
    )
    out.set(s, w)
    sum += w.likelihood
  }
  if (sum <= 0) return out
  const mean = sum / scored.length
  let total = unseenPost
  for (const s of scored) {
    const p = (post.get(s) ?? 0) * ((out.get(s) as HintWeighing).likelihood / mean)
    post.set(s, p)
    total += p
  }
  for (const s of scored) post.set(s, (post.get(s) ?? 0) / total)
  return out
}

function describe(
  graph: RoadGraph,
  s: ScoredTrack,
  index: number,
  posterior: number,
  tied: number,
  windows: LookupWindow[],
  offsets: ReadonlyMap<string, number>,
  tripGapS: number,
  hints: HintWeighing | null,
  told: LookupHints
): LookupCandidate {
  const fit = s.fit as NonNullable<ScoredTrack['fit']>
  const reads = s.track.reads
  const contra = new Set(s.contradicting)
  const evidence: LookupEvidence[] = []
  const matched = new Set<number>()
  reads.forEach((r, i) => {
    if (Math.abs(r.t - fit.t0) > tripGapS * 1000) return
    const code = graph.cameras[r.cam].code
    const wi = windows.findIndex((w) => w.cameraCode === code && r.t >= w.fromMs && r.t <= w.toMs)
    if (wi >= 0) matched.add(wi)
    evidence.push({
      cameraCode: code,
      ts: r.s.ts,
      trueTs: r.t,
      plate: r.s.plate,
      confidence: r.s.confidence,
      ...sightingAttributes(r.s),
      fuzzy: r.fuzzy,
      lookAlike: r.lookAlike,
      role: r.t < fit.t0 ? 'before' : 'after',
      windowIndex: wi >= 0 ? wi : null,
      consistent: !contra.has(i)
    })
  })
  const reasons: LookupReason[] = []
  const near = (x: number): number => Math.round(x * 10) / 10
  if (matched.size > 0) reasons.push({ code: 'matched_windows', params: { count: matched.size } })
  reasons.push({
    code: 'path_consistent',
    params: { time: Math.round(fit.t0), spreadS: near((fit.t0Hi - fit.t0Lo) / 2000) }
  })
  if (fit.prev >= 0) {
    const r = reads[fit.prev]
    reasons.push({
      code: 'seen_before_on_route',
      params: { camera: graph.cameras[r.cam].code, beforeS: near((fit.t0 - r.t) / 1000) }
    })
  }
  if (fit.kind === 'after') {
    const r = reads[fit.next]
    reasons.push({
      code: 'first_seen_after_origin',
      params: { camera: graph.cameras[r.cam].code, afterS: near((r.t - fit.t0) / 1000) }
    })
  }
  if (fit.detourS > 3 && fit.prev >= 0) {
    reasons.push({
      code: 'detour',
      params: { camera: graph.cameras[reads[fit.prev].cam].code, detourS: near(fit.detourS) }
    })
  }
  if (fit.missed > 0) reasons.push({ code: 'missed_reads', params: { count: fit.missed } })
  for (const r of reads) {
    if (r.fuzzy) {
      reasons.push({
        code: 'fuzzy_plate',
        params: {
          variant: r.s.plate,
          camera: graph.cameras[r.cam].code,
          lookAlike: r.lookAlike ? 1 : 0
        }
      })
    }
  }
  const corrected = new Set<string>()
  for (const e of evidence) {
    const off = offsets.get(e.cameraCode)
    if (off && !corrected.has(e.cameraCode)) {
      corrected.add(e.cameraCode)
      reasons.push({
        code: 'clock_corrected',
        params: { camera: e.cameraCode, offsetS: near(off / 1000) }
      })
    }
  }
  for (const i of s.contradicting)
    reasons.push({
      code: 'contradicting_sighting',
      params: { camera: graph.cameras[reads[i].cam].code }
    })
  if (evidence.length === 1) reasons.push({ code: 'single_sighting', params: {} })
  if (tied > 0) reasons.push({ code: 'equally_likely', params: { count: tied } })
  for (const m of hints?.matches ?? []) {
    if (m.verdict === 'unknown') continue
    reasons.push({
      code: m.verdict === 'match' ? 'hint_match' : 'hint_contradict',
      params: { hint: m.hint, seen: m.seen ?? '', value: told[m.hint] ?? '' }
    })
  }
  return {
    plate: s.track.plate,
    score: Math.round(posterior * 1000) / 1000,
    rank: index + 1,
    originMs: Math.round(fit.t0),
    originFromMs: Math.round(fit.t0Lo),
    originToMs: Math.round(fit.t0Hi),
    matchedWindows: matched.size,
    pathConsistency: Math.round(fit.p * 1000) / 1000,
    fuzzyMatched: reads.some((r) => r.fuzzy),
    plateVariants: s.track.variants,
    contradictions: s.contradicting.length,
    sightings: evidence,
    hintMatches: hints?.matches ?? [],
    reasons
  }
}

/** ISO 8601 with the given UTC offset and milliseconds: 2026-06-01T14:03:10.000+08:00. */
export function formatIso(ms: number, tzOffsetMinutes = 480): string {
  const d = new Date(Math.round(ms) + tzOffsetMinutes * 60000)
  const p = (n: number, w = 2): string => String(n).padStart(w, '0')
  const sign = tzOffsetMinutes >= 0 ? '+' : '-'
  const abs = Math.abs(tzOffsetMinutes)
  return (
    `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}` +
    `T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}` +
    `${sign}${p(Math.floor(abs / 60))}:${p(abs % 60)}`
  )
}

export type LookupJson = {
  origin: { lat: number; lng: number; road: string | null; snapped_m: number }
  windows: {
    camera_code: string
    from: string
    to: string
    distance_m: number
    hops: number
    camera_from: string
    camera_to: string
    source: string
    probability: number
  }[]
  candidates: {
    plate: string
    score: number
    sightings: { camera_code: string; ts: string; plate: string; confidence: number | null }[]
    hint_matches: LookupHintMatch[]
    reasons: LookupReason[]
  }[]
}

/** The `watchroom lookup --json` shape of DESIGN.md (plus a few extra fields). */
export function toLookupJson(result: LookupResult, tzOffsetMinutes = 480): LookupJson {
  const iso = (ms: number): string => formatIso(ms, tzOffsetMinutes)
  return {
    origin: {
      lat: result.origin.snappedLat,
      lng: result.origin.snappedLng,
      road: result.origin.road,
      snapped_m: result.origin.snappedM
    },
    windows: result.windows.map((w) => ({
      camera_code: w.cameraCode,
      from: iso(w.fromMs),
      to: iso(w.toMs),
      distance_m: w.distanceM,
      hops: w.hops,
      camera_from: iso(w.cameraFromMs),
      camera_to: iso(w.cameraToMs),
      source: w.source,
      probability: w.probability
    })),
    candidates: result.candidates.map((c) => ({
      plate: c.plate,
      score: c.score,
      sightings: c.sightings.map((e) => ({
        camera_code: e.cameraCode,
        ts: iso(e.ts),
        plate: e.plate,
        confidence: e.confidence
      })),
      hint_matches: c.hintMatches,
      reasons: c.reasons
    }))
  }
}
