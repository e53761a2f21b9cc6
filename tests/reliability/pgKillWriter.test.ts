import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync, spawn } from 'node:child_process'
import path from 'node:path'
import { build } from 'esbuild'
import type pg from 'pg'
import { ROOT } from '../helpers/cli'
import { startPgCluster, type PgCluster } from '../helpers/pgCluster'
import { migratePg } from '../../src/main/db/postgres/migrate'
import { PG_MIGRATIONS } from '../../src/main/db/postgres/migrations'
import { connectDistrict } from '../../src/main/db/postgres/connect'
import { createPgSightingWriter } from '../../src/main/sightings/pgRepository'

/** As tests/reliability/pgWriter.ts writes them: one incident and this many reads per transaction. */
const BATCH = 1000
const TRIALS = 6

/**
 * Issue #17: kill -9 one room server while it writes incidents and COPY
 * batches of plate reads to the district. Every transaction it reported
 * committed is there, none is there in part, and another room writing and
 * reading the same tables all along never fails and keeps going after each
 * kill (no lock of the dead session is left behind). PostgreSQL itself is
 * not killed: a room server is.
 */
describe('kill -9 of a room server writing to the district', () => {
  let cluster: PgCluster
  let url: string
  let writer: string
  beforeAll(async () => {
    cluster = await startPgCluster()
    url = cluster.createDatabase('district')
    const c = await connectDistrict(url)
    await migratePg(c, PG_MIGRATIONS)
    await c.end()
    // inside the checkout so the bundle resolves node_modules (pg)
    writer = path.join(ROOT, 'out', 'test', 'pgWriter.cjs')
    await build({
      entryPoints: [path.join(ROOT, 'tests', 'reliability', 'pgWriter.ts')],
      outfile: writer,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      packages: 'external',
      absWorkingDir: ROOT,
      logLevel: 'silent'
    })
  })
  afterAll(() => cluster?.stop())

  it(`${TRIALS} kills mid-COPY and between: every reported commit whole, no partial batch, the other room unharmed`, async () => {
    // the other room: its own incidents and reads, one transaction a round, plus a read
    const other = await connectDistrict(url, { applicationName: 'room-b' })
    let otherRounds = 0
    let otherError: unknown = null
    let stop = false
    let slowest = 0
    const otherRoom = (async () => {
      while (!stop) {
        const t0 = performance.now()
        try {
          await otherRound(other, ++otherRounds)
        } catch (err) {
          otherError = err
          return
        }
        slowest = Math.max(slowest, performance.now() - t0)
      }
    })()

    let reported = 0
    let midCopyKills = 0
    try {
      for (let trial = 1; trial <= TRIALS; trial++) {
        const child = spawn(process.execPath, [writer, url, String(trial)], {
          cwd: ROOT,
          stdio: ['ignore', 'pipe', 'inherit']
        })
        let out = ''
        const exited = new Promise((r) => child.once('exit', r))
        const midCopy = trial % 2 === 1
        await new Promise<void>((resolve, reject) => {
          child.stdout.on('data', (b: Buffer) => {
            out += b.toString()
            const commits = out.match(/^C /gm)?.length ?? 0
            // odd trials: kill right after a COPY's first chunk went out; even ones: anywhere
            if (commits >= 3 && (!midCopy || /W \d+\n$/.test(out))) resolve()
          })
          child.once('exit', () => reject(new Error(`writer exited early: ${out}`)))
        })
        if (!midCopy) await new Promise((r) => setTimeout(r, Math.random() * 30))
        child.kill('SIGKILL')
        await exited
        const lines = out.trim().split('\n')
        if (midCopy && lines.at(-1)?.startsWith('W ')) midCopyKills++
        const committed = lines.filter((l) => l.startsWith('C ')).map((l) => Number(l.slice(2)))
        reported += committed.length
        const lastStarted = Math.max(
          ...lines.filter((l) => l.startsWith('W ')).map((l) => Number(l.slice(2)))
        )

        // the other room goes on after the kill, writing to a day of its own (new partition)
        const after = otherRounds
        const deadline = Date.now() + 15_000
        while (otherRounds < after + 3 && !otherError && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 10))
        expect(otherError).toBeNull()
        expect(otherRounds).toBeGreaterThanOrEqual(after + 3)

        const plates = await other.query<{ plate: string; n: number }>(
          'SELECT plate, count(*)::int AS n FROM sightings WHERE plate LIKE $1 GROUP BY plate',
          [`T${trial}R%`]
        )
        const reads = new Map(plates.rows.map((r) => [r.plate, r.n]))
        const incidents = new Set(
          (
            await other.query<{ place_name: string }>(
              "SELECT place_name FROM incidents WHERE created_by = 'writer' AND place_name LIKE $1",
              [`T${trial}R%`]
            )
          ).rows.map((r) => r.place_name)
        )
        // every reported commit is there, whole
        for (const round of committed) {
          expect(reads.get(`T${trial}R${round}`)).toBe(BATCH)
          expect(incidents.has(`T${trial}R${round}`)).toBe(true)
        }
        // nothing else is there in part: the round in flight is all there or not at all
        for (const [plate, n] of reads) expect({ plate, n }).toEqual({ plate, n: BATCH })
        for (let round = 1; round <= lastStarted; round++)
          expect(incidents.has(`T${trial}R${round}`)).toBe(reads.has(`T${trial}R${round}`))
        expect(reads.size).toBeGreaterThanOrEqual(committed.length)
        expect(reads.size).toBeLessThanOrEqual(committed.length + 1)
      }
    } finally {
      stop = true
      await otherRoom
    }
    expect(otherError).toBeNull()
    // the other room's every round is there too
    const mine = await other.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM incidents WHERE created_by = 'room-b'"
    )
    const myReads = await other.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM sightings WHERE plate LIKE 'B%'"
    )
    await other.end()
    expect(mine.rows[0].n).toBe(otherRounds)
    expect(myReads.rows[0].n).toBe(otherRounds * 10)
    // no session of a killed writer is left holding anything (the server ends each one
    // as soon as it reads the closed socket)
    const c = await connectDistrict(url)
    let left = -1
    for (let i = 0; i < 100 && left !== 0; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50))
      const r = await c.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'writer-%'"
      )
      left = r.rows[0].n
    }
    await c.end()
    expect(left).toBe(0)
    expect(midCopyKills).toBeGreaterThan(0)
    const load = execFileSync('uptime', { encoding: 'utf8' }).trim()
    console.log(
      `district kill -9: ${TRIALS} kills (${midCopyKills} in the middle of a COPY), ${reported} commits reported and found whole; the other room made ${otherRounds} rounds meanwhile, slowest ${slowest.toFixed(0)} ms; ${load}`
    )
  })
})

/** One round of the other room: an incident and 10 reads on its own day, then a read back. */
async function otherRound(c: pg.Client, round: number): Promise<void> {
  // a new day every 5 rounds: creating a partition needs the lock a killed writer might hold
  const day = Date.UTC(2026, 7, 1) + Math.floor(round / 5) * 86_400_000
  await c.query('BEGIN')
  try {
    await c.query(
      `INSERT INTO incidents (type, at, severity, place_kind, place_name, created_at, created_by, updated_at)
       VALUES ('theft', $1, 'low', 'point', $2, $1, 'room-b', $1)`,
      [day, `B${round}`]
    )
    const w = createPgSightingWriter(c)
    await w.write(
      Array.from({ length: 10 }, (_, i) => ({
        cameraCode: 'B-1',
        ts: day + round * 100 + i,
        plate: `B${round}`,
        confidence: null
      }))
    )
    await w.end()
    await c.query('COMMIT')
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined)
    throw err
  }
  const r = await c.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM sightings WHERE plate = $1',
    [`B${round}`]
  )
  if (r.rows[0].n !== 10) throw new Error(`room B's round ${round} reads back ${r.rows[0].n} rows`)
}
