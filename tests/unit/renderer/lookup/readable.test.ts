import { describe, expect, it } from 'vitest'
import {
  describePlace,
  exitStreet,
  type PlaceRoad
} from '../../../../src/renderer/src/features/lookup/model/place'
import { createRoadRouter } from '../../../../src/renderer/src/features/lookup/model/roadRoute'
import { routeTrail } from '../../../../src/renderer/src/features/lookup/model/trail'
import { scoreLevel } from '../../../../src/renderer/src/features/lookup/model/score'
import type { LookupReason } from '../../../../src/shared/lookup/types'

// about 96 m per 0.001° of longitude and 111 m per 0.001° of latitude at 30°N
const road = (
  name: string,
  lines: [number, number][][],
  kind: string | null = 'road'
): PlaceRoad => ({
  name,
  kind,
  lines
})
// an L: 金城路 east-west, 育才路 north from its east end; a car-park ramp onto 金城路
const roads = [
  road('金城路', [
    [
      [120.26, 30.18],
      [120.262, 30.18],
      [120.264, 30.18]
    ]
  ]),
  road('育才路', [
    [
      [120.264, 30.18],
      [120.264, 30.182]
    ]
  ]),
  road(
    '东瑞小区地下车库出口',
    [
      [
        [120.261, 30.1794],
        [120.261, 30.18]
      ]
    ],
    'parking'
  )
]

describe('places in words', () => {
  it('names the nearest road and the nearest landmark with its distance', () => {
    const p = describePlace({ lng: 120.2625, lat: 30.18003 }, roads, [
      { name: '金城路与育才路交叉口', lng: 120.264, lat: 30.18 },
      { name: '远处的学校', lng: 120.3, lat: 30.2 }
    ])
    expect(p.road).toBe('金城路')
    expect(p.roadM).toBeLessThan(5)
    expect(p.landmark).toBe('金城路与育才路交叉口')
    expect(p.landmarkM).toBeGreaterThan(130)
    expect(p.landmarkM).toBeLessThan(160)
  })

  it('drops a landmark too far away to help', () => {
    const p = describePlace({ lng: 120.26, lat: 30.18 }, roads, [
      { name: '远处的学校', lng: 120.3, lat: 30.2 }
    ])
    expect(p.landmark).toBeNull()
  })

  it('knows a point on a car-park ramp and the street the ramp comes out on', () => {
    const p = describePlace({ lng: 120.261, lat: 30.1796 }, roads, [])
    expect(p).toMatchObject({ road: '东瑞小区地下车库出口', roadKind: 'parking' })
    expect(exitStreet(roads[2].lines[0], roads)).toBe('金城路')
    // a two-way ramp digitized from the street into the car park
    expect(exitStreet([...roads[2].lines[0]].reverse(), roads)).toBe('金城路')
  })
})

describe('trails along the roads', () => {
  it('routes between two cameras over the streets, not across the block', () => {
    const router = createRoadRouter(roads)
    const a = { lng: 120.26, lat: 30.18 }
    const b = { lng: 120.264, lat: 30.182 }
    const path = router.route(a, b)
    // via the corner of 金城路 and 育才路
    expect(path).toContainEqual([120.264, 30.18])
    const stops = [
      { cameraCode: 'A', ...a, trueTs: 0, reads: 1 },
      { cameraCode: 'B', ...b, trueTs: 60_000, reads: 2 }
    ]
    const routed = routeTrail(stops, router)
    expect(routed[0]).toBe(stops[0])
    expect(routed[routed.length - 1]).toBe(stops[1])
    const corner = routed.find((s) => s.lng === 120.264 && s.lat === 30.18)!
    expect(corner.reads).toBe(0)
    // times shared by distance: the corner is 385 m of the 607 m
    expect(corner.trueTs).toBeGreaterThan(35_000)
    expect(corner.trueTs).toBeLessThan(41_000)
  })

  it('falls back to a straight line off the network', () => {
    const router = createRoadRouter(roads)
    const far = { lng: 120.3, lat: 30.2 }
    expect(router.route({ lng: 120.26, lat: 30.18 }, far)).toHaveLength(2)
    expect(createRoadRouter([]).route(far, far)).toHaveLength(2)
  })
})

describe('scores in words', () => {
  const c = (score: number, reasons: LookupReason[] = []) => ({ score, reasons })
  it('reads the chance: a clear leader very likely, never one the reads cannot tell apart', () => {
    expect(scoreLevel(c(0.9), 0.9)).toBe('strong')
    expect(scoreLevel(c(0.9, [{ code: 'equally_likely', params: { count: 2 } }]), 0.9)).toBe(
      'likely'
    )
    expect(scoreLevel(c(0.3), 0.65)).toBe('likely')
    expect(scoreLevel(c(0.1), 0.65)).toBe('possible')
    expect(scoreLevel(c(0.02), 0.65)).toBe('weak')
  })
})
