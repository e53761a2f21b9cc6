import { describe, expect, it } from 'vitest'
import {
  assignCamera,
  fillWall,
  swapTiles,
  viewFromLayout,
  viewFromPreset
} from '../../../../src/renderer/src/features/wall/model/wallView'
import {
  findLayoutProblem,
  LAYOUT_PRESETS,
  presetCells
} from '../../../../src/shared/domain/layout'
import {
  buildAreaTree,
  buildGroupTree,
  filterTree,
  folderKeys,
  type TreeCamera
} from '../../../../src/renderer/src/features/wall/model/cameraTree'
import { snapshotFileName } from '../../../../src/renderer/src/features/wall/model/snapshot'
import { NO_ZOOM, zoomAt } from '../../../../src/renderer/src/features/wall/model/zoom'
import {
  currentWindowId,
  loadWindowState,
  nextWindowId,
  requestedLayoutId,
  saveWindowState,
  workstationId
} from '../../../../src/renderer/src/features/wall/model/windowState'
import { matchesSearch } from '../../../../src/renderer/src/lib/search'

describe('presets', () => {
  it('every preset tiles its grid with the advertised number of tiles', () => {
    for (const n of LAYOUT_PRESETS) {
      const p = presetCells(n)
      expect(p.cells, String(n)).toHaveLength(n)
      expect(findLayoutProblem({ ...p, cameraIds: p.cells.map(() => null) }), String(n)).toBeNull()
    }
    expect(presetCells(6).cells[0]).toEqual({ x: 0, y: 0, w: 2, h: 2 })
    expect(presetCells(8).cells[0]).toEqual({ x: 0, y: 0, w: 3, h: 3 })
    expect(presetCells(13).cells.find((c) => c.w === 2)).toEqual({ x: 1, y: 1, w: 2, h: 2 })
  })

  it('layout validation finds each kind of problem', () => {
    const four = presetCells(4)
    const ok = { ...four, cameraIds: [null, null, null, null] }
    expect(findLayoutProblem(ok)).toBeNull()
    expect(findLayoutProblem({ ...ok, cols: 13 })).toEqual({ kind: 'grid_size' })
    expect(
      findLayoutProblem({ ...ok, cells: [...four.cells.slice(0, 3), { x: 1, y: 1, w: 2, h: 1 }] })
    ).toEqual({ kind: 'outside', cell: 3 })
    expect(
      findLayoutProblem({ ...ok, cells: [...four.cells.slice(0, 3), { x: 0, y: 0, w: 1, h: 1 }] })
    ).toEqual({ kind: 'overlap', cell: 3 })
    expect(
      findLayoutProblem({ ...ok, cells: four.cells.slice(0, 3), cameraIds: [null, null, null] })
    ).toEqual({ kind: 'uncovered' })
    expect(findLayoutProblem({ ...ok, cameraIds: [null] })).toEqual({ kind: 'camera_slots' })
  })
})

describe('wall view', () => {
  it('a preset keeps the cameras on the wall and fills the rest', () => {
    const v = viewFromPreset(6, [3, null, 5], [1, 2, 3, 4, 5, 6, 7])
    expect(v.cameraIds).toEqual([3, 5, 1, 2, 4, 6])
    expect(viewFromPreset(4, [], [1]).cameraIds).toEqual([1, null, null, null])
  })

  it('assigns, swaps, and fills from a group', () => {
    const v = viewFromLayout({ id: 1, ...presetCells(4), cameraIds: [1, 2, null, 4] })
    expect(assignCamera(v, 2, 9).cameraIds).toEqual([1, 2, 9, 4])
    expect(assignCamera(v, 7, 9)).toBe(v)
    expect(swapTiles(v, 0, 3).cameraIds).toEqual([4, 2, null, 1])
    expect(swapTiles(v, 1, 1)).toBe(v)
    expect(fillWall(v, [7, 8]).cameraIds).toEqual([7, 8, null, 4])
    expect(fillWall(v, [5, 6, 7, 8, 9]).cameraIds).toEqual([5, 6, 7, 8])
  })
})

describe('camera tree', () => {
  const cams: TreeCamera[] = [
    {
      id: 1,
      code: 'BG-0002',
      name: '金城路口',
      status: 'online',
      block: '第一片区',
      community: '荣星社区'
    },
    {
      id: 2,
      code: 'BG-0001',
      name: '湖头西路',
      status: 'offline',
      block: '第一片区',
      community: '荣星社区'
    },
    {
      id: 3,
      code: 'BG-0010',
      name: '桥南街',
      status: 'unknown',
      block: '第二片区',
      community: null
    },
    { id: 4, code: 'X-1', name: 'Loose', status: 'online', block: null, community: null }
  ]

  it('groups by block and community, cameras by code, unassigned last', () => {
    const tree = buildAreaTree(cams)
    expect(tree.map((n) => n.label)).toEqual(['第一片区', '第二片区', null])
    expect(tree[0]?.children?.[0]?.children?.map((n) => n.camera?.code)).toEqual([
      'BG-0001',
      'BG-0002'
    ])
    expect(tree[0]?.cameraIds).toEqual([2, 1])
    expect(folderKeys(tree)).toHaveLength(6)
  })

  it('groups by camera group, skipping unknown members', () => {
    const tree = buildGroupTree(cams, [{ id: 5, name: '金城路沿线', cameraIds: [1, 99, 3] }])
    expect(tree[0]?.cameraIds).toEqual([1, 3])
  })

  it('search by code, name or pinyin initials keeps the folders above matches', () => {
    const search = (q: string) => filterTree(buildAreaTree(cams), (f) => matchesSearch(q, f))
    expect(search('jcl')[0]?.cameraIds).toEqual([1])
    expect(search('0010')[0]?.label).toBe('第二片区')
    expect(search('第一')[0]?.cameraIds).toEqual([2, 1])
    expect(search('nothing-like-this')).toEqual([])
  })
})

describe('small wall helpers', () => {
  it('names snapshots by camera code and the room time', () => {
    expect(snapshotFileName('BG-0001', Date.UTC(2026, 5, 1, 6, 3, 10), 'Asia/Shanghai')).toBe(
      'BG-0001_20260601-140310.png'
    )
    expect(snapshotFileName('a/b c', 0, 'UTC')).toBe('a_b_c_19700101-000000.png')
  })

  it('zooms about the pointer between 1× and 8×', () => {
    const z = zoomAt(NO_ZOOM, -1, { fx: 0.25, fy: 0.75 })
    expect(z).toEqual({ scale: 1.25, ox: 0.25, oy: 0.75 })
    expect(zoomAt(z, 1, { fx: 0.5, fy: 0.5 })).toEqual(NO_ZOOM)
    let big = NO_ZOOM
    for (let i = 0; i < 30; i++) big = zoomAt(big, -1, { fx: 2, fy: -1 })
    expect(big).toEqual({ scale: 8, ox: 1, oy: 0 })
  })

  it('keeps each window its own layout in local storage', () => {
    localStorage.clear()
    expect(currentWindowId('?window=w2&layout=5')).toBe('w2')
    expect(currentWindowId('?window=../x')).toBe('main')
    expect(requestedLayoutId('?layout=5')).toBe(5)
    expect(requestedLayoutId('?layout=x')).toBeNull()
    const ws = workstationId()
    expect(workstationId()).toBe(ws)
    expect([nextWindowId(), nextWindowId()]).toEqual(['w2', 'w3'])
    const view = viewFromPreset(4, [], [1, 2])
    saveWindowState('w2', { view, tour: null })
    expect(loadWindowState('w2')).toEqual({ view, tour: null })
    expect(loadWindowState('main')).toBeNull()
    localStorage.setItem('watchroom.wall.bad', JSON.stringify({ view: { ...view, cells: [] } }))
    expect(loadWindowState('bad')).toBeNull()
  })
})
