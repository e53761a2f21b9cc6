import { describe, expect, it } from 'vitest'
import {
  buildAreaTree,
  buildGroupTree,
  type CameraTreeNode,
  type TreeCamera
} from '../../../../src/renderer/src/features/wall/model/cameraTree'

let nextId = 1
const cam = (code: string, block: string | null, community: string | null, name = code) =>
  ({ id: nextId++, code, name, status: 'online', block, community }) satisfies TreeCamera

const labels = (nodes: readonly CameraTreeNode[] | undefined) => (nodes ?? []).map((n) => n.label)
const codes = (nodes: readonly CameraTreeNode[] | undefined) =>
  (nodes ?? []).map((n) => n.camera?.code)

describe('camera tree ordering (no code scheme assumed)', () => {
  it('orders cameras by code naturally: A9 before A10, HK-9 before HK-12, GB/T-style numbers by value', () => {
    const tree = buildAreaTree([
      cam('A10', '城东', '一村'),
      cam('HK-12', '城东', '一村'),
      cam('3301060012', '城东', '一村'),
      cam('A9', '城东', '一村'),
      cam('HK-9', '城东', '一村'),
      cam('330106002', '城东', '一村'),
      cam('3301060002', '城东', '一村')
    ])
    expect(codes(tree[0]?.children?.[0]?.children)).toEqual([
      '330106002',
      '3301060002',
      '3301060012',
      'A9',
      'A10',
      'HK-9',
      'HK-12'
    ])
    // a folder's cameras follow the tree's order (a folder dropped on the wall fills it so)
    expect(tree[0]?.cameraIds).toEqual(tree[0]?.children?.[0]?.children?.map((n) => n.camera?.id))
  })

  it('orders blocks and communities by their names, not by the codes of their cameras', () => {
    // the first codes would put 第十片区 (A1) and 西门社区 (A2) first
    const tree = buildAreaTree([
      cam('A1', '第十片区', '荣星社区'),
      cam('A2', '第二片区', '西门社区'),
      cam('A3', '第二片区', '东瑞社区'),
      cam('A4', null, null),
      cam('A5', '第一片区', null),
      cam('A6', '第一片区', '北干山社区'),
      cam('A7', 'Block 3', 'Zone B'),
      cam('A8', 'Block 12', 'Zone A')
    ])
    // Chinese names first (the zh-CN collation), then Latin ones, unassigned last
    expect(labels(tree)).toEqual(['第一片区', '第二片区', '第十片区', 'Block 3', 'Block 12', null])
    // pinyin: bei < dong < xi; the unassigned community last
    expect(labels(tree[0]?.children)).toEqual(['北干山社区', null])
    expect(labels(tree[1]?.children)).toEqual(['东瑞社区', '西门社区'])
  })

  it('is the same tree whatever order the registry lists the cameras in', () => {
    const cams = [
      cam('HK-12', '第二片区', '通惠社区', '育才路口'),
      cam('HK-9', '第二片区', '通惠社区', '金城路口'),
      cam('A10', '第一片区', '荣星社区', '教工北路'),
      cam('A9', '第一片区', '荣星社区', '湖头西路')
    ]
    const keysOf = (t: readonly CameraTreeNode[]): string[] =>
      t.flatMap((n) => [n.key, ...keysOf(n.children ?? [])])
    const forward = keysOf(buildAreaTree(cams))
    expect(keysOf(buildAreaTree([...cams].reverse()))).toEqual(forward)
    expect(codes(buildAreaTree(cams)[0]?.children?.[0]?.children)).toEqual(['A9', 'A10'])
  })

  it('orders groups by name and their cameras by code', () => {
    const cams = [cam('A10', null, null), cam('A9', null, null), cam('B1', null, null)]
    const [a10, a9, b1] = cams.map((c) => c.id)
    const tree = buildGroupTree(cams, [
      { id: 1, name: '育才路沿线', cameraIds: [b1, a10] },
      { id: 2, name: '第十网格', cameraIds: [a10] },
      { id: 3, name: '第二网格', cameraIds: [a10, a9] },
      { id: 4, name: '金城路沿线', cameraIds: [a9] }
    ])
    expect(labels(tree)).toEqual(['第二网格', '第十网格', '金城路沿线', '育才路沿线'])
    expect(codes(tree[0]?.children)).toEqual(['A9', 'A10'])
    expect(tree[0]?.cameraIds).toEqual([a9, a10])
  })
})
