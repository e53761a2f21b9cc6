import { afterEach, describe, expect, it } from 'vitest'
import type { ReactNode } from 'react'
import { renderHook } from '@testing-library/react'
import { QueryClientProvider } from '@tanstack/react-query'
import { queryClient, queryKeys } from '../../../../src/renderer/src/lib/queryClient'
import { getRoomZone, useRoomZone } from '../../../../src/renderer/src/features/app/queries'
import { DEFAULT_ROOM_ZONE } from '../../../../src/shared/domain/roomTime'
import type { AppInfo } from '../../../../src/shared/ipc/contracts/app'

const info = (timeZone: string): AppInfo => ({
  name: 'WatchRoom',
  version: '0',
  transport: 'http',
  demo: false,
  timeZone,
  mediaBase: '/media',
  liveSocketBase: null,
  now: 0
})

const wrapper = ({ children }: { children: ReactNode }) => (
  <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
)

describe('the room zone', () => {
  afterEach(() => queryClient.clear())

  it('falls back to the one default until app:info answers', () => {
    expect(getRoomZone()).toBe(DEFAULT_ROOM_ZONE)
  })

  it('follows the zone app:info gives, in hooks and outside React alike', () => {
    queryClient.setQueryData(queryKeys.appInfo, info('Europe/Berlin'))
    const { result, rerender } = renderHook(() => useRoomZone(), { wrapper })
    expect(result.current).toBe('Europe/Berlin')
    expect(getRoomZone()).toBe('Europe/Berlin')
    queryClient.setQueryData(queryKeys.appInfo, info('America/New_York'))
    rerender()
    expect(result.current).toBe('America/New_York')
    expect(getRoomZone()).toBe('America/New_York')
  })
})
