import { describe, expect, it } from 'vitest'
import {
  clampDwell,
  prepareLeadMs,
  tourAssignments,
  tourFrame,
  type TourSpec
} from '../../../../src/renderer/src/features/wall/model/tour'

const spec = (over: Partial<TourSpec> = {}): TourSpec => ({
  cameraIds: [1, 2, 3],
  target: { kind: 'tile', index: 0 },
  dwellMs: 10_000,
  startedAt: 1_000_000,
  label: 'x',
  ...over
})

describe('tours', () => {
  it('keeps the dwell between 5 s and 5 min', () => {
    expect(clampDwell(1000)).toBe(5000)
    expect(clampDwell(10 * 60_000)).toBe(300_000)
    expect(clampDwell(12_345)).toBe(12_345)
  })

  it('cycles a group through one tile', () => {
    const s = spec()
    expect([0, 1, 2, 3, 4].map((k) => tourAssignments(s, 4, k).get(0))).toEqual([1, 2, 3, 1, 2])
    expect(tourAssignments(s, 4, 0).size).toBe(1)
    expect(tourAssignments(spec({ target: { kind: 'tile', index: 9 } }), 4, 0).size).toBe(0)
  })

  it('pages a group through the whole wall; a short last page does not repeat the first page', () => {
    const s = spec({ cameraIds: [1, 2, 3, 4, 5, 6], target: { kind: 'wall' } })
    expect([...tourAssignments(s, 4, 0).values()]).toEqual([1, 2, 3, 4])
    expect([...tourAssignments(s, 4, 1).values()]).toEqual([5, 6, null, null])
    expect([...tourAssignments(s, 4, 2).values()]).toEqual([1, 2, 3, 4])
    // a group that fits does not rotate
    expect(tourFrame(spec({ target: { kind: 'wall' } }), 4, 2_000_000).nextChangeAt).toBe(
      Number.POSITIVE_INFINITY
    )
  })

  it('prepares the next camera ahead of the switch, then switches on time', () => {
    const s = spec()
    const lead = prepareLeadMs(10_000)
    expect(lead).toBe(4000)
    expect(prepareLeadMs(5000)).toBe(2500)
    const early = tourFrame(s, 4, s.startedAt + 1000)
    expect(early).toMatchObject({ step: 0, nextChangeAt: s.startedAt + 10_000 - lead })
    expect(early.upcoming.size).toBe(0)
    const preparing = tourFrame(s, 4, s.startedAt + 10_000 - lead)
    expect(preparing.current.get(0)).toBe(1)
    expect(preparing.upcoming.get(0)).toBe(2)
    expect(preparing.nextChangeAt).toBe(s.startedAt + 10_000)
    const switched = tourFrame(s, 4, s.startedAt + 10_000)
    expect(switched).toMatchObject({ step: 1 })
    expect(switched.current.get(0)).toBe(2)
    expect(switched.upcoming.size).toBe(0)
  })

  it('prepares only tiles whose camera changes', () => {
    const s = spec({ cameraIds: [1, 2, 3, 4, 5], target: { kind: 'wall' }, dwellMs: 5000 })
    const f = tourFrame(s, 4, s.startedAt + 4000)
    // page 1 is 5 and three empty tiles: only the first tile has a camera to prepare
    expect([...f.upcoming.entries()]).toEqual([[0, 5]])
  })
})
