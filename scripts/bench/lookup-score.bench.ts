/**
 * In-process twin of bench/score-lookup.py: builds the lookup engine on a
 * dataset directory and prints the same metrics (same definitions: tol 0,
 * review minutes = summed window lengths per query, averaged), plus lookup
 * latency and the estimated camera clock offsets against meta.json.
 *
 *   npx tsx scripts/bench/lookup-score.bench.ts [datasetDir] [--out results.json] [--limit N]
 *     [--offset K] (start at the K-th incident) [--no-hints] [--quick] (no budget lines, no bound) [--no-bound]
 *     [--opts '{"sceneShare":0.3}'] (LookupOptions)
 */
import { writeFileSync } from 'node:fs'
import { buildRoadGraph } from '../../src/main/lookup/engine/graph'
import { estimateClockOffsets } from '../../src/main/lookup/engine/clock'
import { lookup, toLookupJson } from '../../src/main/lookup/engine/engine'
import type { LookupOptions } from '../../src/main/lookup/engine/engine'
import { createMemorySightingStore } from '../../src/main/lookup/engine/memoryStore'
import { loadDataset, parseIso } from './dataset'

const EARTH_R = 6371008.8

function groundM(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const k = (EARTH_R * Math.PI) / 180
  const dx = (lng2 - lng1) * k * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180)
  return Math.hypot(dx, (lat2 - lat1) * k)
}

/** Nearest-rank percentile, as the Python scorer. */
function pctl(xs: number[], p: number): number | null {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1))]
}

function main(): void {
  const args = process.argv.slice(2)
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name)
    return i >= 0 ? args[i + 1] : undefined
  }
  const positional = args.filter(
    (a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--'))
  )
  const dir = positional[0] ?? 'tests/fixtures/sample-city'
  const out = flag('--out')
  const limit = flag('--limit') ? Number(flag('--limit')) : undefined
  const optsJson = flag('--opts')
  const extra = optsJson ? (JSON.parse(optsJson) as LookupOptions) : {}
  const noHints = args.includes('--no-hints')
  // --quick: the ranking and the default windows only (no budget lines, no bound)
  const quick = args.includes('--quick')
  // --no-bound: the budget lines but not the bound (slow on a district-sized window)
  const noBound = quick || args.includes('--no-bound')
  const offset = flag('--offset') ? Number(flag('--offset')) : 0

  const ds = loadDataset(dir)
  const queries = ds.queries.slice(offset, limit ? offset + limit : undefined)
  const t0 = performance.now()
  const graph = buildRoadGraph(ds.roads, ds.cameras)
  const tGraph = performance.now() - t0
  const store = createMemorySightingStore(ds.sightings)
  const tStore = performance.now() - t0 - tGraph
  const offsets = estimateClockOffsets(graph, ds.sightings)
  const tClock = performance.now() - t0 - tGraph - tStore

  const anpr = new Set(ds.cameras.filter((c) => c.anpr).map((c) => c.code))
  const tot: Record<string, [number, number]> = {}
  for (const k of ['all', 'first', 'anpr', 'listed', 'mid_edge', 'parking', 'base_all'])
    tot[k] = [0, 0]
  const review: number[] = []
  const baseMin: number[] = []
  const ranks: (number | null)[] = []
  const groups: { hinted: boolean; narrow: boolean }[] = []
  const nCands: number[] = []
  const lat: number[] = []
  // CPU time of this process per lookup: what a lookup costs on a machine of its own
  const cpu: number[] = []
  const perQ: unknown[] = []
  for (const q of queries) {
    const t1 = performance.now()
    const c1 = process.cpuUsage()
    const res = lookup(
      graph,
      store,
      { lat: q.lat, lng: q.lng, fromMs: q.fromMs, toMs: q.toMs, hints: noHints ? {} : q.hints },
      { clockOffsets: offsets, ...extra }
    )
    lat.push(performance.now() - t1)
    const dc = process.cpuUsage(c1)
    cpu.push((dc.user + dc.system) / 1000)
    const json = toLookupJson(res)
    // read back exactly what the CLI would print
    const wins = json.windows.map((w) => ({
      code: w.camera_code,
      f: parseIso(w.from) / 1000,
      t: parseIso(w.to) / 1000
    }))
    const plates = json.candidates.map((c) => c.plate)
    const byCam = new Map<string, { f: number; t: number }[]>()
    for (const w of wins) byCam.set(w.code, [...(byCam.get(w.code) ?? []), w])
    const qFrom = q.fromMs / 1000
    const qTo = q.toMs / 1000
    const baseCams = ds.cameras
      .filter((c) => groundM(q.lat, q.lng, c.lat, c.lng) <= 1000)
      .map((c) => c.code)
    const hits: boolean[] = []
    q.truth.passes.forEach((p, i) => {
      const ts = p.ts / 1000
      const hit = (byCam.get(p.cameraCode) ?? []).some((w) => w.f <= ts && ts <= w.t)
      hits.push(hit)
      const keys = new Set(['all', q.kind === 'mid_edge' || q.kind === 'parking' ? q.kind : 'all'])
      if (i === 0) keys.add('first')
      if (anpr.has(p.cameraCode)) keys.add('anpr')
      for (const k of keys) {
        tot[k][0] += hit ? 1 : 0
        tot[k][1] += 1
      }
      tot.listed[0] += byCam.has(p.cameraCode) ? 1 : 0
      tot.listed[1] += 1
      tot.base_all[0] += baseCams.includes(p.cameraCode) && qFrom <= ts && ts <= qTo + 600 ? 1 : 0
      tot.base_all[1] += 1
    })
    const rmin = wins.reduce((a, w) => a + (w.t - w.f), 0) / 60
    review.push(rmin)
    baseMin.push((baseCams.length * (qTo - qFrom + 600)) / 60)
    const r = plates.indexOf(q.truth.plate)
    ranks.push(r >= 0 ? r + 1 : null)
    groups.push({
      hinted: !noHints && Object.keys(q.hints).length > 0,
      narrow: q.toMs - q.fromMs <= 240_000
    })
    nCands.push(plates.length)
    perQ.push({
      id: q.id,
      kind: q.kind,
      review_min: Math.round(rmin * 100) / 100,
      n_windows: wins.length,
      pass_hits: hits,
      passes: q.truth.passes.map((p) => p.cameraCode),
      truth_plate: q.truth.plate,
      rank: r >= 0 ? r + 1 : null,
      n_candidates: plates.length,
      allc: res.candidates.map((c) => ({
        plate: c.plate,
        p: c.pathConsistency,
        k: c.reasons.some((x) => x.code === 'first_seen_after_origin')
          ? 'A'
          : c.reasons.some((x) => x.code === 'seen_before_on_route')
            ? 'B'
            : '?'
      })),
      top: res.candidates.slice(0, 5).map((c) => ({
        plate: c.plate,
        score: c.score,
        p: c.pathConsistency,
        reasons: c.reasons.map((x) => x.code)
      })),
      truth_candidate: res.candidates.find((c) => c.plate === q.truth.plate) ?? null,
      windows: json.windows.map((w) => ({
        cam: w.camera_code,
        from: w.from.slice(11, 23),
        to: w.to.slice(11, 23),
        hops: w.hops,
        src: w.source,
        p: w.probability
      })),
      truth: q.truth.passes.map((p) => ({
        cam: p.cameraCode,
        ts: new Date(p.ts + 8 * 3600e3).toISOString().slice(11, 23)
      })),
      incident: new Date(q.truth.incidentMs + 8 * 3600e3).toISOString().slice(11, 23),
      latency_ms: Math.round(lat[lat.length - 1] * 100) / 100
    })
  }
  const frac = (k: string): number | null => (tot[k][1] ? tot[k][0] / tot[k][1] : null)
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
  const n = queries.length
  const f3 = (x: number | null): string => (x === null ? '-' : x.toFixed(3))
  const f1 = (x: number | null): string => (x === null ? '-' : x.toFixed(1))
  const m = {
    window_recall: frac('all'),
    first_pass_recall: frac('first'),
    anpr_pass_recall: frac('anpr'),
    window_recall_mid_edge: frac('mid_edge'),
    window_recall_parking: frac('parking'),
    camera_listed_rate: frac('listed'),
    review_minutes: mean(review),
    baseline_minutes: mean(baseMin),
    baseline_window_recall: frac('base_all'),
    top1: ranks.filter((r) => r === 1).length / n,
    top5: ranks.filter((r) => r !== null && r <= 5).length / n,
    mrr: ranks.reduce((a: number, r) => a + (r ? 1 / r : 0), 0) / n,
    truth_plate_listed: ranks.filter((r) => r !== null).length / n,
    candidates_median: pctl(nCands, 50),
    latency_median_ms: pctl(lat, 50),
    cpu_median_ms: pctl(cpu, 50),
    cpu_p95_ms: pctl(cpu, 95),
    latency_p95_ms: pctl(lat, 95),
    latency_max_ms: Math.max(...lat)
  }
  console.log(
    `dataset  ${dir}  (${n} queries, ${ds.cameras.length} cameras / ${anpr.size} anpr, ${ds.sightings.length} sightings)`
  )
  console.log(
    `build    graph ${tGraph.toFixed(0)} ms | store ${tStore.toFixed(0)} ms | clock offsets ${tClock.toFixed(0)} ms`
  )
  console.log(
    `lookup   median ${f1(m.latency_median_ms)} ms  p95 ${f1(m.latency_p95_ms)} ms  max ${f1(m.latency_max_ms)} ms (in-process); CPU median ${f1(m.cpu_median_ms)} ms  p95 ${f1(m.cpu_p95_ms)} ms`
  )
  console.log(
    `windows  recall ${f3(m.window_recall)} (${tot.all[0]}/${tot.all[1]})  first ${f3(m.first_pass_recall)}  anpr ${f3(m.anpr_pass_recall)}  | mid_edge ${f3(m.window_recall_mid_edge)}  parking ${f3(m.window_recall_parking)}  camera listed ${f3(m.camera_listed_rate)}  [tol 0 s]`
  )
  console.log(
    `review   ${f1(m.review_minutes)} cam-min/query; baseline ${f1(m.baseline_minutes)} (<=1000 m, to+10 min, recall ${f3(m.baseline_window_recall)}); baseline/review ${f1(m.baseline_minutes / m.review_minutes)}x`
  )
  console.log(
    `plates   top1 ${f3(m.top1)}  top5 ${f3(m.top5)}  MRR ${f3(m.mrr)}  listed ${f3(m.truth_plate_listed)}  (median ${m.candidates_median} candidates)`
  )
  const group = (sel: (g: { hinted: boolean; narrow: boolean }) => boolean): string => {
    const rs = ranks.filter((_, i) => sel(groups[i]))
    const k = rs.length
    const t1 = rs.filter((r) => r === 1).length / Math.max(k, 1)
    const t5 = rs.filter((r) => r !== null && r <= 5).length / Math.max(k, 1)
    return `top1 ${f3(t1)} top5 ${f3(t5)} (n ${k})`
  }
  console.log(
    `         with hints ${group((g) => g.hinted)} | none ${group((g) => !g.hinted)} | 3-min window ${group((g) => g.narrow)}`
  )
  const truth = ds.meta.noise_truth?.clock_offset_s ?? {}
  const codes = new Set([...Object.keys(truth), ...offsets.keys()])
  // How far any ranking can go on these reads: other vehicles that certainly
  // drove through the point inside [from, to] (reads on both sides, the point
  // on the fastest route between them, the feasible pass time wholly inside
  // the window, nothing contradicting) cannot be told from the one sought by
  // reads alone, nor can those read exactly like it (below). If the one sought
  // is any of k + 1 such vehicles, a ranking finds it first 1 / (k + 1) of
  // the time at best. Other vehicles that may have passed are not counted, so
  // the bounds are optimistic.
  // Recall at a review budget: each query's windows chosen best-first up to
  // B camera-minutes (no density floor), then the recall and minutes spent.
  for (const budget of quick ? [] : [30, 60, 120]) {
    let hit = 0
    let all = 0
    let minutes = 0
    for (const q of queries) {
      const res = lookup(
        graph,
        store,
        { lat: q.lat, lng: q.lng, fromMs: q.fromMs, toMs: q.toMs, hints: noHints ? {} : q.hints },
        { clockOffsets: offsets, ...extra, minDensity: 0, maxReviewMinutes: budget }
      )
      for (const p of q.truth.passes) {
        all++
        if (
          res.windows.some(
            (w) => w.cameraCode === p.cameraCode && w.fromMs <= p.ts && p.ts <= w.toMs
          )
        )
          hit++
      }
      minutes += res.windows.reduce((a, w) => a + (w.toMs - w.fromMs) / 60_000, 0)
    }
    console.log(
      `budget   ${budget} cam-min/query: window recall ${f3(hit / all)} (${f1(minutes / queries.length)} cam-min used on average)`
    )
  }
  const passers: number[] = []
  let bound1 = 0
  let bound5 = 0
  for (const q of noBound ? [] : queries) {
    const res = lookup(
      graph,
      store,
      { lat: q.lat, lng: q.lng, fromMs: q.fromMs, toMs: q.toMs },
      { clockOffsets: offsets, ...extra, maxCandidates: 100000, minCandidateP: 0 }
    )
    const certain = res.candidates.filter(
      (c) =>
        c.plate !== q.truth.plate &&
        c.pathConsistency >= 0.99 &&
        c.contradictions === 0 &&
        c.originFromMs >= q.fromMs &&
        c.originToMs <= q.toMs
    ).length
    // and when the vehicle sought was first read after the point: others with
    // the same pattern (nothing before, first read at the same camera at a
    // time that puts them at the point inside the window with the same lag,
    // the same next camera) are exchangeable with it
    let twins = 0
    const truthC = res.candidates.find((c) => c.plate === q.truth.plate)
    const after = (c: (typeof res.candidates)[number]): typeof c.sightings =>
      c.sightings.filter((e) => e.role === 'after')
    if (truthC && truthC.sightings.every((e) => e.role === 'after') && after(truthC).length > 0) {
      const [a1, a2] = after(truthC)
      const lag = a1.trueTs - q.truth.incidentMs
      twins = res.candidates.filter((c) => {
        if (c === truthC || c.sightings.some((e) => e.role === 'before')) return false
        const [b1, b2] = after(c)
        return (
          b1 !== undefined &&
          b1.cameraCode === a1.cameraCode &&
          b1.trueTs - lag >= q.fromMs &&
          b1.trueTs - lag <= q.toMs &&
          (b2?.cameraCode ?? null) === (a2?.cameraCode ?? null)
        )
      }).length
    }
    const k = certain + twins
    passers.push(k)
    bound1 += 1 / (1 + k)
    bound5 += Math.min(1, 5 / (1 + k))
  }
  if (!noBound)
    console.log(
      `bound    other vehicles that fit as well as the one sought (certainly through the point in the window, or read exactly alike): median ${pctl(passers, 50)}, p75 ${pctl(passers, 75)}, p90 ${pctl(passers, 90)}; any ranking on these reads: top1 <= ${(bound1 / n).toFixed(3)}, top5 <= ${(bound5 / n).toFixed(3)}`
    )
  const rows = [...codes].sort().map((c) => {
    const est = (offsets.get(c) ?? 0) / 1000
    const tr = truth[c] ?? 0
    return `${c} est ${est.toFixed(1)} s truth ${tr.toFixed(1)} s (err ${(est - tr).toFixed(1)})`
  })
  console.log(`clocks   ${rows.join(' | ') || 'none'}`)
  if (out) writeFileSync(out, JSON.stringify({ metrics: m, per_query: perQ }, null, 1))
}

main()
