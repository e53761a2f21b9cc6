/**
 * Lookup latency at scale: replicates a dataset's hour of sightings into
 * ~1.5 million rows (each copy shifted by whole hours, its plates rewritten
 * so that copies never share a vehicle), then runs the dataset's queries
 * shifted into a copy in the middle and prints in-process latency, with the
 * window recall / top-5 of those queries as a check that scale does not
 * change the answers.
 *
 *   npx tsx scripts/bench/lookup-scale.bench.ts [datasetDir] [--rows 1500000]
 */
import { buildRoadGraph } from '../../src/main/lookup/graph'
import { estimateClockOffsets } from '../../src/main/lookup/clock'
import { lookup } from '../../src/main/lookup/engine'
import { createMemorySightingStore } from '../../src/main/lookup/memoryStore'
import type { Sighting } from '../../src/shared/domain/sighting'
import { loadDataset } from './dataset'

const HOUR = 3600_000
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'

/** A bijection on plates per copy: shift every serial character by the copy number. */
function rewrite(plate: string, copy: number): string {
  const c = [...plate]
  for (let i = 2; i < c.length; i++) {
    const k = ALPHABET.indexOf(c[i])
    if (k >= 0) c[i] = ALPHABET[(k + copy * (i + 1)) % ALPHABET.length]
  }
  return c.join('')
}

function pctl(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1))]
}

function main(): void {
  const args = process.argv.slice(2)
  const dir = args.find((a) => !a.startsWith('--')) ?? 'tests/fixtures/sample-city'
  const ri = args.indexOf('--rows')
  const want = ri >= 0 ? Number(args[ri + 1]) : 1_500_000
  const ds = loadDataset(dir)
  const copies = Math.max(1, Math.ceil(want / ds.sightings.length))
  const t0 = performance.now()
  const rows: Sighting[] = []
  for (let k = 0; k < copies; k++) {
    for (const s of ds.sightings)
      rows.push({
        cameraCode: s.cameraCode,
        ts: s.ts + k * HOUR,
        plate: rewrite(s.plate, k),
        confidence: s.confidence
      })
  }
  const tGen = performance.now() - t0
  const graph = buildRoadGraph(ds.roads, ds.cameras)
  const t1 = performance.now()
  const store = createMemorySightingStore(rows)
  const tStore = performance.now() - t1
  const t2 = performance.now()
  const offsets = estimateClockOffsets(graph, rows)
  const tClock = performance.now() - t2

  const copy = Math.floor(copies / 2)
  const lat: number[] = []
  const cpu: number[] = []
  let hits = 0
  let passes = 0
  let top5 = 0
  // one warm-up pass so that JIT and per-graph caches do not count against the first queries
  for (const q of ds.queries.slice(0, 5))
    lookup(
      graph,
      store,
      { lat: q.lat, lng: q.lng, fromMs: q.fromMs + copy * HOUR, toMs: q.toMs + copy * HOUR },
      { clockOffsets: offsets }
    )
  for (const q of ds.queries) {
    const shift = copy * HOUR
    const s = performance.now()
    const c0 = process.cpuUsage()
    const res = lookup(
      graph,
      store,
      { lat: q.lat, lng: q.lng, fromMs: q.fromMs + shift, toMs: q.toMs + shift },
      { clockOffsets: offsets }
    )
    const c1 = process.cpuUsage(c0)
    lat.push(performance.now() - s)
    cpu.push((c1.user + c1.system) / 1000)
    for (const p of q.truth.passes) {
      passes++
      const ts = p.ts + shift
      if (res.windows.some((w) => w.cameraCode === p.cameraCode && w.fromMs <= ts && ts <= w.toMs))
        hits++
    }
    const truth = rewrite(q.truth.plate, copy)
    const r = res.candidates.findIndex((c) => c.plate === truth)
    if (r >= 0 && r < 5) top5++
  }
  const mem = process.memoryUsage()
  console.log(
    `rows     ${rows.length} (${copies} copies of ${ds.sightings.length}) generated in ${tGen.toFixed(0)} ms`
  )
  console.log(
    `build    store ${tStore.toFixed(0)} ms | clock offsets ${tClock.toFixed(0)} ms | heap ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`
  )
  console.log(
    `lookup   median ${pctl(lat, 50).toFixed(1)} ms  p95 ${pctl(lat, 95).toFixed(1)} ms  max ${Math.max(...lat).toFixed(1)} ms  (${lat.length} queries, in-process)`
  )
  // CPU time is what the lookup costs when the machine is not shared; wall time includes waiting for a core
  console.log(
    `cpu      median ${pctl(cpu, 50).toFixed(1)} ms  p95 ${pctl(cpu, 95).toFixed(1)} ms per lookup`
  )
  console.log(
    `check    window recall ${(hits / passes).toFixed(3)}  top5 ${(top5 / ds.queries.length).toFixed(3)} (queries shifted into copy ${copy})`
  )
  console.log(
    `clocks   ${[...offsets].map(([c, v]) => `${c} ${(v / 1000).toFixed(1)} s`).join(' | ')}`
  )
}

main()
