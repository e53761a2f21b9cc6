import { describe, expect, it } from 'vitest'
import { createMemorySightingStore } from '../../../../../src/main/lookup/engine/memoryStore'
import type { Sighting } from '../../../../../src/shared/domain/sighting'

const reads: Sighting[] = [
  {
    cameraCode: 'K-2',
    ts: 3000,
    plate: '浙A1',
    confidence: 0.9,
    vehicleColor: 'white',
    direction: 'N'
  },
  { cameraCode: 'K-1', ts: 1000, plate: '浙A1', confidence: null },
  {
    cameraCode: 'K-1',
    ts: 2000,
    plate: '浙B2',
    confidence: 0.12345678,
    plateColor: 'yellow',
    vehicleType: 'truck',
    vehicleBrand: 'li-auto'
  },
  { cameraCode: 'K-2', ts: 5000, plate: '浙B2', confidence: 0.5 }
]

describe('in-memory sighting store', () => {
  const store = createMemorySightingStore(reads)

  it('answers by camera within the time range, each camera once however often it is asked', () => {
    const got = store.inRange(['K-1', 'K-9', 'K-1', 'K-2'], 1000, 3000)
    expect(got.map((s) => `${s.cameraCode}@${s.ts}`)).toEqual(['K-1@1000', 'K-1@2000', 'K-2@3000'])
    expect(store.inRange(['K-9'], 0, 10_000)).toEqual([])
  })

  it('answers by plate, and gives every attribute back with "not told" as null', () => {
    const got = store.byPlates(['浙B2', '浙B2', '浙C3'], 0, 10_000)
    expect(got.map((s) => s.ts)).toEqual([2000, 5000])
    expect(got[0]).toEqual({
      cameraCode: 'K-1',
      ts: 2000,
      plate: '浙B2',
      confidence: 0.1235,
      direction: null,
      plateColor: 'yellow',
      vehicleColor: null,
      vehicleType: 'truck',
      vehicleBrand: 'li-auto'
    })
    expect(store.byPlates(['浙A1'], 2500, 10_000)).toMatchObject([
      { cameraCode: 'K-2', confidence: 0.9, vehicleColor: 'white', direction: 'N' }
    ])
  })
})
