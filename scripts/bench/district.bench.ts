// Pass records on a district's PostgreSQL (not in CI): loads N generated
// records (default 2,000,000 over 10 days; the figure is 10⁸) built
// from the sample district's reads (cameras, plates, attributes, hours),
// into a throwaway cluster, and prints the COPY rate, the lookup median over
// sample-city queries, the vehicle search (pattern + colour + 1 h + the 50
// sample cameras), dropping a day's partition, and disk per 10⁸ records.
// Run: npm run bench -- district (DISTRICT_RECORDS=… DISTRICT_DAYS=… to rescale)
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import pg from 'pg'
import type { searchVehiclesInDistrict } from '../../src/main/sightings/pgSearch'
import { startPgCluster } from '../../tests/helpers/pgCluster'
import { loadDataset } from '../../tests/unit/main/lookup/engine/dataset'
import { migratePg } from '../../src/main/db/postgres/migrate'
import {
  createPgSightingStore,
  createPgSightingWriter,
  dropSightingsBefore
} from '../../src/main/sightings/pgRepository'
import { runOnAsyncStore } from '../../src/main/sightings/asyncStore'
import { buildRoadGraph, estimateClockOffsets, lookup } from '../../src/main/lookup/engine'
import type { Sighting, VehicleColor } from '../../src/shared/domain/sighting'

const N = Number(process.env.DISTRICT_RECORDS ?? 2_000_000)
const DAYS = Number(process.env.DISTRICT_DAYS ?? 10)
const DAY_MS = 86_400_000
const TARGETS = { copyRowsPerS: 300_000, lookupMs: 100, searchMs: 500, dropMs: 1000 }
const ROOT = join(__dirname, '..', '..')

/**
 * The district's vehicle search ranks in a scratch SQLite database, whose
 * migrations are `?raw` imports tsx cannot load: bundle it as the app does.
 */
async function loadDistrictSearch(): Promise<typeof searchVehiclesInDistrict> {
  const { rawPlugin } = (await import(join(ROOT, 'scripts', 'esbuild-raw.mjs'))) as {
    rawPlugin: NonNullable<Parameters<typeof build>[0]['plugins']>[number]
  }
  // inside the checkout, so that the bundle resolves node_modules
  const out = join(ROOT, 'out', 'bench', 'pgSearch.cjs')
  await build({
    entryPoints: [join(ROOT, 'src', 'main', 'sightings', 'pgSearch.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    plugins: [rawPlugin],
    absWorkingDir: ROOT,
    logLevel: 'silent'
  })
  const m = (await import(out)) as { searchVehiclesInDistrict: typeof searchVehiclesInDistrict }
  return m.searchVehiclesInDistrict
}

/** The PostgreSQL steps straight from their .sql files (tsx has no `?raw` imports). */
function migrationsFromFiles(): { version: number; name: string; sql: string }[] {
  const dir = join(__dirname, '..', '..', 'src', 'main', 'db', 'postgres', 'migrations')
  return readdirSync(dir)
    .filter((f) => /^\d{4}-.*\.sql$/.test(f))
    .sort()
    .map((f, i) => ({ version: i + 1, name: f, sql: readFileSync(join(dir, f), 'utf8') }))
}

let seed = 20260601
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
const ratio = (v: number, target: number, lowerIsBetter: boolean): string =>
  `${(lowerIsBetter ? target / v : v / target).toFixed(2)}x target`

async function main(): Promise<void> {
  const ds = loadDataset(join(__dirname, '..', '..', 'tests', 'fixtures', 'sample-city'))
  const day0 = Math.floor(Math.min(...ds.sightings.map((s) => s.ts)) / DAY_MS) * DAY_MS
  const cluster = await startPgCluster()
  const pool = new pg.Pool({ connectionString: cluster.url, max: 2 })
  // released on the way out, failed or not: pool.end() waits for it
  let held: pg.PoolClient | null = null
  try {
    const c = await pool.connect()
    held = c
    await migratePg(c, migrationsFromFiles())
    console.log(`scale: ${N.toLocaleString('en')} records over ${DAYS} days (issue: 10^8)`)

    // day 0 carries the sample city's own reads, so the lookups below have their answers;
    // the rest resamples them: same cameras, attributes and time of day, new plates
    const templates = ds.sightings
    let loaded = 0
    const t0 = performance.now()
    await c.query('BEGIN')
    const writer = createPgSightingWriter(c)
    await writer.write(templates)
    loaded += templates.length
    const BATCH = 20_000
    while (loaded < N) {
      const batch: Sighting[] = []
      for (let i = 0; i < BATCH && loaded + i < N; i++) {
        const s = templates[Math.floor(rand() * templates.length)]
        const day = 1 + Math.floor(rand() * (DAYS - 1))
        const plate = s.plate.slice(0, 3) + String(Math.floor(rand() * 1e5)).padStart(5, '0')
        batch.push({ ...s, ts: s.ts + day * DAY_MS + Math.floor(rand() * 3_600_000), plate })
      }
      // rows of one day arrive together from a checkpoint feed: sort by day like a day's file
      batch.sort((a, b) => a.ts - b.ts)
      await writer.write(batch)
      loaded += batch.length
    }
    await writer.end()
    await c.query('COMMIT')
    const copyS = (performance.now() - t0) / 1000
    const rate = loaded / copyS
    console.log(
      `COPY: ${loaded.toLocaleString('en')} rows in ${copyS.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} rows/s (target >= ${TARGETS.copyRowsPerS.toLocaleString('en')}; ${ratio(rate, TARGETS.copyRowsPerS, false)})`
    )
    await c.query('ANALYZE sightings')

    const graph = buildRoadGraph(ds.roads, ds.cameras)
    const clockOffsets = estimateClockOffsets(graph, ds.sightings)
    const store = createPgSightingStore(pool)
    const times: number[] = []
    for (const q of ds.queries.slice(0, 60)) {
      const t = performance.now()
      await runOnAsyncStore(store, (s) =>
        lookup(
          graph,
          s,
          { lat: q.lat, lng: q.lng, fromMs: q.fromMs, toMs: q.toMs, hints: q.hints },
          { clockOffsets }
        )
      )
      times.push(performance.now() - t)
    }
    const lm = median(times)
    console.log(
      `lookup: median ${lm.toFixed(1)} ms over ${times.length} sample-city queries (target < ${TARGETS.lookupMs} ms; ${ratio(lm, TARGETS.lookupMs, true)})`
    )
    // the vehicle search: a plate seen in part + the body colour + 1 h + 50 cameras
    const search = await loadDistrictSearch()
    const cameras = ds.cameras.map((x) => ({ ...x, archived: false }))
    const codes = cameras.map((x) => x.code)
    const searchTimes: number[] = []
    let found = 0
    for (const q of ds.queries.slice(0, 60)) {
      const plate = q.truth.plate
      const t = performance.now()
      const r = await search(
        pool,
        cameras,
        {
          plate: `${plate.slice(0, 2)}?${plate.slice(3, 4)}???`,
          color: q.truth.vehicle.vehicle_color as VehicleColor,
          cameraCodes: codes,
          fromMs: q.fromMs,
          toMs: q.fromMs + 3_600_000,
          limit: 50
        },
        clockOffsets
      )
      searchTimes.push(performance.now() - t)
      found += r.total
    }
    const sm = median(searchTimes)
    console.log(
      `vehicle search (pattern + colour + 1 h + ${codes.length} cameras): median ${sm.toFixed(1)} ms over ${searchTimes.length} searches, ${(found / searchTimes.length).toFixed(0)} vehicles each on average (target < ${TARGETS.searchMs} ms; ${ratio(sm, TARGETS.searchMs, true)})`
    )

    const size = await c.query<{ b: string }>(
      "SELECT sum(pg_total_relation_size(i.inhrelid))::text AS b FROM pg_inherits i WHERE i.inhparent = 'sightings'::regclass"
    )
    const bytes = Number(size.rows[0].b)
    console.log(
      `disk: ${(bytes / 2 ** 20).toFixed(0)} MiB for ${loaded.toLocaleString('en')} rows = ${(bytes / loaded).toFixed(0)} B/row, ${(((bytes / loaded) * 1e8) / 2 ** 30).toFixed(1)} GiB per 10^8 records (indexes included)`
    )

    const t1 = performance.now()
    const dropped = await dropSightingsBefore(c, day0 + 2 * DAY_MS)
    const dropMs = performance.now() - t1
    console.log(
      `drop: ${dropped.length} day partition(s) in ${dropMs.toFixed(1)} ms (target < ${TARGETS.dropMs} ms; ${ratio(dropMs / Math.max(dropped.length, 1), TARGETS.dropMs, true)} per day)`
    )
  } finally {
    held?.release()
    await pool.end()
    cluster.stop()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
