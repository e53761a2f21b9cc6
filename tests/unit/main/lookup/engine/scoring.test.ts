import { describe, expect, it } from 'vitest'
import { buildRoadGraph } from '../../../../../src/main/lookup/engine/graph'
import { createMemorySightingStore } from '../../../../../src/main/lookup/engine/memoryStore'
import { lookup } from '../../../../../src/main/lookup/engine/engine'
import {
  DEFAULT_TRAVEL_MODEL,
  travelExpect,
  travelProb
} from '../../../../../src/main/lookup/engine/model'
import { selectWindows } from '../../../../../src/main/lookup/engine/windows'
import type { Proposal } from '../../../../../src/main/lookup/engine/windows'
import type { LookupCandidate } from '../../../../../src/shared/lookup/types'
import { T0, cam, ll, read, street } from './helpers'

const at = (s: number): number => T0 + s * 1000

// W ── origin ── J ── E, a straight two-way street (10 m/s limit)
const graph = buildRoadGraph(
  [street('main', -300, 0, 0, 0), street('main2', 0, 0, 300, 0), street('side', 0, 0, 0, 300)],
  [cam('W', -300, 0), cam('J', 0, 0), cam('E', 300, 0)]
)
const [lng, lat] = ll(-150, 2)
const through = (plate: string, s: number): ReturnType<typeof read>[] => [
  read('W', s, plate),
  read('J', s + 30, plate)
]

describe('the leg-time distribution', () => {
  it('weighs an indicator exactly as travelProb does', () => {
    const m = DEFAULT_TRAVEL_MODEL
    for (const [lt, j, a, b] of [
      [30, 1, 10, 40],
      [30, 0, 0, 25],
      [60, 2, 50, 200],
      [5, 1, -10, 3]
    ]) {
      const e = travelExpect(m, lt, j, (s) => (s >= a && s <= b ? 1 : 0), 4000)
      expect(e).toBeCloseTo(travelProb(m, lt, j, a, b), 2)
    }
  })
})

describe('a reported window brackets the incident with a margin', () => {
  // two cars drove W → J through the point; one passed it 10 s after the
  // window opened, the other in the middle of the window
  const store = createMemorySightingStore([...through('浙A10000', 55), ...through('浙A20000', 135)])
  const q = { lat, lng, fromMs: at(60), toMs: at(240) }

  it('ranks the car that passed at the edge below the one that passed inside', () => {
    const res = lookup(graph, store, q)
    expect(res.candidates.map((c) => c.plate)).toEqual(['浙A20000', '浙A10000'])
    const [mid, edge] = res.candidates
    expect(edge.score).toBeLessThan(mid.score / 2)
    expect(edge.score).toBeGreaterThan(0)
  })

  it('a wide window leaves a wider margin: 15 % of it', () => {
    // a ten-minute window: 45 s in is still within the margin of 90 s
    const wide = { lat, lng, fromMs: at(25), toMs: at(625) }
    const res = lookup(graph, store, wide)
    expect(res.candidates.map((c) => c.plate)).toEqual(['浙A20000', '浙A10000'])
    const thirty = lookup(graph, store, wide, { scoring: { windowEdgeShare: 0 } })
    const [a, b] = thirty.candidates
    expect(Math.abs(a.score - b.score)).toBeLessThanOrEqual(0.01 * a.score + 0.001)
  })

  it('without the margin the two are alike', () => {
    const res = lookup(graph, store, q, { scoring: { windowEdgeS: 0, windowEdgeShare: 0 } })
    const [a, b] = res.candidates
    expect(Math.abs(a.score - b.score)).toBeLessThanOrEqual(0.01 * a.score + 0.001)
  })
})

describe('how a drive relates to the point weighs the vehicle', () => {
  // X drove W → J through the point. A was read once, at W: it fits best as
  // a vehicle that set off east of the point and drove west through it, first
  // read after it. B was read once, at J: it fits best as one that went on
  // west through the point and was never read again.
  const store = createMemorySightingStore([
    ...through('浙A12345', 100),
    read('W', 120, '浙C24680'),
    read('J', 140, '浙B67890')
  ])
  const q = { lat, lng, fromMs: at(60), toMs: at(300) }
  const find = (res: ReturnType<typeof lookup>, plate: string): LookupCandidate =>
    res.candidates.find((c) => c.plate === plate) as LookupCandidate

  it('a vehicle first read after the point weighs 3x, one never read after it 0.2x', () => {
    const flat = lookup(graph, store, q, { firstReadWeight: 1, unreadAfterWeight: 1 })
    const res = lookup(graph, store, q)
    const codes = (c: LookupCandidate): string[] => c.reasons.map((r) => r.code)
    expect(codes(find(res, '浙C24680'))).toContain('first_seen_after_origin')
    expect(codes(find(res, '浙B67890'))).not.toContain('first_seen_after_origin')
    const ratio = (r: typeof res, p: string): number => find(r, p).score / find(r, '浙A12345').score
    expect(ratio(res, '浙C24680') / ratio(flat, '浙C24680')).toBeCloseTo(3, 1)
    expect(ratio(res, '浙B67890') / ratio(flat, '浙B67890')).toBeCloseTo(0.2, 1)
    expect(res.candidates.map((c) => c.plate)).toEqual(['浙A12345', '浙C24680', '浙B67890'])
  })
})

describe('windows by probability per camera-minute', () => {
  const prop = (cam: number, lo: number, hi: number, value: number, plate: string): Proposal => ({
    cam,
    lo: at(lo),
    hi: at(hi),
    prob: value,
    hop: 2,
    value,
    plate
  })

  it('adds up the candidates that may pass a camera at the same time', () => {
    // five candidates, each 0.01 over the same two minutes at camera 0,
    // against one candidate worth 0.03 over two minutes at camera 1
    const proposals = [
      ...[1, 2, 3, 4, 5].map((i) => prop(0, 0, 120, 0.01, `P${i}`)),
      prop(1, 0, 120, 0.03, 'Q')
    ]
    const chosen = selectWindows(proposals, 0.001, 2)
    expect(chosen).toHaveLength(1)
    expect(chosen[0]).toMatchObject({ cam: 0, lo: at(0), hi: at(120) })
    expect(chosen[0].value).toBeCloseTo(0.05, 6)
    expect(chosen[0].plates.sort()).toEqual(['P1', 'P2', 'P3', 'P4', 'P5'])
  })

  it('takes the dense part of a wide proposal and joins touching stretches', () => {
    // a wide proposal with a narrow one inside it: within budget only the
    // overlap and then the rest, joined into one window
    const proposals = [prop(0, 0, 600, 0.1, 'A'), prop(0, 100, 110, 0.05, 'B')]
    const tight = selectWindows(proposals, 0.001, 0.2)
    expect(tight).toHaveLength(1)
    expect(tight[0]).toMatchObject({ lo: at(100), hi: at(110) })
    const all = selectWindows(proposals, 0.001, 10)
    expect(all).toHaveLength(1)
    expect(all[0]).toMatchObject({ lo: at(0), hi: at(600) })
    expect(all[0].value).toBeCloseTo(0.15, 6)
    // below the density floor nothing is listed
    expect(selectWindows(proposals, 1, 10)).toEqual([])
  })
})
