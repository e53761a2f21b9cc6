import { expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { createTestDeps } from '../../../helpers/appDeps'
import { dispatchAs } from '../../../helpers/dispatchAs'
import { createDispatcher, type Handlers } from '../../../../src/main/api/dispatch'
import { value } from '../../../../src/main/db/sql'
import { createLookupRunner } from '../../../../src/main/lookup/runner'
import { sightingsHandlers } from '../../../../src/main/sightings/handlers'
import type { VehicleSearchResult } from '../../../../src/shared/ipc/contracts/lookup'

const T0 = Date.UTC(2026, 5, 1, 6, 0)

describeBackends('live plate reads and the vehicle search', (b) => {
  it('takes reads of registered cameras, refuses a batch naming an unknown one, and finds what it took', async () => {
    const sql = b.sql()
    await sql.run(
      "INSERT INTO cameras (code, name, lat, lng, anpr, created_at, updated_at) VALUES ('K-1', 'a', 30.10, 120.20, 1, 0, 0), ('K-2', 'b', 30.11, 120.21, 1, 0, 0)"
    )
    const { deps } = createTestDeps(sql, T0)
    const runner = createLookupRunner(sql, { workerFile: null })
    const { as, ok } = dispatchAs(
      createDispatcher(sightingsHandlers(deps, { runner }) as unknown as Handlers, deps)
    )
    const admin = as('admin')
    const read = (cameraCode: string, s: number, plate: string) => ({
      cameraCode,
      ts: T0 + s * 1000,
      plate,
      confidence: 0.9,
      direction: 'E' as const,
      vehicleColor: 'white' as const
    })
    const count = () => value<number>(sql, 'SELECT COUNT(*) AS n FROM sightings')

    const refused = await admin('sightings:ingest', {
      sightings: [read('K-1', 1, '浙A12345'), read('K-9', 2, '浙A12345')]
    })
    expect(refused.ok ? null : refused.error.details).toMatchObject({ reason: 'unknown_camera' })
    expect(Number(await count())).toBe(0)

    expect(
      await ok(
        admin('sightings:ingest', {
          sightings: [
            read('K-1', 10, '浙A12345'),
            read('K-2', 70, '浙A12345'),
            { ...read('K-2', 80, '浙B00001'), vehicleColor: null }
          ]
        })
      )
    ).toEqual({ accepted: 3 })
    expect(Number(await count())).toBe(3)

    const found = await ok(
      admin<VehicleSearchResult>('sightings:search', {
        plate: '浙A1234?',
        fromMs: T0,
        toMs: T0 + 3_600_000,
        limit: 10
      })
    )
    expect(found.vehicles.map((v) => v.plate)).toEqual(['浙A12345'])
    expect(found.vehicles[0].sightings.map((s) => [s.cameraCode, s.vehicleColor])).toEqual([
      ['K-1', 'white'],
      ['K-2', 'white']
    ])
    await runner.close()
  })
})
