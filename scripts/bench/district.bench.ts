// Pass records on a district's PostgreSQL (not in CI): loads N generated
// records (default 10⁸, the issue's figure) built from the sample district's
// reads into a throwaway cluster tuned for bulk loading, and prints the COPY
// rate, the lookup median over the sample-city incidents placed in the loaded
// data, the vehicle search (pattern + colour + 1 h + the 50 sample cameras),
// dropping a day's partition, and disk per 10⁸ records.
//
// The district is DISTRICT_AREAS areas (default 10) each like the sample city:
// every hour of every day, each area's 50 cameras read what the sample city's
// read in its hour (same cameras, times within the hour, attributes and trips),
// the plates rewritten per copy so that copies rarely share a vehicle. Area 0
// is the sample city itself (its camera codes); in one hour mid-way through the
// days it carries the sample's own reads, where the incidents are looked up.
// Each day is loaded in one transaction, as a day's checkpoint feed arrives, on
// DISTRICT_LOADERS connections (default 2) a day each at a time.
// Run: npm run bench -- district (DISTRICT_RECORDS=… DISTRICT_AREAS=… to rescale)
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
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
import type { BenchQuery } from './dataset'

const N = Number(process.env.DISTRICT_RECORDS ?? 100_000_000)
const AREAS = Number(process.env.DISTRICT_AREAS ?? 10)
/** loading connections, a day (one transaction) each at a time */
const LOADERS = Number(process.env.DISTRICT_LOADERS ?? 2)
const HOUR = 3_600_000
const DAY_MS = 86_400_000
const TARGETS = { copyRowsPerS: 300_000, lookupMs: 100, searchMs: 500, dropMs: 1000 }
const ROOT = join(__dirname, '..', '..')
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ'

/**
 * A bulk-loading server: WAL only for what is not created in the loading
 * transaction (wal_level=minimal skips it for a day's new partition), big
 * checkpoints, memory for index builds. fsync stays on, unlike the tests'
 * clusters, so that the COPY rate includes making each day durable.
 */
const BULK_SETTINGS = {
  fsync: 'on',
  full_page_writes: 'on',
  wal_level: 'minimal',
  max_wal_senders: 0,
  synchronous_commit: 'off',
  shared_buffers: '1GB',
  maintenance_work_mem: '512MB',
  work_mem: '64MB',
  max_wal_size: '16GB',
  checkpoint_timeout: '30min'
}

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

/** Pseudo-random 32-bit mix (splitmix32 step): the per-copy plate shifts. */
function mix(x: number): number {
  let t = (x + 0x6d2b79f5) | 0
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return (t ^ (t >>> 14)) >>> 0
}

/**
 * A bijection on plates per copy: each serial character moves round the
 * alphabet by its own pseudo-random amount for that copy. Copy 0 is the
 * identity (the sample's own vehicles); two other copies share a vehicle only
 * when every shift difference happens to match, a few plates in 34⁵.
 */
function plateRewriter(copy: number): (plate: string) => string {
  if (copy === 0) return (p) => p
  const shifts = [0, 1, 2, 3, 4, 5].map((i) => mix(copy * 8 + i) % ALPHABET.length)
  const memo = new Map<string, string>()
  return (plate) => {
    let out = memo.get(plate)
    if (out !== undefined) return out
    const c = [...plate]
    for (let i = 2; i < c.length; i++) {
      const k = ALPHABET.indexOf(c[i])
      if (k >= 0) c[i] = ALPHABET[(k + shifts[(i - 2) % shifts.length]) % ALPHABET.length]
    }
    out = c.join('')
    memo.set(plate, out)
    return out
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
const pctl = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.max(0, Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1))]
}
const ratio = (v: number, target: number, lowerIsBetter: boolean): string =>
  `${(lowerIsBetter ? target / v : v / target).toFixed(2)}x target`
const load = (): string =>
  `load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`
/**
 * CPU seconds of the whole cluster: the postmaster, its live processes (the
 * backend, checkpointer, WAL writer…) and the ones that ended (parallel index
 * build workers), from /proc. Beside the wall time it tells what the load
 * costs on a machine of its own.
 */
function serverCpuS(dataDir: string): number {
  const stat = (pid: string): string[] =>
    readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  const postmaster = readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]
  const children = readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8')
    .split(' ')
    .filter(Boolean)
  const own = stat(postmaster)
  // utime, stime, then the reaped children's cutime, cstime: clock ticks, 100 a second on Linux
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14])
  for (const pid of children) {
    try {
      const f = stat(pid)
      ticks += Number(f[11]) + Number(f[12])
    } catch {
      // ended between the listing and the read: the postmaster's cutime has it now
    }
  }
  return ticks / 100
}
const cpuS = (): number => {
  const c = process.cpuUsage()
  return (c.user + c.system) / 1e6
}

async function main(): Promise<void> {
  console.log(execFileSync('uptime', { encoding: 'utf8' }).trim())
  const ds = loadDataset(join(ROOT, 'tests', 'fixtures', 'sample-city'))
  const first = Math.min(...ds.sightings.map((s) => s.ts))
  const sampleHour = Math.floor(first / HOUR) * HOUR
  const sampleDay = Math.floor(first / DAY_MS) * DAY_MS
  const hourOfDay = (sampleHour - sampleDay) / HOUR
  // one hour of the sample's reads (it runs 5 minutes over): what each area reads every hour
  const template = ds.sightings.filter((s) => s.ts < sampleHour + HOUR)
  const perHour = AREAS * template.length
  const fullHours = Math.floor(N / perHour)
  const days = Math.ceil(N / perHour / 24)
  // the incident hour: the sample's own hour of day, on a day in the middle of the load
  const mid = Math.floor(fullHours / 2)
  const incidentHour = mid >= hourOfDay ? mid - ((mid - hourOfDay) % 24) : hourOfDay
  if (incidentHour >= fullHours)
    throw new Error(`DISTRICT_RECORDS must be at least ${(hourOfDay + 1) * perHour}`)
  const day0 = sampleDay - Math.floor(incidentHour / 24) * DAY_MS
  const shift = day0 + Math.floor(incidentHour / 24) * DAY_MS - sampleDay
  console.log(
    `scale: ${N.toLocaleString('en')} records (issue: 10^8) = ${AREAS} areas x ${ds.cameras.length} cameras x ${template.length.toLocaleString('en')} reads an hour, ${days} days from ${new Date(day0).toISOString().slice(0, 10)}; incidents on ${new Date(sampleDay + shift).toISOString().slice(0, 10)}`
  )

  const cluster = await startPgCluster(BULK_SETTINGS)
  console.log(
    `cluster: ${cluster.dir} (${Object.entries(BULK_SETTINGS)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')})`
  )
  const pool = new pg.Pool({ connectionString: cluster.url, max: Math.max(2, LOADERS) })
  // released on the way out, failed or not: pool.end() waits for it
  let held: pg.PoolClient | null = null
  try {
    const c = await pool.connect()
    held = c
    await migratePg(c, migrationsFromFiles())
    const dataDir = join(cluster.dir, 'data')

    // each day's batches, capped at N in load order: (hour, area, rows)
    const plan: { hour: number; area: number; n: number }[][] = []
    for (let d = 0, total = 0; d < days && total < N; d++) {
      const day: { hour: number; area: number; n: number }[] = []
      for (let hour = d * 24; hour < d * 24 + 24 && total < N; hour++)
        for (let area = 0; area < AREAS && total < N; area++) {
          const own = hour === incidentHour && area === 0
          const n = Math.min((own ? ds.sightings : template).length, N - total)
          day.push({ hour, area, n })
          total += n
        }
      plan.push(day)
    }
    const loadDay = async (client: pg.ClientBase, d: number): Promise<number> => {
      await client.query('BEGIN')
      const writer = createPgSightingWriter(client)
      let rowsOfDay = 0
      for (const { hour, area, n } of plan[d]) {
        const at = day0 + hour * HOUR - sampleHour
        const own = hour === incidentHour && area === 0
        const rows = own ? ds.sightings : template
        const rewrite = plateRewriter(own ? 0 : 1 + hour * AREAS + area)
        const suffix = area === 0 ? '' : `.a${area}`
        const batch: Sighting[] = new Array<Sighting>(n)
        for (let i = 0; i < n; i++) {
          const s = rows[i]
          batch[i] = {
            cameraCode: s.cameraCode + suffix,
            ts: s.ts + at,
            plate: rewrite(s.plate),
            confidence: s.confidence,
            direction: s.direction,
            plateColor: s.plateColor,
            vehicleColor: s.vehicleColor,
            vehicleType: s.vehicleType,
            vehicleBrand: s.vehicleBrand
          }
        }
        await writer.write(batch)
        rowsOfDay += n
      }
      await writer.end()
      await client.query('COMMIT')
      return rowsOfDay
    }

    let loaded = 0
    let nextDay = 0
    const t0 = performance.now()
    const c0 = cpuS()
    const b0 = serverCpuS(dataDir)
    // LOADERS connections, a day each at a time: one day's index builds overlap another's COPY
    const loader = async (client: pg.ClientBase): Promise<void> => {
      while (nextDay < plan.length) {
        const d = nextDay++
        // not `loaded += await …`: that would read `loaded` before the other loader's day adds to it
        const n = await loadDay(client, d)
        loaded += n
        const s = (performance.now() - t0) / 1000
        console.log(
          `  day ${d + 1}/${plan.length}: ${loaded.toLocaleString('en')} rows, ${s.toFixed(0)} s, ${Math.round(loaded / s).toLocaleString('en')} rows/s; ${load()}`
        )
      }
    }
    const extra = await Promise.all(Array.from({ length: LOADERS - 1 }, () => pool.connect()))
    try {
      await Promise.all([c, ...extra].map(loader))
    } finally {
      for (const x of extra) x.release()
    }
    const copyS = (performance.now() - t0) / 1000
    const rate = loaded / copyS
    const clientS = cpuS() - c0
    const serverS = serverCpuS(dataDir) - b0
    const us = (s: number): string => ((s / loaded) * 1e6).toFixed(2)
    console.log(
      `COPY: ${loaded.toLocaleString('en')} rows in ${copyS.toFixed(1)} s = ${Math.round(rate).toLocaleString('en')} rows/s (target >= ${TARGETS.copyRowsPerS.toLocaleString('en')}; ${ratio(rate, TARGETS.copyRowsPerS, false)}); ${load()}`
    )
    // CPU per row does not follow the machine's load as the wall rate does: what 2 idle cores would give
    console.log(
      `COPY CPU: this process ${clientS.toFixed(1)} s (${us(clientS)} us/row, generating the rows included), the cluster ${serverS.toFixed(1)} s (${us(serverS)} us/row); ${us(clientS + serverS)} us/row in all = ${Math.round(Math.min(loaded / clientS, (2 * loaded) / (clientS + serverS))).toLocaleString('en')} rows/s at most on 2 idle cores`
    )
    const ta = performance.now()
    await c.query('ANALYZE sightings')
    console.log(`ANALYZE: ${((performance.now() - ta) / 1000).toFixed(1)} s`)

    const graph = buildRoadGraph(ds.roads, ds.cameras)
    const clockOffsets = estimateClockOffsets(graph, ds.sightings)
    const store = createPgSightingStore(pool)
    const moved = (q: BenchQuery): BenchQuery => ({
      ...q,
      fromMs: q.fromMs + shift,
      toMs: q.toMs + shift
    })
    const queries = ds.queries.map(moved)
    const run = (q: BenchQuery) =>
      runOnAsyncStore(store, (st) =>
        lookup(
          graph,
          st,
          { lat: q.lat, lng: q.lng, fromMs: q.fromMs, toMs: q.toMs, hints: q.hints },
          { clockOffsets }
        )
      )
    // warm-up (connections, plans, JIT) on windows a millisecond wider than the measured ones
    for (const q of queries.slice(0, 3)) await run({ ...q, fromMs: q.fromMs - 1 })
    const times: number[] = []
    let passes = 0
    let hits = 0
    let top5 = 0
    for (const q of queries) {
      const t = performance.now()
      const res = await run(q)
      times.push(performance.now() - t)
      for (const p of q.truth.passes) {
        passes++
        const ts = p.ts + shift
        if (
          res.windows.some((w) => w.cameraCode === p.cameraCode && w.fromMs <= ts && ts <= w.toMs)
        )
          hits++
      }
      const r = res.candidates.findIndex((x) => x.plate === q.truth.plate)
      if (r >= 0 && r < 5) top5++
    }
    const lm = median(times)
    console.log(
      `lookup: median ${lm.toFixed(1)} ms, p95 ${pctl(times, 95).toFixed(1)} ms over ${times.length} sample-city incidents in the loaded data (target median < ${TARGETS.lookupMs} ms; ${ratio(lm, TARGETS.lookupMs, true)}); check: window recall ${(hits / passes).toFixed(3)}, top-5 ${(top5 / queries.length).toFixed(3)}; ${load()}`
    )
    // the issue's vehicle search: a plate seen in part + the body colour + 1 h + 50 cameras
    const search = await loadDistrictSearch()
    const cameras = ds.cameras.map((x) => ({ ...x, archived: false }))
    const codes = cameras.map((x) => x.code)
    const searchTimes: number[] = []
    let found = 0
    let vehicles = 0
    for (const q of queries.slice(0, 40)) {
      const plate = q.truth.plate
      const t = performance.now()
      const r = await search(
        pool,
        cameras,
        {
          plate: `${plate.slice(0, 2)}?${plate.slice(3, 4)}???`,
          color: q.truth.vehicle.vehicle_color as VehicleColor,
          cameraCodes: codes,
          fromMs: q.fromMs - 30 * 60_000,
          toMs: q.fromMs + 30 * 60_000,
          limit: 50
        },
        clockOffsets
      )
      searchTimes.push(performance.now() - t)
      vehicles += r.total
      if (r.vehicles.some((v) => v.plate === plate)) found++
    }
    const sm = median(searchTimes)
    console.log(
      `vehicle search (pattern + colour + 1 h + ${codes.length} cameras): median ${sm.toFixed(1)} ms, p95 ${pctl(searchTimes, 95).toFixed(1)} ms over ${searchTimes.length} searches, ${(vehicles / searchTimes.length).toFixed(0)} vehicles each on average, the incident's vehicle in ${found} (target < ${TARGETS.searchMs} ms; ${ratio(sm, TARGETS.searchMs, true)}); ${load()}`
    )

    const size = await c.query<{ b: string; parts: string }>(
      "SELECT sum(pg_total_relation_size(i.inhrelid))::text AS b, count(*)::text AS parts FROM pg_inherits i WHERE i.inhparent = 'sightings'::regclass"
    )
    const bytes = Number(size.rows[0].b)
    console.log(
      `disk: ${(bytes / 2 ** 30).toFixed(2)} GiB for ${loaded.toLocaleString('en')} rows in ${size.rows[0].parts} day partitions = ${(bytes / loaded).toFixed(0)} B/row, ${(((bytes / loaded) * 1e8) / 2 ** 30).toFixed(1)} GiB per 10^8 records (table and its indexes)`
    )

    // retention: the oldest day goes (a full day: the first one starts at midnight)
    const t1 = performance.now()
    const dropped = await dropSightingsBefore(c, day0 + DAY_MS)
    const dropMs = performance.now() - t1
    console.log(
      `drop: ${dropped.length} day partition of ${Math.min(N, 24 * perHour).toLocaleString('en')} rows in ${dropMs.toFixed(1)} ms (target < ${TARGETS.dropMs} ms; ${ratio(dropMs / Math.max(dropped.length, 1), TARGETS.dropMs, true)}); ${load()}`
    )
  } finally {
    held?.release()
    await pool.end()
    cluster.stop()
  }
  console.log(execFileSync('uptime', { encoding: 'utf8' }).trim())
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
