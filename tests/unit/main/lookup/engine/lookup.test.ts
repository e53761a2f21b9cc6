import { describe, it, expect } from 'vitest'
import { buildRoadGraph, snapToGraph } from '../../../../../src/main/lookup/engine/graph'
import { DEFAULT_TRAVEL_MODEL } from '../../../../../src/main/lookup/engine/model'
import { unreadWalk } from '../../../../../src/main/lookup/engine/windows'
import type { PassGuess } from '../../../../../src/main/lookup/engine/windows'
import { createMemorySightingStore } from '../../../../../src/main/lookup/engine/memoryStore'
import { formatIso, lookup, toLookupJson } from '../../../../../src/main/lookup/engine/engine'
import { estimateClockOffsets } from '../../../../../src/main/lookup/engine/clock'
import type { Sighting } from '../../../../../src/shared/domain/sighting'
import { T0, cam, grid, ll, read, rng, road, street } from './helpers'

const at = (s: number): number => T0 + s * 1000

describe('lookup windows', () => {
  // A ──one-way──▶ B ── D, with C north of B and E west of A
  const roads = [
    road(
      'oneway',
      [
        [0, 0],
        [300, 0]
      ],
      { oneway: 'forward' }
    ),
    road('east', [
      [300, 0],
      [600, 0]
    ]),
    road('north', [
      [300, 0],
      [300, 300]
    ]),
    road('west', [
      [-300, 0],
      [0, 0]
    ])
  ]
  const cameras = [
    cam('A', 0, 0),
    cam('B', 300, 0),
    cam('C', 300, 300, false),
    cam('D', 600, 0),
    cam('E', -300, 0)
  ]

  it('lists only cameras downstream of a one-way street, first the one at its end', () => {
    const graph = buildRoadGraph(roads, cameras)
    const [lng, lat] = ll(150, 3)
    const res = lookup(graph, createMemorySightingStore([]), {
      lat,
      lng,
      fromMs: at(0),
      toMs: at(300)
    })
    expect(res.origin.road).toBe('oneway')
    expect(res.origin.directions).toBe(1)
    expect(res.origin.snappedM).toBeCloseTo(3, 0)
    const codes = res.windows.map((w) => w.cameraCode)
    expect(codes[0]).toBe('B')
    expect(codes).not.toContain('A')
    expect(codes).not.toContain('E')
    const b = res.windows.find((w) => w.cameraCode === 'B')
    expect(b?.hops).toBe(1)
    // 150 m at up to 1.4 x 10 m/s: at least ~8 s after `from`; a red light or two later than `to`
    expect(b && b.fromMs).toBeGreaterThanOrEqual(at(0) + 7000)
    expect(b && b.fromMs).toBeLessThanOrEqual(at(0) + 15000)
    expect(b && b.toMs).toBeGreaterThanOrEqual(at(300) + 15000)
    expect(b && b.toMs).toBeLessThanOrEqual(at(300) + 180000)
  })

  it('turns the windows around when the street runs the other way', () => {
    const reversed = [
      road(
        'oneway',
        [
          [0, 0],
          [300, 0]
        ],
        { oneway: 'backward' }
      ),
      ...roads.slice(1)
    ]
    const graph = buildRoadGraph(reversed, cameras)
    const [lng, lat] = ll(150, 0)
    const res = lookup(graph, createMemorySightingStore([]), {
      lat,
      lng,
      fromMs: at(0),
      toMs: at(300)
    })
    const codes = res.windows.map((w) => w.cameraCode)
    expect(codes[0]).toBe('A')
    expect(codes).not.toContain('B')
    expect(codes).not.toContain('D')
  })

  it('serializes to the CLI shape: ISO times with offset and millis, earliest window first', () => {
    expect(formatIso(Date.UTC(2026, 5, 1, 6, 3, 10), 480)).toBe('2026-06-01T14:03:10.000+08:00')
    expect(formatIso(Date.UTC(2026, 5, 1, 6, 3, 10, 250), -90)).toBe(
      '2026-06-01T04:33:10.250-01:30'
    )
    const graph = buildRoadGraph(roads, cameras)
    const [lng, lat] = ll(150, 0)
    const json = toLookupJson(
      lookup(graph, createMemorySightingStore([read('B', 40, '浙A11111')]), {
        lat,
        lng,
        fromMs: at(0),
        toMs: at(300)
      })
    )
    expect(Object.keys(json)).toEqual(['origin', 'windows', 'candidates'])
    expect(json.origin.road).toBe('oneway')
    expect(typeof json.origin.snapped_m).toBe('number')
    for (const w of json.windows) {
      expect(w.from).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/)
      expect(Date.parse(w.to)).toBeGreaterThanOrEqual(Date.parse(w.from))
      expect(w.hops).toBeGreaterThanOrEqual(1)
    }
    const froms = json.windows.map((w) => Date.parse(w.from))
    expect([...froms].sort((a, b) => a - b)).toEqual(froms)
    expect(json.candidates[0]).toMatchObject({
      plate: '浙A11111',
      sightings: [{ camera_code: 'B', plate: '浙A11111', confidence: 0.9 }]
    })
    expect(json.candidates[0].sightings[0].ts).toBe('2026-06-01T14:00:40.000+08:00')
  })
})

describe('lookup from a dead-end car park exit', () => {
  // car park P (dead end) ──ramp, one-way──▶ J on a street W ── J ── E
  const roads = [
    road(
      'ramp',
      [
        [0, -100],
        [0, 0]
      ],
      { oneway: 'forward', kind: 'parking', speedKmh: 18 }
    ),
    road('street-w', [
      [-300, 0],
      [0, 0]
    ]),
    road('street-e', [
      [0, 0],
      [300, 0]
    ])
  ]
  const cameras = [cam('W', -300, 0), cam('J', 0, 0), cam('E', 300, 0)]
  const graph = buildRoadGraph(roads, cameras)
  const [lng, lat] = ll(0, -50)
  const sightings: Sighting[] = [
    // left the car park: first read at J, then E
    read('J', 310, '浙ACAR01'),
    read('E', 342, '浙ACAR01'),
    // through traffic on the street: read at W before J, so it never was on the ramp
    read('W', 280, '浙ATHRU1'),
    read('J', 310, '浙ATHRU1'),
    read('E', 340, '浙ATHRU1'),
    // at J long after the vehicle could have left the ramp
    read('J', 1500, '浙ALATE1')
  ]
  const res = lookup(graph, createMemorySightingStore(sightings), {
    lat,
    lng,
    fromMs: at(0),
    toMs: at(600)
  })

  it('starts the windows at the junction the ramp leads to', () => {
    expect(res.origin.roadKind).toBe('parking')
    expect(res.windows[0].cameraCode).toBe('J')
    expect(res.windows.filter((w) => w.hops === 1).map((w) => w.cameraCode)).toEqual(['J'])
  })

  it('ranks the car that came out of the car park first and rules out the others', () => {
    expect(res.candidates[0].plate).toBe('浙ACAR01')
    expect(res.candidates[0].reasons.map((r) => r.code)).toContain('first_seen_after_origin')
    const thru = res.candidates.find((c) => c.plate === '浙ATHRU1')
    // a read on the street before the junction means it never drove the ramp
    expect(thru === undefined || thru.score < res.candidates[0].score / 10).toBe(true)
    expect(res.candidates.find((c) => c.plate === '浙ALATE1')).toBeUndefined()
    const ev = res.candidates[0].sightings
    expect(ev.map((e) => e.cameraCode)).toEqual(['J', 'E'])
    expect(ev.every((e) => e.role === 'after' && e.consistent)).toBe(true)
    expect(ev[0].windowIndex).not.toBeNull()
  })

  it('says when the reads cannot tell candidates apart', () => {
    // a second car leaves the car park 90 s later, read alike: J then E
    const two = lookup(
      graph,
      createMemorySightingStore([
        ...sightings,
        read('J', 400, '浙ACAR02'),
        read('E', 432, '浙ACAR02')
      ]),
      { lat, lng, fromMs: at(0), toMs: at(600) }
    )
    const tied = (plate: string) =>
      two.candidates
        .find((c) => c.plate === plate)
        ?.reasons.find((r) => r.code === 'equally_likely')
    expect(tied('浙ACAR01')?.params.count).toBe(1)
    expect(tied('浙ACAR02')?.params.count).toBe(1)
    expect(
      two.candidates
        .slice(0, 2)
        .map((c) => c.plate)
        .sort()
    ).toEqual(['浙ACAR01', '浙ACAR02'])
    // alone, the car that came out is not tied with anything
    expect(res.candidates[0].reasons.some((r) => r.code === 'equally_likely')).toBe(false)
  })

  it('predicts the next cameras of the best candidate with tight windows', () => {
    const e = res.windows.find(
      (w) => w.cameraCode === 'E' && w.fromMs <= at(342) && w.toMs >= at(342)
    )
    expect(e).toBeDefined()
    expect(e && e.plates).toContain('浙ACAR01')
  })
})

describe('lookup with a misread plate', () => {
  const roads = [
    road('west', [
      [-300, 0],
      [0, 0]
    ]),
    road('east', [
      [0, 0],
      [300, 0]
    ]),
    road('far', [
      [-600, 0],
      [-300, 0]
    ])
  ]
  const cameras = [cam('F', -600, 0), cam('W', -300, 0), cam('J', 0, 0), cam('E', 300, 0)]
  const graph = buildRoadGraph(roads, cameras)
  const [lng, lat] = ll(-150, 0)

  it('merges a one-character look-alike misread into the vehicle it belongs to', () => {
    const sightings = [
      read('F', 70, '浙A12845', 0.93),
      read('W', 100, '浙A12845', 0.95),
      read('J', 125, '浙A12B45', 0.71), // 8 read as B
      read('E', 150, '浙A12845', 0.92)
    ]
    const res = lookup(graph, createMemorySightingStore(sightings), {
      lat,
      lng,
      fromMs: at(0),
      toMs: at(300)
    })
    expect(res.candidates.map((c) => c.plate)).toEqual(['浙A12845'])
    const c = res.candidates[0]
    expect(c.fuzzyMatched).toBe(true)
    expect(c.plateVariants).toEqual(['浙A12B45'])
    const misread = c.sightings.find((s) => s.cameraCode === 'J')
    expect(misread).toMatchObject({
      plate: '浙A12B45',
      fuzzy: true,
      lookAlike: true,
      role: 'after'
    })
    expect(c.reasons.find((r) => r.code === 'fuzzy_plate')?.params).toMatchObject({
      variant: '浙A12B45',
      camera: 'J'
    })
    // passed the origin between W (100 s) and J (125 s)
    expect(c.originMs).toBeGreaterThan(at(100))
    expect(c.originMs).toBeLessThan(at(125))
  })

  it('keeps two real plates one character apart apart when their reads cannot be one drive', () => {
    const sightings = [
      read('W', 100, '浙A12845'),
      read('J', 125, '浙A12845'),
      // same look-alike plate, but at the far camera 5 s after W: not drivable (300 m)
      read('F', 105, '浙A12B45')
    ]
    const res = lookup(graph, createMemorySightingStore(sightings), {
      lat,
      lng,
      fromMs: at(0),
      toMs: at(300)
    })
    const c = res.candidates.find((x) => x.plate === '浙A12845')
    expect(c?.fuzzyMatched).toBe(false)
  })
})

/**
 * Traffic on the grid: vehicles start at random junctions, drive 4-6 blocks
 * without turning back at 0.85-1.25x the limit, sometimes wait at a signal,
 * and are read at every junction with ±1 s jitter; one camera's clock runs
 * 30 s fast.
 */
function gridTraffic(fast: Record<string, number>, n = 700, seed = 7): Sighting[] {
  const r = rng(seed)
  const out: Sighting[] = []
  for (let v = 0; v < n; v++) {
    const plate = `浙A${String(10000 + v)}`
    let i = Math.floor(r() * 4)
    let j = Math.floor(r() * 4)
    let pi = -1
    let pj = -1
    let t = r() * 3600
    const speed = 10 * (0.85 + 0.4 * r())
    const steps = 4 + Math.floor(r() * 3)
    for (let s = 0; s <= steps; s++) {
      const code = `J${i}${j}`
      out.push({
        cameraCode: code,
        ts: T0 + Math.round((t + (r() * 2 - 1) + (fast[code] ?? 0)) * 1000),
        plate,
        confidence: 0.9
      })
      const moves = [
        [i + 1, j],
        [i - 1, j],
        [i, j + 1],
        [i, j - 1]
      ].filter(([a, b]) => a >= 0 && a < 4 && b >= 0 && b < 4 && !(a === pi && b === pj))
      const [ni, nj] = moves[Math.floor(r() * moves.length)]
      pi = i
      pj = j
      i = ni
      j = nj
      t += 200 / speed + (r() < 0.35 ? r() * 45 : 0)
    }
  }
  return out
}

describe('camera clock offsets', () => {
  const { roads, cameras } = grid()
  const graph = buildRoadGraph(roads, cameras)

  it('finds a camera whose clock runs fast from the plates of neighbouring cameras', () => {
    const offsets = estimateClockOffsets(graph, gridTraffic({ J11: 30 }))
    expect(Math.abs((offsets.get('J11') ?? 0) - 30000)).toBeLessThan(5000)
    expect([...offsets.keys()]).toEqual(['J11'])
  })

  it('finds a slow clock and two offsets at once', () => {
    const offsets = estimateClockOffsets(graph, gridTraffic({ J12: -25, J21: 40 }, 800, 11))
    expect(Math.abs((offsets.get('J12') ?? 0) + 25000)).toBeLessThan(5000)
    expect(Math.abs((offsets.get('J21') ?? 0) - 40000)).toBeLessThan(5000)
    expect(offsets.size).toBe(2)
  })

  it('corrects reads of the fast camera before fitting them to a drive', () => {
    const offsets = new Map([['J11', 30000]])
    // J10 (200,0) → origin on the street to J11 (200,200) → J11, whose clock adds 30 s
    const sightings = [
      read('J10', 100, '浙AFAST1'),
      read('J11', 120 + 30, '浙AFAST1'),
      read('J12', 140, '浙AFAST1')
    ]
    const [lng, lat] = ll(200, 100)
    const q = { lat, lng, fromMs: at(0), toMs: at(300) }
    const res = lookup(graph, createMemorySightingStore(sightings), q, { clockOffsets: offsets })
    const c = res.candidates.find((x) => x.plate === '浙AFAST1')
    expect(c).toBeDefined()
    const j11 = c?.sightings.find((s) => s.cameraCode === 'J11')
    expect(j11?.trueTs).toBe(at(120))
    expect(j11?.consistent).toBe(true)
    expect(c?.reasons.map((r) => r.code)).toContain('clock_corrected')
    expect(c?.originMs).toBeGreaterThan(at(100))
    expect(c?.originMs).toBeLessThan(at(120))
    // the window at J11 is in true time; the camera-clock range is shifted by the offset
    const w = res.windows.find(
      (x) => x.cameraCode === 'J11' && x.fromMs <= at(120) && x.toMs >= at(120)
    )
    expect(w).toBeDefined()
    expect(w && w.cameraFromMs - w.fromMs).toBe(30000)
    // without the correction the J11 read would come 50 s after J10 for a 20 s drive
    const raw = lookup(graph, createMemorySightingStore(sightings), q)
    const rc = raw.candidates.find((x) => x.plate === '浙AFAST1')
    expect(rc === undefined || (rc.originMs > at(100) && rc.originMs < at(150))).toBe(true)
  })
})

describe('the way a vehicle left the point, from its reads', () => {
  // the point P on a street A(0,0) ── P(100,0) ── E(220,0); from A and from E
  // streets run north to a street along y = 300 with a plate camera D at
  // (100,300): P → D is 500 m by way of A, 540 m by way of E (10 m/s)
  const roads = [
    street('south', 0, 0, 220, 0),
    street('west', 0, 0, 0, 300),
    street('east', 220, 0, 220, 300),
    street('north', 0, 300, 220, 300)
  ]
  const [lng, lat] = ll(100, 0)
  const afterS = (anprAtA: boolean): number => {
    const cameras = [cam('A', 0, 0, anprAtA), cam('D', 100, 300)]
    const res = lookup(
      buildRoadGraph(roads, cameras),
      createMemorySightingStore([read('D', 400, '浙ARING1')]),
      { lat, lng, fromMs: at(240), toMs: at(380) }
    )
    const c = res.candidates.find((x) => x.plate === '浙ARING1')
    const r = c?.reasons.find((x) => x.code === 'first_seen_after_origin')
    return r ? Number(r.params.afterS) : NaN
  }
  const typical = (lt: number): number => (lt * (1 + DEFAULT_TRAVEL_MODEL.slowFactor)) / 2

  it('takes the quicker way when nothing speaks against it', () => {
    expect(afterS(false)).toBeCloseTo(typical(50), 0)
  })

  it('takes the other way when the quicker one passes a plate camera that did not read it', () => {
    // both ways fit the read at D at 400 s with the point passed in [240, 380]
    expect(afterS(true)).toBeCloseTo(typical(54), 0)
  })
})

describe('where a vehicle goes after its last read', () => {
  // W(0,0) ── J(300,0), then north to N (plate camera) or south to S (plain camera)
  const roads = [
    street('w', 0, 0, 300, 0),
    street('n', 300, 0, 300, 300),
    street('s', 300, 0, 300, -300)
  ]
  const cameras = [cam('N', 300, 300), cam('S', 300, -300, false)]
  const graph = buildRoadGraph(roads, cameras)
  const w = snapToGraph(graph, ...ll(0, 0), 5)
  const startNode = w ? (w.offsetM < 1 ? graph.links[w.link].a : graph.links[w.link].b) : -1
  const opt = { maxHops: 6, minProb: 0.01, horizonS: 300 }
  const probOf = (gs: { cam: number; prob: number }[], code: string): number =>
    gs.filter((g) => g.cam === graph.cameraIndex.get(code)).reduce((a, g) => a + g.prob, 0)

  it('turns where no plate camera read it, when the plate camera there was watched', () => {
    const start = { node: startNode, arcIn: -1, lt: 0, j: 0 }
    const walk = (
      from: number,
      to: number,
      readUntil: () => number,
      cache?: Map<string, PassGuess[]>
    ): PassGuess[] =>
      unreadWalk(
        graph,
        DEFAULT_TRAVEL_MODEL,
        start,
        at(from),
        at(to),
        0,
        readUntil,
        opt,
        false,
        cache
      )
    const silent = walk(0, 0, () => Infinity)
    // a priori half and half; N would have read it 92 times in 100
    const miss = DEFAULT_TRAVEL_MODEL.missRate
    expect(probOf(silent, 'S')).toBeCloseTo(0.5 / (0.5 + 0.5 * miss), 6)
    expect(probOf(silent, 'N')).toBeCloseTo((0.5 * miss) / (0.5 + 0.5 * miss), 6)
    // N's reads not looked at: nothing is known, both ways stay even
    const unknown = walk(0, 0, () => -Infinity)
    expect(probOf(unknown, 'S')).toBeCloseTo(0.5, 6)
    expect(probOf(unknown, 'N')).toBeCloseTo(0.5, 6)
    // the same walk shifted in time comes out of the cache
    const cache = new Map<string, PassGuess[]>()
    const a = walk(0, 0, () => Infinity, cache)
    const b = walk(60, 90, () => Infinity, cache)
    expect(cache.size).toBe(1)
    expect(b.map((g) => g.lo - at(60))).toEqual(a.map((g) => g.lo - at(0)))
    expect(b.map((g) => g.hi - at(90))).toEqual(a.map((g) => g.hi - at(0)))
  })
})
