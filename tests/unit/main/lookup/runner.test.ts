import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase, type WritableDb } from '../../../../src/main/db/database'
import { migrate } from '../../../../src/main/db/migrate'
import type { Sql } from '../../../../src/main/db/sql'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'
import { seedDemoSite } from '../../../../src/main/demo/site'
import { createLookupRunner } from '../../../../src/main/lookup/runner'
import type { LookupRunner } from '../../../../src/main/lookup/runner'
import { createLookupOps } from '../../../../src/main/lookup/executor'
import { ensureNodeBuild } from '../../../helpers/cli'
import { startPgCluster, type PgCluster } from '../../../helpers/pgCluster'
import { openPgSql, type PgSql } from '../../../../src/main/db/postgres/pgSql'
import { migratePg } from '../../../../src/main/db/postgres/migrate'
import { PG_MIGRATIONS } from '../../../../src/main/db/postgres/migrations'
import { ROOT } from './harness'

const WORKER = path.join(ROOT, 'out', 'node', 'lookupWorker.cjs')
const FIXTURE = path.join(ROOT, 'tests', 'fixtures', 'sample-city')

type RawQuery = {
  id: string
  lat: number
  lng: number
  from: string
  to: string
  hints: Record<string, string>
  truth: { plate: string }
}

/**
 * The demo district is the sample district's hour of reads shifted to end at
 * the seeding time (src/main/demo/site.ts); its incidents shift the same way.
 */
function demoIncident(id: string, seededAt: number) {
  const q = readFileSync(path.join(FIXTURE, 'queries.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as RawQuery)
    .find((x) => x.id === id)!
  const lines = readFileSync(path.join(FIXTURE, 'sightings.csv'), 'utf8').split('\n').slice(1)
  const last = Math.max(...lines.filter(Boolean).map((l) => Date.parse(l.split(',')[1])))
  const shift = Math.floor(seededAt / 60_000) * 60_000 - last
  return {
    query: {
      lat: q.lat,
      lng: q.lng,
      fromMs: Date.parse(q.from) + shift,
      toMs: Date.parse(q.to) + shift
    },
    hints: q.hints,
    plate: q.truth.plate
  }
}

describe('the lookup thread on the room database', () => {
  let db: WritableDb
  let sql: Sql
  let runner: LookupRunner
  const seededAt = Date.UTC(2026, 5, 1, 7, 0)

  beforeAll(async () => {
    ensureNodeBuild()
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-runner-'))
    db = openDatabase(path.join(dir, 'room.db'))
    migrate(db)
    sql = sqliteSql(db)
    await seedDemoSite(sql, { resourcesDir: path.join(ROOT, 'resources'), now: seededAt })
    runner = createLookupRunner(sql, { workerFile: WORKER })
  })
  afterAll(async () => {
    await runner.close()
    db.close()
  })

  it('the demo district carries the checkpoint attributes', () => {
    const told = db
      .prepare(
        'SELECT COUNT(*) FROM sightings WHERE direction IS NOT NULL AND vehicle_color IS NOT NULL'
      )
      .pluck()
      .get() as number
    expect(told).toBeGreaterThan(10_000)
  })

  it('runs on a worker thread and answers as the same lookup in-process does', async () => {
    expect(runner.thread).toBe('worker')
    const { query, hints, plate } = demoIncident('Q0008', seededAt)
    const q = { ...query, hints: { color: hints.color as 'white', plate: hints.plate } }
    // the main thread stays free while the worker computes
    let ticked = false
    setImmediate(() => (ticked = true))
    const fromWorker = await runner.lookup(q)
    expect(ticked).toBe(true)
    // a demo incident with a known answer: white, plate 浙A7Y??T, a 3-minute window
    expect(fromWorker.candidates[0].plate).toBe(plate)
    const inProcess = await createLookupOps(sql).lookup(q)
    expect(fromWorker.candidates.map((c) => c.plate)).toEqual(
      inProcess.candidates.map((c) => c.plate)
    )
    expect(fromWorker.windows).toEqual(inProcess.windows)
    // the map highlight that follows reuses this result rather than looking up again
    expect(runner.recent(q)).toBe(fromWorker)
    const roads = await runner.reach(q)
    expect(roads.length).toBeGreaterThan(0)
  })

  // (a test run that is itself niced to 10 or more cannot tell the threads apart)
  it.runIf(process.platform === 'linux' && os.getPriority() < 10)(
    'gives way to the main thread: the lookup thread runs at nice 10, the main thread as it was',
    async () => {
      const { query } = demoIncident('Q0008', seededAt)
      await runner.lookup({ ...query, fromMs: query.fromMs - 1 })
      // field 19 of /proc/<pid>/task/<tid>/stat, counted after the command name in parentheses
      const niceOf = (tid: string): number => {
        const stat = readFileSync(`/proc/${process.pid}/task/${tid}/stat`, 'utf8')
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])
      }
      const tasks = readdirSync(`/proc/${process.pid}/task`)
      expect(niceOf(String(process.pid))).toBe(os.getPriority())
      expect(tasks.filter((t) => niceOf(t) === 10)).toHaveLength(1)
    }
  )

  it('searches vehicles on the worker', async () => {
    const { query, plate } = demoIncident('Q0008', seededAt)
    const r = await runner.search({
      plate: '浙A7Y??T',
      color: 'white',
      fromMs: query.fromMs - 600_000,
      toMs: query.toMs + 600_000,
      limit: 20
    })
    expect(r.vehicles[0].plate).toBe(plate)
    expect(r.vehicles[0].sightings.length).toBeGreaterThan(0)
  })
})

describe('the lookup thread on a district database', () => {
  let cluster: PgCluster
  let sql: PgSql
  let runner: LookupRunner
  const seededAt = Date.UTC(2026, 5, 1, 7, 0)

  beforeAll(async () => {
    ensureNodeBuild()
    cluster = await startPgCluster()
    sql = openPgSql(cluster.createDatabase('district'))
    const c = await sql.pool.connect()
    try {
      await migratePg(c, PG_MIGRATIONS)
    } finally {
      c.release()
    }
    await seedDemoSite(sql, { resourcesDir: path.join(ROOT, 'resources'), now: seededAt })
    runner = createLookupRunner(sql, { workerFile: WORKER })
  }, 120_000)
  afterAll(async () => {
    await runner?.close()
    await sql?.end()
    cluster?.stop()
  })

  it('runs on a worker thread with its own pool and answers as the same lookup in-process does', async () => {
    expect(runner.thread).toBe('worker')
    const { query, hints, plate } = demoIncident('Q0008', seededAt)
    const q = { ...query, hints: { color: hints.color as 'white', plate: hints.plate } }
    const fromWorker = await runner.lookup(q)
    expect(fromWorker.candidates[0].plate).toBe(plate)
    const inProcess = await createLookupOps(sql).lookup(q)
    expect(fromWorker.candidates.map((c) => c.plate)).toEqual(
      inProcess.candidates.map((c) => c.plate)
    )
    expect(fromWorker.windows).toEqual(inProcess.windows)
    const r = await runner.search({
      plate: '浙A7Y??T',
      color: 'white',
      fromMs: query.fromMs - 600_000,
      toMs: query.toMs + 600_000,
      limit: 20
    })
    expect(r.vehicles[0].plate).toBe(plate)
  })
})
