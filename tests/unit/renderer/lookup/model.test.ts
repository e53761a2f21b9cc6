import { describe, expect, it } from 'vitest'
import {
  defaultWindow,
  epochToZoned,
  zonedToEpoch
} from '../../../../src/renderer/src/features/lookup/model/time'
import { pointAlong, roadPoint } from '../../../../src/renderer/src/features/lookup/model/geometry'
import {
  reasonParams,
  trailPosition,
  trailStops
} from '../../../../src/renderer/src/features/lookup/model/trail'
import { hopColor, HOP_COLORS } from '../../../../src/renderer/src/features/lookup/model/style'
import type { TrailPoint } from '../../../../src/shared/lookup/types'

describe('room-zone times', () => {
  it('reads and writes wall time in the room zone, whatever the browser zone', () => {
    const ms = Date.UTC(2026, 5, 1, 6, 3, 10)
    expect(epochToZoned(ms, 'Asia/Shanghai')).toBe('2026-06-01 14:03:10')
    expect(zonedToEpoch('2026-06-01 14:03:10', 'Asia/Shanghai')).toBe(ms)
    expect(zonedToEpoch('2026-06-01 08:03', 'Europe/London')).toBe(Date.UTC(2026, 5, 1, 7, 3))
    expect(zonedToEpoch('yesterday', 'Asia/Shanghai')).toBeNull()
  })

  it('defaults to the ten minutes up to now', () => {
    expect(defaultWindow(1_000_600_123)).toEqual({ fromMs: 1_000_000_000, toMs: 1_000_600_000 })
  })
})

describe('geometry', () => {
  it('finds a point by fraction of length', () => {
    expect(
      pointAlong(
        [
          [0, 0],
          [10, 0],
          [10, 10]
        ],
        0.75
      )
    ).toEqual([10, 5])
    expect(
      pointAlong(
        [
          [0, 0],
          [10, 0]
        ],
        2
      )
    ).toEqual([10, 0])
  })
  it('finds a position along a road in lng/lat', () => {
    const p = roadPoint(
      [
        [
          [120, 30],
          [120.002, 30]
        ]
      ],
      0.5
    )
    expect(p?.lng).toBeCloseTo(120.001, 6)
    expect(p?.lat).toBe(30)
    expect(roadPoint([], 0.5)).toBeNull()
  })
})

describe('trail', () => {
  const pt = (cameraCode: string, trueTs: number): TrailPoint => ({
    cameraCode,
    ts: trueTs,
    trueTs,
    plate: 'P',
    confidence: null,
    direction: null,
    plateColor: null,
    vehicleColor: null,
    vehicleType: null,
    vehicleBrand: null,
    fuzzy: false,
    lookAlike: false
  })
  const pos = (code: string) =>
    ({ A: { lng: 0, lat: 0 }, B: { lng: 1, lat: 0 }, C: { lng: 1, lat: 1 } })[code]

  it('orders by true time, merges repeated reads, skips cameras without a position', () => {
    const stops = trailStops([pt('B', 20), pt('A', 10), pt('B', 21), pt('X', 30), pt('C', 40)], pos)
    expect(stops.map((s) => [s.cameraCode, s.reads])).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 1]
    ])
  })

  it('moves the marker along the stops, paced by real time', () => {
    const stops = trailStops([pt('A', 0), pt('B', 100), pt('C', 200)], pos)
    expect(trailPosition(stops, 0)).toMatchObject({ lng: 0, lat: 0, leg: 0 })
    expect(trailPosition(stops, 0.5)).toMatchObject({ lng: 1, lat: 0 })
    expect(trailPosition(stops, 1)).toMatchObject({ lng: 1, lat: 1, leg: 1 })
    expect(trailPosition([], 0.3)).toBeNull()
  })

  it('prepares reason params for display', () => {
    const p = reasonParams(
      { code: 'fuzzy_plate', params: { camera: 'BG-1', variant: 'X', lookAlike: 1 } },
      { cameraName: () => '路口', formatTime: () => '', lookAlikeText: ' (look-alike)' }
    )
    expect(p).toEqual({ camera: 'BG-1 路口', variant: 'X', lookAlike: ' (look-alike)' })
    expect(
      reasonParams(
        { code: 'path_consistent', params: { time: 0, spreadS: 3 } },
        { cameraName: () => undefined, formatTime: () => '14:00:00', lookAlikeText: '' }
      )
    ).toEqual({
      time: '14:00:00',
      spreadS: 3
    })
  })

  it('colours by hop, clamped', () => {
    expect(hopColor(1)).toBe(HOP_COLORS[0])
    expect(hopColor(99)).toBe(HOP_COLORS[HOP_COLORS.length - 1])
  })
})
