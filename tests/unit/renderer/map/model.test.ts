import { describe, expect, it } from 'vitest'
import {
  emptyHistory,
  poseDelta,
  record,
  redo,
  undo,
  type PoseCommand
} from '../../../../src/renderer/src/features/map/model/commands'
import {
  angleDiff,
  fovFromEdge,
  headingTowards,
  pointAt
} from '../../../../src/renderer/src/features/map/model/cone'
import { declutter } from '../../../../src/renderer/src/features/map/model/declutter'
import {
  fitView,
  toScreen,
  toWorld,
  zoomAt
} from '../../../../src/renderer/src/features/map/model/view'
import { hitCamera } from '../../../../src/renderer/src/features/map/model/hit'
import {
  emptyFilter,
  filterCameras
} from '../../../../src/renderer/src/features/registry/model/filter'

const pose = (lat: number, headingDeg: number | null = 90) => ({
  lat,
  lng: 120,
  headingDeg,
  fovDeg: 60
})
const move = (id: number, a: number, b: number): PoseCommand => ({
  kind: 'move',
  cameraId: id,
  before: pose(a),
  after: pose(b)
})

describe('pose commands', () => {
  it('undo applies before, redo after; a new command clears redo; no-ops are dropped', () => {
    let h = record(emptyHistory, move(1, 30, 31))
    h = record(h, move(2, 40, 41))
    expect(record(h, move(3, 5, 5))).toBe(h)
    const u = undo(h)!
    expect(u.apply).toEqual({ cameraId: 2, pose: pose(40) })
    const u2 = undo(u.history)!
    expect(u2.apply).toEqual({ cameraId: 1, pose: pose(30) })
    expect(undo(u2.history)).toBeNull()
    const r = redo(u2.history)!
    expect(r.apply).toEqual({ cameraId: 1, pose: pose(31) })
    expect(record(r.history, move(9, 1, 2)).future).toEqual([])
    expect(poseDelta(pose(30), { ...pose(30), headingDeg: 10 })).toEqual({ headingDeg: 10 })
  })
})

describe('cone geometry', () => {
  it('headings are clockwise from north on screen; the edge handle sets twice its angle', () => {
    expect(headingTowards(0, 0, 0, -10)).toBe(0)
    expect(headingTowards(0, 0, 10, 0)).toBe(90)
    expect(headingTowards(0, 0, 0, 10)).toBe(180)
    expect(headingTowards(0, 0, -10, 0)).toBe(270)
    expect(angleDiff(10, 350)).toBe(20)
    expect(fovFromEdge(90, 120)).toBe(60)
    expect(fovFromEdge(350, 20)).toBe(60)
    expect(fovFromEdge(0, 1)).toBe(5)
    const [x, y] = pointAt(0, 0, 90, 10)
    expect(Math.round(x)).toBe(10)
    expect(Math.abs(y)).toBeLessThan(1e-9)
  })
})

describe('view, hit test and labels', () => {
  it('zooms around the pointer and maps screen ↔ world', () => {
    const v = fitView({ minX: -100, minY: -100, maxX: 100, maxY: 100 }, 400, 400, 0)
    expect(toScreen(v, 0, 0)).toEqual([200, 200])
    const z = zoomAt(v, 300, 100, 2, 0.1, 100)
    expect(toWorld(z, 300, 100)).toEqual(toWorld(v, 300, 100))
    expect(zoomAt(v, 0, 0, 1e6, 0.1, 5).scale).toBe(5)
  })
  it('picks the nearest camera within the radius', () => {
    const xs = Float64Array.from([0, 10, 100])
    const ys = Float64Array.from([0, 0, 0])
    const v = { scale: 1, x: 0, y: 0 }
    expect(hitCamera(xs, ys, v, 8, 1, 5)).toBe(1)
    expect(hitCamera(xs, ys, v, 50, 0, 5)).toBe(-1)
  })
  it('keeps labels in priority order and drops overlapping ones', () => {
    const boxes = [
      { x: 0, y: 0, w: 50, h: 10 },
      { x: 40, y: 5, w: 50, h: 10 },
      { x: 200, y: 0, w: 50, h: 10 }
    ]
    expect(declutter(boxes, [1, 0, 2])).toEqual([1, 2])
    expect(declutter(boxes, [0, 1, 2])).toEqual([0, 2])
  })
})

describe('registry filters', () => {
  const cams = [
    {
      id: 1,
      code: 'JC-1',
      name: '金城路与育才路交叉口',
      status: 'online',
      block: '1',
      community: '荣星社区',
      kind: 'intersection',
      owner: 'public',
      anpr: true
    },
    {
      id: 2,
      code: 'DR-2',
      name: '大润发东门',
      status: 'offline',
      block: '2',
      community: '东瑞社区',
      kind: 'shop',
      owner: 'social',
      anpr: false
    }
  ] as const
  const road = (c: { id: number }) => (c.id === 2 ? '金城路' : undefined)
  it('finds cameras by pinyin initials of the name or of the road they stand on', () => {
    expect(
      filterCameras(cams, { ...emptyFilter, query: 'jcl' }, [], road).map((c) => c.id)
    ).toEqual([1, 2])
    expect(
      filterCameras(cams, { ...emptyFilter, query: 'drf' }, [], road).map((c) => c.id)
    ).toEqual([2])
    expect(
      filterCameras(cams, { ...emptyFilter, query: 'jc-1' }, [], road).map((c) => c.id)
    ).toEqual([1])
  })
  it('combines block, group, status, owner and ANPR filters', () => {
    const groups = [{ id: 7, name: '大润发商圈', color: null, cameraIds: [2] }]
    expect(
      filterCameras(cams, { ...emptyFilter, groupId: 7 }, groups, road).map((c) => c.id)
    ).toEqual([2])
    expect(
      filterCameras(cams, { ...emptyFilter, status: 'online', anpr: true }, groups, road).map(
        (c) => c.id
      )
    ).toEqual([1])
    expect(
      filterCameras(cams, { ...emptyFilter, owner: 'social', block: '1' }, groups, road)
    ).toEqual([])
  })
})
