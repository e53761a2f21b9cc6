import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import '../../../../src/renderer/src/lib/i18n'
import { stubBrowserLayout } from '../jsdomStubs'
import { CameraTree } from '../../../../src/renderer/src/features/wall/CameraTree'
import { DND_CAMERAS } from '../../../../src/renderer/src/features/wall/wallContext'
import type {
  TreeCamera,
  TreeGroup
} from '../../../../src/renderer/src/features/wall/model/cameraTree'

// every observed element measures as a tall side panel, so the virtual tree renders all rows
beforeAll(() => stubBrowserLayout({ width: 260, height: 900 }))
afterEach(cleanup)

const cameras: TreeCamera[] = [
  {
    id: 1,
    code: 'A10',
    name: '金城路口',
    status: 'online',
    block: '第二片区',
    community: '通惠社区'
  },
  {
    id: 2,
    code: 'A9',
    name: '育才路口',
    status: 'online',
    block: '第二片区',
    community: '通惠社区'
  },
  {
    id: 3,
    code: 'HK-12',
    name: '大润发地下车库',
    status: 'offline',
    statusReason: 'unreachable',
    block: '第一片区',
    community: '荣星社区'
  },
  {
    id: 4,
    code: '3301060012',
    name: '湖头西路',
    status: 'degraded',
    block: '第十片区',
    community: null
  },
  { id: 5, code: 'X-1', name: '临时点位', status: 'unknown', block: null, community: null }
]
const groups: TreeGroup[] = [
  { id: 7, name: '金城路沿线', cameraIds: [1, 3] },
  { id: 8, name: '大润发商圈', cameraIds: [3] }
]

/** Tree rows as the user reads them: the node's test id and label, top to bottom. */
const rows = () =>
  [...screen.getByTestId('camera-tree').querySelectorAll<HTMLElement>('[data-label]')].map(
    (el) => `${el.dataset.testid}:${el.dataset.label}`
  )

function dragData(el: HTMLElement): string {
  const data = new Map<string, string>()
  fireEvent.dragStart(el, {
    dataTransfer: {
      setData: (k: string, v: string) => data.set(k, v),
      effectAllowed: 'none'
    }
  })
  return data.get(DND_CAMERAS) ?? ''
}

describe('CameraTree', () => {
  it('lists blocks in natural order, the first one open, cameras by code', () => {
    render(<CameraTree cameras={cameras} groups={groups} />)
    expect(rows()).toEqual([
      'tree-block:第一片区',
      'tree-community:荣星社区',
      'tree-camera-HK-12:大润发地下车库',
      'tree-block:第二片区',
      'tree-block:第十片区',
      'tree-block:未分片区'
    ])
    // a folder found by name opens with all its cameras: A9 before A10
    fireEvent.change(within(screen.getByTestId('tree-search')).getByRole('searchbox'), {
      target: { value: '通惠社区' }
    })
    expect(rows()).toEqual([
      'tree-block:第二片区',
      'tree-community:通惠社区',
      'tree-camera-A9:育才路口',
      'tree-camera-A10:金城路口'
    ])
  })

  it('shows an offline camera as offline, with the reason main gave', () => {
    const { rerender } = render(<CameraTree cameras={cameras} groups={groups} />)
    const node = screen.getByTestId('tree-camera-HK-12')
    const dot = node.querySelector('[title]:not([data-testid])')
    expect(dot?.getAttribute('title')).toBe('离线 · 摄像机连不上')
    expect(node.getAttribute('title')).toBe('HK-12 大润发地下车库')
    // a status pushed by main re-renders the row in place
    const dotOf = (code: string) =>
      screen.getByTestId(`tree-camera-${code}`).querySelector('[title]:not([data-testid])')
    rerender(
      <CameraTree
        cameras={cameras.map((c) =>
          c.id === 3 ? { ...c, status: 'online', statusReason: null } : c
        )}
        groups={groups}
      />
    )
    expect(dotOf('HK-12')?.getAttribute('title')).toBe('在线')
  })

  it('searches by code, name and pinyin initials, opening every folder above a match', () => {
    render(<CameraTree cameras={cameras} groups={groups} />)
    const search = within(screen.getByTestId('tree-search')).getByRole('searchbox')
    fireEvent.change(search, { target: { value: 'a9' } })
    expect(rows()).toEqual([
      'tree-block:第二片区',
      'tree-community:通惠社区',
      'tree-camera-A9:育才路口'
    ])
    // 湖头西路 by its initials
    fireEvent.change(search, { target: { value: 'htxl' } })
    expect(rows()).toEqual([
      'tree-block:第十片区',
      'tree-community:未分社区',
      'tree-camera-3301060012:湖头西路'
    ])
    fireEvent.change(search, { target: { value: '没有这个' } })
    expect(rows()).toEqual([])
    expect(screen.getByText('没有匹配的摄像机')).toBeTruthy()
  })

  it('drags what was picked: a camera, or every camera of a folder in tree order', () => {
    render(<CameraTree cameras={cameras} groups={groups} />)
    expect(JSON.parse(dragData(screen.getByTestId('tree-camera-HK-12')))).toEqual([3])
    const second = screen.getAllByTestId('tree-block')[1]
    expect(JSON.parse(dragData(second))).toEqual([2, 1])
  })

  it('switches to camera groups, by name, each with its cameras', () => {
    render(<CameraTree cameras={cameras} groups={groups} />)
    fireEvent.click(screen.getByText('按分组'))
    // the first group is open: 大润发商圈 (da) before 金城路沿线 (jin)
    expect(rows()).toEqual([
      'tree-group:大润发商圈',
      'tree-camera-HK-12:大润发地下车库',
      'tree-group:金城路沿线'
    ])
    expect(JSON.parse(dragData(screen.getAllByTestId('tree-group')[1]))).toEqual([1, 3])
  })

  it('offers no group view while the groups are unknown', () => {
    render(<CameraTree cameras={cameras} groups={null} />)
    expect(screen.queryByText('按分组')).toBeNull()
  })
})
