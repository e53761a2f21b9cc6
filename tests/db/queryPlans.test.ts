import { beforeAll, describe, expect, it } from 'vitest'
import type { WritableDb } from '../../src/main/db/database'
import type { Sql } from '../../src/main/db/sql'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { createTestDb } from '../helpers/db'
import { seedCameras, fields } from '../unit/main/incidents/helpers'
import { createIncident } from '../../src/main/incidents/service'
import { listIncidents, searchIncidents } from '../../src/main/incidents/repository'
import { createSqliteSightingStore } from '../../src/main/sightings/store'
import { prepareSightingInsert } from '../../src/main/sightings/repository'

type Ran = { sql: string; args: unknown[] }

/**
 * Records every statement the code under test runs (with its arguments), so
 * the plans below are those of the repositories' own SQL, not of a copy.
 */
function recordStatements(db: WritableDb): { ran: Ran[]; planOf: (r: Ran) => string } {
  const ran: Ran[] = []
  const prepare = db.prepare.bind(db)
  db.prepare = ((sql: string) => {
    const stmt = prepare(sql)
    for (const m of ['run', 'get', 'all', 'iterate'] as const) {
      const original = (stmt as unknown as Record<string, (...a: unknown[]) => unknown>)[m]
      Object.defineProperty(stmt, m, {
        configurable: true,
        value: function (this: unknown, ...args: unknown[]) {
          ran.push({ sql, args })
          return original.apply(this, args)
        }
      })
    }
    return stmt
  }) as typeof db.prepare
  const planOf = (r: Ran) =>
    (prepare(`EXPLAIN QUERY PLAN ${r.sql}`).all(...r.args) as { detail: string }[])
      .map((p) => p.detail)
      .join('\n')
  return { ran, planOf }
}

const T0 = Date.UTC(2026, 5, 1, 0, 0)
let db: WritableDb
/** the repositories' statements run through the storage seam, as in the app */
let sql: Sql

beforeAll(async () => {
  db = createTestDb()
  sql = sqliteSql(db)
  await seedCameras(sql)
  // enough rows that a scan and a search differ in cost: 600 incidents, 30 000 reads
  const actor = { sql, actor: 'duty', now: T0 }
  for (let i = 0; i < 600; i++)
    await createIncident(
      { ...actor, now: T0 + i * 60_000 },
      fields({
        at: T0 + i * 60_000,
        cameraId: (i % 3) + 1,
        severity: i % 5 === 0 ? 'high' : 'low',
        description: i % 50 === 0 ? '一辆白色轿车刮擦后驶离现场' : `巡查记录 ${i}`
      })
    )
  const insert = prepareSightingInsert(db)
  const reads = Array.from({ length: 30_000 }, (_, i) => ({
    cameraCode: `BG-000${(i % 3) + 1}`,
    ts: T0 + i * 1000,
    plate: `浙A${String(i % 997).padStart(5, '0')}`,
    confidence: 0.9
  }))
  db.transaction(() => insert(reads))()
  db.exec('ANALYZE')
})

describe('the hot queries use their indexes', () => {
  it('sightings by camera and time: a range search of (camera_code, ts)', () => {
    const { ran, planOf } = recordStatements(db)
    const store = createSqliteSightingStore(db)
    const got = store.inRange(['BG-0001'], T0 + 60_000, T0 + 120_000)
    // BETWEEN takes both ends: reads at +60 s … +120 s, one every 3 s
    expect(got.length).toBe(21)
    // one statement for all the cameras asked: their codes joined from a JSON array
    const q = ran.find(
      (r) =>
        /FROM json_each\(\?\) AS j CROSS JOIN sightings/.test(r.sql) &&
        /camera_code = j\.value/.test(r.sql)
    )
    expect(q, 'the store ran no camera query').toBeDefined()
    expect(planOf(q!)).toMatch(
      /SEARCH s USING INDEX sightings_byCameraTs \(camera_code=\? AND ts>\? AND ts<\?\)/
    )
  })

  it('the incident list: newest first straight from the time index, no sort', async () => {
    const { ran, planOf } = recordStatements(db)
    const page = await listIncidents(sql, { limit: 50 })
    expect(page).toHaveLength(50)
    expect(page[0].at).toBe(T0 + 599 * 60_000)
    const plan = planOf(ran.find((r) => /FROM incidents i/.test(r.sql))!)
    expect(plan).toMatch(/SCAN i USING INDEX incidents_byAt/)
    expect(plan).not.toMatch(/TEMP B-TREE/)
    // the next page seeks into the index rather than scanning past the first
    const { ran: ran2, planOf: planOf2 } = recordStatements(db)
    await listIncidents(sql, { limit: 50, before: { at: page[49].at, id: page[49].id } })
    expect(planOf2(ran2.find((r) => /FROM incidents i/.test(r.sql))!)).toMatch(
      /incidents_byAt \(at<\?\)|MULTI-INDEX OR|incidents_byAt/
    )
  })

  it('a filtered list still walks the time index and stops at a page, never sorts', async () => {
    const { ran, planOf } = recordStatements(db)
    const page = await listIncidents(sql, { limit: 20, severities: ['high'] })
    expect(page.every((i) => i.severity === 'high')).toBe(true)
    const plan = planOf(ran.find((r) => /FROM incidents i/.test(r.sql))!)
    expect(plan).toMatch(/incidents_by/)
    expect(plan).not.toMatch(/TEMP B-TREE FOR ORDER BY/)
  })

  it('full-text search: the FTS index drives, incidents are fetched by id, no sort', async () => {
    const { ran, planOf } = recordStatements(db)
    const hits = await searchIncidents(sql, '刮擦', { limit: 20 })
    expect(hits).toHaveLength(12)
    const plan = planOf(ran.find((r) => /incidents_fts MATCH/.test(r.sql))!)
    expect(plan).toMatch(/SCAN s VIRTUAL TABLE INDEX/)
    expect(plan).toMatch(/SEARCH i USING INTEGER PRIMARY KEY \(rowid=\?\)/)
    expect(plan).not.toMatch(/TEMP B-TREE/)
  })
})
