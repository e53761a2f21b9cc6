import { expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import type { Sql } from '../../../../src/main/db/sql'
import { insertSightings } from '../../../../src/main/sightings/repository'
import type { VehicleSearchQuery } from '../../../../src/main/sightings/search'
import { createLookupOps } from '../../../../src/main/lookup/executor'
import { replaceClockOffsets } from '../../../../src/main/lookup/repository'
import type { Sighting } from '../../../../src/shared/domain/sighting'

const T0 = Date.parse('2026-06-01T06:00:00Z')

async function setup(sql: Sql, rows: Sighting[]) {
  await sql.run(
    "INSERT INTO cameras (code, name, lat, lng, anpr, created_at, updated_at) VALUES ('K-1', 'a', 30.10, 120.20, 1, 0, 0), ('K-2', 'b', 30.11, 120.21, 1, 0, 0), ('K-3', 'c', 30.20, 120.30, 1, 0, 0)"
  )
  await insertSightings(sql, rows)
  return sql
}

/** The search as the lookup thread runs it, with these camera clock offsets stored. */
async function searchVehicles(
  sql: Sql,
  q: VehicleSearchQuery,
  offsets: Map<string, number> = new Map()
) {
  await replaceClockOffsets(sql, offsets, 0)
  return createLookupOps(sql).search(q)
}

const read = (
  cameraCode: string,
  s: number,
  plate: string,
  attrs: Partial<Sighting> = {}
): Sighting => ({
  cameraCode,
  ts: T0 + s * 1000,
  plate,
  confidence: 0.9,
  direction: 'E',
  vehicleColor: 'silver',
  vehicleType: 'sedan',
  vehicleBrand: 'byd',
  ...attrs
})

describeBackends('vehicle search (以车搜车)', (b) => {
  it('finds a plate pattern with a look-alike misread merged into its vehicle, best first', async () => {
    const db = await setup(b.sql(), [
      read('K-1', 10, '浙A13578'),
      read('K-2', 60, '浙A13578'),
      read('K-3', 90, '浙A1357B'), // a misread 8 → B
      read('K-1', 20, '浙A23578'), // fits the pattern too
      read('K-1', 30, '浙B13578') // another province: not the pattern
    ])
    const r = await searchVehicles(db, {
      plate: '浙A?35?8',
      fromMs: T0,
      toMs: T0 + 3600_000,
      limit: 10
    })
    expect(r.vehicles.map((v) => v.plate)).toEqual(['浙A13578', '浙A23578'])
    expect(r.vehicles[0].sightings.map((s) => [s.cameraCode, s.plate, s.fuzzy])).toEqual([
      ['K-1', '浙A13578', false],
      ['K-2', '浙A13578', false],
      ['K-3', '浙A1357B', true]
    ])
    expect(r).toMatchObject({ total: 2, truncated: false })
  })

  it('weighs colour like the lookup: a silver car read once as gray comes up for gray, below gray cars', async () => {
    const db = await setup(b.sql(), [
      read('K-1', 10, '浙A00001', { vehicleColor: 'gray' }),
      read('K-2', 50, '浙A00001', { vehicleColor: 'gray' }),
      read('K-1', 20, '浙A00002', { vehicleColor: 'silver' }),
      read('K-2', 70, '浙A00002', { vehicleColor: 'gray' }),
      read('K-1', 30, '浙A00003', { vehicleColor: 'red' })
    ])
    const r = await searchVehicles(db, {
      color: 'gray',
      fromMs: T0,
      toMs: T0 + 3600_000,
      limit: 10
    })
    expect(r.vehicles.map((v) => v.plate)).toEqual(['浙A00001', '浙A00002'])
  })

  it('keeps to the cameras, the area and the heading asked for, in true time', async () => {
    const db = await setup(b.sql(), [
      read('K-1', 10, '浙A00001', { direction: 'N' }),
      read('K-2', 20, '浙A00002'),
      read('K-3', 30, '浙A00003'),
      read('K-2', 4000, '浙A00004')
    ])
    const period = { fromMs: T0, toMs: T0 + 3600_000, limit: 10 }
    const plates = async (q: VehicleSearchQuery, offsets = new Map<string, number>()) =>
      (await searchVehicles(db, q, offsets)).vehicles.map((v) => v.plate)
    expect(await plates({ ...period, cameraCodes: ['K-1', 'K-2'] })).toEqual([
      '浙A00001',
      '浙A00002'
    ])
    const nearAB: [number, number][] = [
      [120.19, 30.09],
      [120.22, 30.09],
      [120.22, 30.12],
      [120.19, 30.12]
    ]
    expect(await plates({ ...period, area: nearAB, heading: 'E' })).toEqual(['浙A00002'])
    // K-2's clock runs 3,500 s fast: its read at 4,000 s was at 500 s true time
    expect(
      await plates({ ...period, cameraCodes: ['K-2'] }, new Map([['K-2', 3_500_000]]))
    ).toEqual(['浙A00004'])
  })

  it('says when it returns only the first vehicles', async () => {
    const db = await setup(
      b.sql(),
      Array.from({ length: 30 }, (_, i) => read('K-1', i, `浙A1${1000 + i}`))
    )
    const r = await searchVehicles(db, { fromMs: T0, toMs: T0 + 3600_000, limit: 5 })
    expect(r.vehicles).toHaveLength(5)
    expect(r).toMatchObject({ total: 30, truncated: true })
  })
})
