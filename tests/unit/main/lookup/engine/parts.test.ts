import { describe, it, expect } from 'vitest'
import fc from 'fast-check'
import { buildRoadGraph, snapToGraph } from '../../../../../src/main/lookup/engine/graph'
import { createMemorySightingStore } from '../../../../../src/main/lookup/engine/memoryStore'
import {
  isLookAlike,
  matchPlates,
  normalizePlate,
  plateVariants,
  wildcardHashes,
  wildcardKeys
} from '../../../../../src/main/lookup/engine/plates'
import { trail } from '../../../../../src/main/lookup/engine/trail'
import type { Sighting } from '../../../../../src/shared/domain/sighting'
import { T0, cam, ll, read, road } from './helpers'

describe('road graph', () => {
  it('joins lines whose ends are within 1 m into one junction, not farther ones', () => {
    const g = buildRoadGraph(
      [
        road('a', [
          [0, 0],
          [100, 0]
        ]),
        road('b', [
          [100.6, 0],
          [200, 0]
        ]),
        road('c', [
          [203, 0],
          [300, 0]
        ])
      ],
      []
    )
    // a and b share a node; c starts 3 m away from b's end: its own node
    expect(g.nodeX.length).toBe(5)
    const deg = [...g.nodeDegree].sort()
    expect(deg).toEqual([1, 1, 1, 1, 2])
  })

  it('splits lines at a vertex other lines share (a crossing drawn as one long way)', () => {
    const g = buildRoadGraph(
      [
        road('long', [
          [0, 0],
          [100, 0],
          [200, 0]
        ]),
        road('cross', [
          [100, -100],
          [100, 0],
          [100, 100]
        ])
      ],
      []
    )
    expect(g.links.length).toBe(4)
    expect(Math.max(...g.nodeDegree)).toBe(4)
  })

  it('makes arcs from oneway: forward, backward, both', () => {
    const g = buildRoadGraph(
      [
        road(
          'f',
          [
            [0, 0],
            [100, 0]
          ],
          { oneway: 'forward' }
        ),
        road(
          'b',
          [
            [0, 100],
            [100, 100]
          ],
          { oneway: 'backward' }
        ),
        road('n', [
          [0, 200],
          [100, 200]
        ])
      ],
      []
    )
    expect(g.arcFrom.length).toBe(4)
    const f = g.links.find((l) => g.roads[l.road].externalId === 'f')
    const b = g.links.find((l) => g.roads[l.road].externalId === 'b')
    expect(f && f.fwd >= 0 && f.bwd < 0).toBe(true)
    expect(b && b.fwd < 0 && b.bwd >= 0).toBe(true)
    expect(f && g.arcLen[f.fwd]).toBeCloseTo(100, 0)
    expect(f && g.arcSpeed[f.fwd]).toBeCloseTo(10, 5)
  })

  it('puts a camera on the junction it watches, or splits the road under a mid-block one', () => {
    const g = buildRoadGraph(
      [
        road('a', [
          [0, 0],
          [400, 0]
        ]),
        road('b', [
          [400, 0],
          [400, 300]
        ])
      ],
      [cam('X', 405, 3), cam('M', 200, 4), cam('FAR', 200, 500)]
    )
    const x = g.cameras[g.cameraIndex.get('X') as number]
    const m = g.cameras[g.cameraIndex.get('M') as number]
    expect(g.nodeDegree[x.node]).toBe(2)
    expect(x.offsetM).toBeLessThan(7)
    expect(g.nodeDegree[m.node]).toBe(2)
    expect(g.links.length).toBe(3)
    expect(g.cameras[g.cameraIndex.get('FAR') as number].node).toBe(-1)
  })

  it('snaps a click to the nearest road with its distance', () => {
    const g = buildRoadGraph(
      [
        road('a', [
          [0, 0],
          [400, 0]
        ]),
        road('b', [
          [0, 50],
          [400, 50]
        ])
      ],
      []
    )
    const [lng, lat] = ll(120, 12)
    const s = snapToGraph(g, lng, lat)
    expect(s && g.roads[g.links[s.link].road].externalId).toBe('a')
    expect(s?.distM).toBeCloseTo(12, 0)
    expect(s?.offsetM).toBeCloseTo(120, 0)
    const [lng2, lat2] = ll(120, 5000)
    expect(snapToGraph(g, lng2, lat2, 200)).toBeNull()
  })
})

describe('plates', () => {
  it('matches one substitution and tells look-alikes apart', () => {
    expect(matchPlates('浙A12345', '浙A12345')).toEqual({ subs: 0, lookAlike: false, at: -1 })
    expect(matchPlates('浙A12345', '浙A1234S')).toEqual({ subs: 1, lookAlike: true, at: 6 })
    expect(matchPlates('浙A12345', '浙A12W45')?.lookAlike).toBe(false)
    expect(matchPlates('浙A12345', '浙A12W4S')).toBeNull()
    expect(matchPlates('浙A12345', '浙A123456')).toBeNull()
    expect(isLookAlike('8', 'B')).toBe(true)
    expect(isLookAlike('0', 'D')).toBe(true)
    expect(isLookAlike('2', 'Z')).toBe(true)
    expect(isLookAlike('A', 'W')).toBe(false)
    expect(normalizePlate('浙a·123 45')).toBe('浙A12345')
  })

  it('lists variants look-alikes first, all within one substitution', () => {
    const v = plateVariants('浙A18B05')
    expect(v.slice(0, 3).every((x) => matchPlates('浙A18B05', x)?.lookAlike)).toBe(true)
    expect(v).toContain('浙A1BB05')
    expect(v).toContain('浙A18805')
    expect(v).toContain('苏A18B05')
    expect(v.every((x) => matchPlates('浙A18B05', x)?.subs === 1)).toBe(true)
    expect(
      plateVariants('浙A18B05', { lookAlikeOnly: true }).every(
        (x) => matchPlates('浙A18B05', x)?.lookAlike
      )
    ).toBe(true)
  })

  it('shares a wildcard key exactly when one substitution apart', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Z]{5}$/),
        fc.stringMatching(/^[0-9A-Z]{5}$/),
        (a, b) => {
          const ka = new Set(wildcardKeys(`浙A${a}`))
          const share = wildcardKeys(`浙A${b}`).some((k) => ka.has(k))
          const m = matchPlates(`浙A${a}`, `浙A${b}`)
          return share === (m !== null)
        }
      )
    )
  })

  it('hashes wildcard keys so that equal keys hash alike, position by position', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9A-Z]{5}$/),
        fc.stringMatching(/^[0-9A-Z]{5}$/),
        (a, b) => {
          const [ka, kb] = [wildcardKeys(`浙A${a}`), wildcardKeys(`浙A${b}`)]
          const [ha, hb] = [wildcardHashes(`浙A${a}`), wildcardHashes(`浙A${b}`)]
          return ka.every((k, i) => (k === kb[i] ? ha[i] === hb[i] : true))
        }
      )
    )
    // one substitution apart: the hash at that position is shared
    expect(wildcardHashes('浙A12345')[4]).toBe(wildcardHashes('浙A12B45')[4])
    expect(wildcardHashes('浙A12345')[3]).not.toBe(wildcardHashes('浙A12B45')[3])
  })
})

describe('memory sighting store', () => {
  const arb = fc.array(
    fc.record({
      cameraCode: fc.constantFrom('A', 'B', 'C'),
      ts: fc.integer({ min: 0, max: 1000 }),
      plate: fc.constantFrom('P1', 'P2', 'P3', 'P4'),
      confidence: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null })
    }),
    { maxLength: 80 }
  )
  const key = (s: Sighting): string => `${s.cameraCode}|${s.ts}|${s.plate}`

  it('answers inRange and byPlates as a full scan would', () => {
    fc.assert(
      fc.property(
        arb,
        fc.integer({ min: -10, max: 1000 }),
        fc.integer({ min: 0, max: 600 }),
        (rows, from, len) => {
          const store = createMemorySightingStore(rows)
          const to = from + len
          const a = store.inRange(['A', 'C', 'Z'], from, to).map(key).sort()
          const b = rows
            .filter(
              (s) => (s.cameraCode === 'A' || s.cameraCode === 'C') && s.ts >= from && s.ts <= to
            )
            .map(key)
            .sort()
          const c = store.byPlates(['P2', 'P4', 'nope'], from, to).map(key).sort()
          const d = rows
            .filter((s) => (s.plate === 'P2' || s.plate === 'P4') && s.ts >= from && s.ts <= to)
            .map(key)
            .sort()
          return JSON.stringify(a) === JSON.stringify(b) && JSON.stringify(c) === JSON.stringify(d)
        }
      )
    )
  })

  it('keeps confidences and nulls', () => {
    const store = createMemorySightingStore([read('A', 1, 'P', 0.87), read('A', 2, 'P', null)])
    expect(store.inRange(['A'], T0, T0 + 5000).map((s) => s.confidence)).toEqual([0.87, null])
  })
})

describe('trail', () => {
  const store = createMemorySightingStore([
    read('C', 30, '浙A12845'),
    read('A', 10, '浙A12845'),
    read('B', 20, '浙A12B45'), // look-alike misread
    read('D', 25, '浙A12W45'), // other one-character difference
    read('E', 15, '浙A99999'),
    read('A', 9000, '浙A12845') // outside the period
  ])

  it('returns all reads of the plate in the period, time-ordered, misreads flagged', () => {
    const t = trail(store, '浙A12845', T0, T0 + 3600_000)
    expect(t.map((p) => [p.cameraCode, p.plate, p.fuzzy, p.lookAlike])).toEqual([
      ['A', '浙A12845', false, false],
      ['B', '浙A12B45', true, true],
      ['D', '浙A12W45', true, false],
      ['C', '浙A12845', false, false]
    ])
    expect(
      trail(store, '浙A12845', T0, T0 + 3600_000, true, { lookAlikeOnly: true }).map(
        (p) => p.cameraCode
      )
    ).toEqual(['A', 'B', 'C'])
  })

  it('matches exactly without fuzz and orders by corrected camera time', () => {
    expect(trail(store, '浙A12845', T0, T0 + 3600_000, false).map((p) => p.cameraCode)).toEqual([
      'A',
      'C'
    ])
    // C's clock runs 25 s fast: its read is really at 5 s, before A
    const t = trail(store, '浙A12845', T0, T0 + 3600_000, false, {
      clockOffsets: new Map([['C', 25000]])
    })
    expect(t.map((p) => p.cameraCode)).toEqual(['C', 'A'])
    expect(t[0].trueTs).toBe(T0 + 5000)
  })
})
