import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type pg from 'pg'
import { sampleOnBothBackends, SAMPLE, type SampleBackends } from '../helpers/sampleDistrict'
import { parseQueries } from '../unit/main/lookup/engine/dataset'
import type { WritableDb } from '../../src/main/db/database'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { createPgSightingStore } from '../../src/main/sightings/pgRepository'
import { createSqliteSightingStore } from '../../src/main/sightings/store'
import { runOnAsyncStore } from '../../src/main/sightings/asyncStore'
import { loadClockOffsets, loadRoadGraph } from '../../src/main/lookup/service'
import { lookup, toLookupJson, trail } from '../../src/main/lookup/engine'

/**
 * The lookup and the trail read sightings only through the store, so on the
 * sample city they must give the same answers from SQLite and from PostgreSQL.
 */
describe('lookup and trail on SQLite and PostgreSQL: the same answers on sample-city', () => {
  let env: SampleBackends
  let pool: pg.Pool
  let db: WritableDb
  beforeAll(async () => {
    env = await sampleOnBothBackends()
    ;({ pool, db } = env)
  })
  afterAll(() => env?.close())

  // every 5th query: all kinds and hint sets, in a time the shared CI machine affords
  const queries = parseQueries(readFileSync(path.join(SAMPLE, 'queries.jsonl'), 'utf8')).filter(
    (_, i) => i % 5 === 0
  )

  it('has the same rows on both', async () => {
    const n = await pool.query<{ n: string }>('SELECT count(*) AS n FROM sightings')
    expect(Number(n.rows[0].n)).toBe(db.prepare('SELECT count(*) FROM sightings').pluck().get())
  })

  it('gives identical lookups (windows, candidates, scores) for 40 queries, hints included', async () => {
    const graph = await loadRoadGraph(sqliteSql(db))
    const offsets = await loadClockOffsets(sqliteSql(db))
    expect(offsets.size).toBeGreaterThan(0)
    const sqlite = createSqliteSightingStore(db)
    const district = createPgSightingStore(pool)
    let candidates = 0
    for (const q of queries) {
      const query = { lat: q.lat, lng: q.lng, fromMs: q.fromMs, toMs: q.toMs, hints: q.hints }
      const a = toLookupJson(lookup(graph, sqlite, query, { clockOffsets: offsets }))
      const b = toLookupJson(
        await runOnAsyncStore(district, (s) => lookup(graph, s, query, { clockOffsets: offsets }))
      )
      expect(b, q.id).toEqual(a)
      candidates += a.candidates.length
    }
    expect(candidates).toBeGreaterThan(queries.length)
  }, 240_000)

  it('gives identical trails, fuzzy and exact', async () => {
    const offsets = await loadClockOffsets(sqliteSql(db))
    const sqlite = createSqliteSightingStore(db)
    const district = createPgSightingStore(pool)
    let points = 0
    for (const q of queries.slice(0, 20))
      for (const fuzzy of [true, false]) {
        const run = (s: Parameters<typeof trail>[0]) =>
          trail(s, q.truth.plate, q.fromMs - 3_600_000, q.toMs + 3_600_000, fuzzy, {
            clockOffsets: offsets
          })
        const a = run(sqlite)
        expect(await runOnAsyncStore(district, run), q.id).toEqual(a)
        points += a.length
      }
    expect(points).toBeGreaterThan(20)
  }, 120_000)
})
