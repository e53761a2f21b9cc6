import { describe, expect, it } from 'vitest'
import { buildRoadGraph } from '../../../../../src/main/lookup/engine/graph'
import { createMemorySightingStore } from '../../../../../src/main/lookup/engine/memoryStore'
import { lookup } from '../../../../../src/main/lookup/engine/engine'
import { buildTracks } from '../../../../../src/main/lookup/engine/tracks'
import { DEFAULT_TRAVEL_MODEL } from '../../../../../src/main/lookup/engine/model'
import type { Heading, Sighting, VehicleColor } from '../../../../../src/shared/domain/sighting'
import { T0, cam, ll, read, road, street } from './helpers'

const at = (s: number): number => T0 + s * 1000

describe('hints weigh candidates, never filter them', () => {
  // W ── origin ── J ── E, a straight two-way street
  const graph = buildRoadGraph(
    [street('main', -300, 0, 0, 0), street('main2', 0, 0, 300, 0), street('side', 0, 0, 0, 300)],
    [cam('W', -300, 0), cam('J', 0, 0), cam('E', 300, 0)]
  )
  const [lng, lat] = ll(-150, 2)
  // three cars drove W → J through the point inside the window: the reads alone tie them
  const car = (plate: string, s: number, color: VehicleColor): Sighting[] =>
    [read('W', s, plate), read('J', s + 30, plate)].map((r) => ({
      ...r,
      direction: 'E',
      vehicleColor: color,
      vehicleType: 'sedan'
    }))
  const store = createMemorySightingStore([
    ...car('浙A11111', 100, 'silver'),
    ...car('浙A22222', 110, 'gray'),
    ...car('浙A33333', 120, 'red')
  ])
  const q = { lat, lng, fromMs: at(60), toMs: at(240) }

  it('a wrong colour lowers the car sought but keeps it listed, with the hint it contradicts', () => {
    const plain = lookup(graph, store, q)
    const silverPlain = plain.candidates.find((c) => c.plate === '浙A11111')!
    // the witness saw a gray car; the one sought was silver
    const hinted = lookup(graph, store, { ...q, hints: { color: 'gray' } })
    expect(hinted.candidates.map((c) => c.plate)).toEqual(['浙A22222', '浙A11111', '浙A33333'])
    const silver = hinted.candidates.find((c) => c.plate === '浙A11111')!
    expect(silver.score).toBeLessThan(silverPlain.score)
    expect(silver.score).toBeGreaterThan(0)
    expect(silver.hintMatches).toEqual([{ hint: 'color', verdict: 'contradict', seen: 'silver' }])
    expect(silver.reasons).toContainEqual({
      code: 'hint_contradict',
      params: { hint: 'color', seen: 'silver', value: 'gray' }
    })
    expect(hinted.candidates[0].hintMatches).toEqual([
      { hint: 'color', verdict: 'match', seen: 'gray' }
    ])
    // each read carries its attributes as evidence
    expect(silver.sightings[0]).toMatchObject({ vehicleColor: 'silver', direction: 'E' })
  })

  it('a partial plate puts the plate that fits first; a look-alike miss ranks above a plain miss', () => {
    const res = lookup(graph, store, { ...q, hints: { plate: '浙A3??33' } })
    expect(res.candidates[0].plate).toBe('浙A33333')
    expect(res.candidates).toHaveLength(3)
    expect(res.candidates[0].hintMatches).toEqual([
      { hint: 'plate', verdict: 'match', seen: '浙A33333' }
    ])
  })
})

describe('the heading a camera gives', () => {
  // The origin is on a street whose two ends both lead, round a bend, to Z:
  // a vehicle first read at Z may have left the origin either way. Arriving
  // from the west it heads east at Z; from the east, west.
  //
  //   (-200,300) ── Z(0,300) ── (200,300)
  //       │           │             │
  //   (-200,0) ─── origin ──── (200,0)
  const graph = buildRoadGraph(
    [
      road('south', [
        [-200, 0],
        [200, 0]
      ]),
      road('west', [
        [-200, 0],
        [-200, 300],
        [0, 300]
      ]),
      road('east', [
        [200, 0],
        [200, 300],
        [0, 300]
      ]),
      street('north', 0, 300, 0, 600)
    ],
    [cam('Z', 0, 300), cam('N', 0, 600)]
  )
  const [lng, lat] = ll(0, 2)
  const q = { lat, lng, fromMs: at(0), toMs: at(120), hints: { heading: 'W' as const } }
  const wayOut = (direction: Heading) => {
    const s = { ...read('Z', 100, '浙A12345'), direction }
    const res = lookup(graph, createMemorySightingStore([s]), q)
    return res.candidates[0].hintMatches.find((m) => m.hint === 'heading')
  }

  it('picks the way out of the origin that arrives at the camera with that heading', () => {
    // heading east at Z: it came up the west road, so it left the origin westwards
    expect(wayOut('E')).toEqual({ hint: 'heading', verdict: 'match', seen: 'W' })
    expect(wayOut('W')).toEqual({ hint: 'heading', verdict: 'contradict', seen: 'E' })
  })
})

describe('attributes tie the reads of one vehicle together', () => {
  const graph = buildRoadGraph(
    [street('main', -300, 0, 0, 0), street('main2', 0, 0, 300, 0)],
    [cam('W', -300, 0), cam('J', 0, 0), cam('E', 300, 0)]
  )
  const host = (s: number): Sighting => ({
    ...read('W', s, '浙A18888'),
    vehicleColor: 'silver',
    vehicleType: 'sedan',
    vehicleBrand: 'byd'
  })
  const tracksWith = (lone: Sighting) =>
    buildTracks(
      graph,
      [host(0), { ...host(60), cameraCode: 'E' }, lone],
      new Map(),
      DEFAULT_TRAVEL_MODEL
    )

  it('merges a look-alike misread of the same car, not one of a different car', () => {
    // 8 → B at J, between the two reads in time: a misread of the silver BYD…
    const same = tracksWith({ ...host(30), cameraCode: 'J', plate: '浙A1888B' })
    expect(same.map((t) => t.plate)).toEqual(['浙A18888'])
    // …unless J saw a red truck of another brand: then it is another vehicle
    const other = tracksWith({
      ...host(30),
      cameraCode: 'J',
      plate: '浙A1888B',
      vehicleColor: 'red',
      vehicleType: 'truck',
      vehicleBrand: 'volkswagen'
    })
    expect(other.map((t) => t.plate).sort()).toEqual(['浙A18888', '浙A1888B'])
  })
})
