import { describe, expect, it } from 'vitest'
import { buildRoadGraph } from '../../../../src/main/lookup/engine/graph'
import { reachableRoads, slicePolyline } from '../../../../src/main/lookup/reach'
import type { RoadFields } from '../../../../src/shared/domain/road'
import type { LookupWindow } from '../../../../src/shared/lookup/types'

// ~111 m per 0.001° of latitude; 0.001° of longitude at 30° N is ~96 m
const road = (
  externalId: string,
  name: string,
  lines: [number, number][][],
  oneway: RoadFields['oneway'] = 'no',
  kind: string | null = 'road'
): RoadFields => ({
  externalId,
  name,
  oneway,
  speedKmh: 36,
  kind,
  lines
})

/**
 * A one-way car-park ramp leading north onto an east-west street; cameras at
 * both ends of the street and one beyond the west one.
 */
const roads = [
  road(
    'R1',
    'ramp',
    [
      [
        [120.001, 29.999],
        [120.001, 30.0]
      ]
    ],
    'forward',
    'parking'
  ),
  road('S1', 'street', [
    [
      [120.0, 30.0],
      [120.001, 30.0],
      [120.002, 30.0]
    ]
  ]),
  road('S2', 'far', [
    [
      [119.998, 30.0],
      [120.0, 30.0]
    ]
  ])
]
const cameras = [
  { code: 'W', name: 'west', lat: 30.0, lng: 120.0, anpr: true, headingDeg: null },
  { code: 'E', name: 'east', lat: 30.0, lng: 120.002, anpr: true, headingDeg: null },
  { code: 'F', name: 'far', lat: 30.0, lng: 119.998, anpr: true, headingDeg: null }
]
const win = (
  cameraCode: string,
  hops: number,
  distanceM: number,
  source: LookupWindow['source'] = 'route'
): LookupWindow => ({
  cameraCode,
  cameraName: cameraCode,
  anpr: true,
  fromMs: 0,
  toMs: 1,
  cameraFromMs: 0,
  cameraToMs: 1,
  distanceM,
  hops,
  source,
  probability: 1,
  plates: []
})

describe('reachable roads', () => {
  const graph = buildRoadGraph(roads, cameras)
  const q = { lat: 29.9995, lng: 120.001, fromMs: 1_000_000, toMs: 1_600_000 }

  it('drives up the one-way ramp only, then both ways along the street, stopping at the window cameras', () => {
    const pieces = reachableRoads(graph, q, [win('W', 1, 160), win('E', 1, 160)])
    const names = pieces.map((p) => p.road)
    expect(names[0]).toBe('ramp')
    // only the half of the ramp towards the street (one-way)
    expect(pieces.filter((p) => p.road === 'ramp')).toHaveLength(1)
    expect(pieces.find((p) => p.road === 'ramp')!.points.at(-1)![1]).toBeCloseTo(30.0, 5)
    expect(names.filter((n) => n === 'street')).toHaveLength(2)
    // W is a last-hop window camera: nothing is drawn beyond it
    expect(names).not.toContain('far')
  })

  it('gives each piece a time range that starts after the window opens and grows with distance', () => {
    const pieces = reachableRoads(graph, q, [win('W', 1, 160), win('E', 1, 160)])
    for (const p of pieces) {
      expect(p.earliestMs).toBeGreaterThanOrEqual(q.fromMs)
      expect(p.latestMs).toBeGreaterThan(q.toMs)
      expect(p.latestMs).toBeGreaterThan(p.earliestMs)
    }
    const ramp = pieces.find((p) => p.road === 'ramp')!
    const street = pieces.find((p) => p.road === 'street')!
    expect(street.latestMs).toBeGreaterThan(ramp.latestMs)
    expect(street.hops).toBeGreaterThanOrEqual(ramp.hops)
  })

  it('bounds the highlight by route windows, not by candidate windows far away', () => {
    const withFar = reachableRoads(graph, q, [
      win('E', 1, 160),
      win('W', 1, 160),
      win('F', 2, 2000, 'candidate')
    ])
    expect(withFar.map((p) => p.road)).not.toContain('far')
    expect(reachableRoads(graph, q, [])).toEqual([])
  })

  it('cuts a polyline between two offsets, in the asked direction', () => {
    const xs = [0, 10, 20]
    const ys = [0, 0, 0]
    const cum = [0, 10, 20]
    expect(slicePolyline(xs, ys, cum, 5, 20)).toEqual([
      [5, 0],
      [10, 0],
      [20, 0]
    ])
    expect(slicePolyline(xs, ys, cum, 15, 0)).toEqual([
      [15, 0],
      [10, 0],
      [0, 0]
    ])
  })
})
