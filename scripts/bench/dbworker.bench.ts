// The main thread only routes (issue #16, point 3): host mode with 1,000,000
// incidents in its database. While statistics over all of them and lookups
// run back to back, `app:counts` and a live-video fragment are timed.
// Target: p99 < 50 ms for both.
// Run: npm run bench -- dbworker   (BENCH_INCIDENTS=1000000, BENCH_SECONDS=20,
// BENCH_LOOKUP_PAUSE_MS=0: lookups back to back; 1000: one a second, as a user runs them)
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { startHost } from '../../tests/helpers/hostServer'
import { buildIfNeeded } from '../../tests/helpers/buildIfNeeded'
import {
  fetchFragment,
  liveFragment,
  loginAsAdmin,
  printIdleBaseline,
  printLoad,
  printRow,
  sampler
} from './hostLoad'

const N_INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1_000_000)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20)
const LOOKUP_PAUSE_MS = Number(process.env.BENCH_LOOKUP_PAUSE_MS ?? 0)
/** samplers alone first: the machine's own floor */
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 10)
const TARGET_P99_MS = 50
const YEAR = 365 * 86_400_000

/** 1 M incidents over the last year, as a room logs them (time order, five blocks, seven types). */
function seedIncidents(file: string, n: number, now: number): void {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  const types = ['traffic', 'theft', 'dispute', 'fire', 'crowd', 'suspicious', 'equipment']
  const blocks = ['第一片区', '第二片区', '第三片区', '第四片区', '第五片区']
  const ins = db.prepare(
    `INSERT INTO incidents (type, at, severity, status, place_kind, place_name, block, community, description, created_at, created_by, updated_at, updated_by)
     VALUES (?, ?, 'medium', 'closed', 'point', '金城路', ?, '金城社区', '两车刮擦', ?, 'duty', ?, 'duty')`
  )
  let seed = 20260601
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff
    return seed / 0x7fffffff
  }
  const start = now - YEAR
  for (let b = 0; b < n; b += 50_000)
    db.transaction(() => {
      for (let i = b; i < Math.min(n, b + 50_000); i++) {
        const at = start + Math.floor((i / n) * YEAR)
        ins.run(
          types[Math.floor(rand() * types.length)],
          at,
          blocks[Math.floor(rand() * 5)],
          at,
          at
        )
      }
    })()
  db.close()
}

async function main(): Promise<void> {
  buildIfNeeded()
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wr-dbworker-bench-'))
  try {
    // a first start creates and seeds the demo room; the incidents go in while it is down
    await (await startHost({ dataDir })).stop()
    const now = Date.now()
    let t = performance.now()
    seedIncidents(path.join(dataDir, 'watchroom.db'), N_INCIDENTS, now)
    console.log(
      `seeded ${N_INCIDENTS.toLocaleString()} incidents in ${((performance.now() - t) / 1000).toFixed(1)} s`
    )
    const host = await startHost({ dataDir })
    try {
      const client = await loginAsAdmin(host.url)
      const { fragmentUrl, cameras } = await liveFragment(client)
      const stats = { fromMs: now - YEAR, toMs: now, bucket: 'month', slotHours: 2 }
      const lookup = {
        lat: cameras[0]?.lat ?? 30.18,
        lng: cameras[0]?.lng ?? 120.26,
        fromMs: now - 40 * 60_000,
        toMs: now - 30 * 60_000
      }
      // one warm-up of each, so the figures are of steady work, not of first opens
      t = performance.now()
      const first = await client.api('stats:incidents', stats)
      if (!first.json.ok) throw new Error(`stats failed: ${JSON.stringify(first.json.error)}`)
      const total = (first.json.result as { total: number }).total
      console.log(
        `stats over ${total.toLocaleString()} incidents: ${(performance.now() - t).toFixed(0)} ms (first call)`
      )
      await client.api('lookup:run', lookup)

      let running = true
      const heavy: { stats: number[]; lookups: number[] } = { stats: [], lookups: [] }
      let heavyFailures = 0
      const loop = async (into: number[], run: () => Promise<unknown>) => {
        while (running) {
          const t0 = performance.now()
          // a keep-alive socket dropped by a stalled server fails the call; the loop goes on
          await run().catch(() => heavyFailures++)
          into.push(performance.now() - t0)
        }
      }
      await printIdleBaseline(client, fragmentUrl, BASELINE_SECONDS, TARGET_P99_MS)
      printLoad('before')
      const counts = sampler(
        () => client.api('app:counts', {}),
        () => !running
      )
      const fragments = sampler(fetchFragment(client, fragmentUrl), () => !running)
      const work = [
        loop(heavy.stats, () => client.api('stats:incidents', stats)),
        loop(heavy.lookups, async () => {
          await client.api('lookup:run', lookup)
          // a user reads a lookup's result before the next one; 0 runs them back to back
          if (LOOKUP_PAUSE_MS) await new Promise((r) => setTimeout(r, LOOKUP_PAUSE_MS))
        })
      ]
      await new Promise((r) => setTimeout(r, SECONDS * 1000))
      running = false
      await Promise.all([...work, counts.done, fragments.done])
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)
      console.log(
        `load for ${SECONDS} s: ${heavy.stats.length} stats calls (mean ${mean(heavy.stats).toFixed(0)} ms), ` +
          `${heavy.lookups.length} lookups (mean ${mean(heavy.lookups).toFixed(0)} ms)`
      )
      if (heavyFailures) console.log(`${heavyFailures} stats/lookup call(s) failed`)
      const failed = counts.failures() + fragments.failures()
      if (failed) console.log(`${failed} sampled request(s) failed (counted at their time)`)
      printRow('app:counts', counts.times, TARGET_P99_MS)
      printRow('live-video fragment', fragments.times, TARGET_P99_MS)
      printLoad('after')
      console.log(`target: p99 < ${TARGET_P99_MS} ms`)
    } finally {
      await host.stop()
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
