import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ReactNode } from 'react'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { App } from 'antd'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import '../../../../src/renderer/src/lib/i18n'
import { stubBrowserLayout } from '../jsdomStubs'
import { formatDateTime } from '../../../../src/renderer/src/lib/time'
import { CameraDrawer } from '../../../../src/renderer/src/features/registry/CameraDrawer'
import { registryKeys } from '../../../../src/renderer/src/features/registry/queries'
import type { CameraView } from '../../../../src/shared/ipc/contracts/cameras'

// antd's drawer and inputs need them
beforeAll(() => stubBrowserLayout())
afterEach(cleanup)

const camera = (over: Partial<CameraView> & Pick<CameraView, 'id' | 'code'>): CameraView => ({
  name: '金城路口',
  lat: 30.2741,
  lng: 120.1551,
  headingDeg: 90,
  fovDeg: 60,
  anpr: false,
  streamUrl: 'rtsp://10.0.0.5/main',
  subStreamUrl: null,
  block: '第二片区',
  community: '通惠社区',
  kind: 'intersection',
  owner: 'public',
  notes: null,
  status: 'online',
  lastSeenAt: 1_760_000_000_000,
  archived: false,
  createdAt: 1_750_000_000_000,
  updatedAt: 1_755_000_000_000,
  createdBy: 'admin',
  updatedBy: 'admin',
  streamUser: null,
  streamPasswordSet: false,
  streams: [],
  ...over
})

const a10 = camera({ id: 1, code: 'A10' })
const hk12 = camera({ id: 3, code: 'HK-12', name: '大润发地下车库', streamUser: 'ops' })

function renderDrawer() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  // the history shown under the form is not what these tests are about: known, so never fetched
  for (const c of [a10, hk12]) client.setQueryData(registryKeys.history(c.id), [])
  const wrap = (drawerFor: CameraView | 'new' | null): ReactNode => (
    <QueryClientProvider client={client}>
      <App>
        <CameraDrawer
          camera={drawerFor}
          taxonomy={{ blocks: [], communities: [], groups: [] }}
          canEdit
          timeZone="Asia/Shanghai"
          onClose={() => undefined}
        />
      </App>
    </QueryClientProvider>
  )
  const { rerender } = render(wrap(a10))
  return { rerender: (drawerFor: CameraView | 'new' | null) => rerender(wrap(drawerFor)) }
}

const field = (testId: string) => screen.getByTestId<HTMLInputElement>(testId)

describe('CameraDrawer', () => {
  it('keeps what the technician typed when a status push replaces the same camera', () => {
    const { rerender } = renderDrawer()
    expect(field('field-name').value).toBe('金城路口')
    fireEvent.change(field('field-stream-user'), { target: { value: 'viewer' } })
    fireEvent.change(field('field-name'), { target: { value: '金城路口东' } })
    // the prober's event refetches the list: a new object, same camera, another status
    const seen = a10.lastSeenAt! + 3_600_000
    rerender({ ...a10, status: 'offline', lastSeenAt: seen })
    expect(field('field-stream-user').value).toBe('viewer')
    expect(field('field-name').value).toBe('金城路口东')
    // while what the drawer shows around the form does follow the push
    expect(document.body.textContent).toContain(
      `最后在线: ${formatDateTime(seen, 'Asia/Shanghai')}`
    )
  })

  it('fills the form with the values of another camera opened in it', () => {
    const { rerender } = renderDrawer()
    fireEvent.change(field('field-name'), { target: { value: '打了一半' } })
    rerender(hk12)
    expect(field('field-name').value).toBe('大润发地下车库')
    expect(field('field-stream-user').value).toBe('ops')
    // a new camera starts from an empty form
    rerender('new')
    expect(field('field-code').value).toBe('')
    expect(field('field-name').value).toBe('')
    expect(field('field-stream-user').value).toBe('')
    // closed and opened again on the same camera: what is stored, not what was typed before
    rerender(hk12)
    fireEvent.change(field('field-stream-user'), { target: { value: 'someone' } })
    rerender(null)
    rerender(hk12)
    expect(field('field-stream-user').value).toBe('ops')
  })
})
