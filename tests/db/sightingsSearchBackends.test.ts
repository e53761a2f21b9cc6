import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type pg from 'pg'
import { sampleOnBothBackends, SAMPLE, type SampleBackends } from '../helpers/sampleDistrict'
import { parseQueries } from '../unit/main/lookup/engine/dataset'
import type { WritableDb } from '../../src/main/db/database'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { searchVehicles, type VehicleSearchQuery } from '../../src/main/sightings/search'
import { searchVehiclesInDistrict } from '../../src/main/sightings/pgSearch'
import { listCameras } from '../../src/main/cameras/repository'
import { loadClockOffsets } from '../../src/main/lookup/service'

const MIN = 60_000

/**
 * Vehicle search (以车搜车) on SQLite and on PostgreSQL: every kind of query
 * (plate pattern, colour, type, brand, heading, cameras, a drawn area, none)
 * gives the same vehicles, reads and order on the sample city.
 */
describe('vehicle search on SQLite and PostgreSQL: the same answers on sample-city', () => {
  let env: SampleBackends
  let pool: pg.Pool
  let db: WritableDb
  beforeAll(async () => {
    env = await sampleOnBothBackends((room) =>
      // an archived camera stays out of areas on both
      room.prepare("UPDATE cameras SET archived = 1 WHERE code = 'BG-0010'").run()
    )
    ;({ pool, db } = env)
  })
  afterAll(() => env?.close())

  const queries = parseQueries(readFileSync(path.join(SAMPLE, 'queries.jsonl'), 'utf8')).filter(
    (_, i) => i % 20 === 0
  )

  /** Searches an operator would make around each incident of the sample city. */
  function searchesFor(q: (typeof queries)[number], cameraCodes: string[]): VehicleSearchQuery[] {
    const v = q.truth.vehicle
    const plate = q.truth.plate
    const period = { fromMs: q.fromMs, toMs: q.toMs + 30 * MIN, limit: 50 }
    const d = 0.004
    const area: [number, number][] = [
      [q.lng - d, q.lat - d],
      [q.lng + d, q.lat - d],
      [q.lng, q.lat + d]
    ]
    return [
      // a plate seen in part, with a look-alike in the known head
      { ...period, plate: `${plate.slice(0, 3)}?${plate.slice(4, 5)}??` },
      {
        ...period,
        plate: `${plate.slice(0, 2)}${plate[2] === '8' ? 'B' : plate[2]}???${plate.slice(6)}`
      },
      // the case: pattern + colour + 1 h + many cameras
      {
        fromMs: q.fromMs,
        toMs: q.fromMs + 60 * MIN,
        limit: 50,
        plate: `${plate.slice(0, 2)}?${plate.slice(3, 4)}???`,
        color: v.vehicle_color as VehicleSearchQuery['color'],
        cameraCodes
      },
      { ...period, color: v.vehicle_color as VehicleSearchQuery['color'] },
      {
        ...period,
        type: v.vehicle_type as VehicleSearchQuery['type'],
        brand: v.vehicle_brand as VehicleSearchQuery['brand'],
        heading: 'E'
      },
      { ...period, area, color: v.vehicle_color as VehicleSearchQuery['color'] },
      { ...period, area },
      { fromMs: q.fromMs, toMs: q.fromMs + 10 * MIN, limit: 20 }
    ]
  }

  it('gives identical results (vehicles, reads, order, totals) for every kind of search', async () => {
    const offsets = await loadClockOffsets(sqliteSql(db))
    expect(offsets.size).toBeGreaterThan(0)
    const cameras = await listCameras(sqliteSql(db), { includeArchived: true })
    const codes = cameras.map((c) => c.code)
    let vehicles = 0
    let searches = 0
    for (const q of queries)
      for (const s of searchesFor(q, codes)) {
        const a = searchVehicles(db, cameras, s, offsets)
        const b = await searchVehiclesInDistrict(pool, cameras, s, offsets)
        expect(b, `${q.id} ${JSON.stringify(s).slice(0, 120)}`).toEqual(a)
        vehicles += a.vehicles.length
        searches++
      }
    expect(searches).toBe(queries.length * 8)
    // answers with something in them, not empty lists compared
    expect(vehicles).toBeGreaterThan(searches * 2)
  }, 240_000)
})
