import { QueryClient } from '@tanstack/react-query'
import { onServerEvent } from './api'

/**
 * Server state lives in TanStack Query. Nothing goes stale by time: main
 * pushes events and the cache is invalidated by them (and by mutations).
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: Infinity, retry: 1, refetchOnWindowFocus: false },
    mutations: { retry: 0 }
  }
})

/** Query keys, one factory per feature. */
export const queryKeys = {
  appInfo: ['app', 'info'] as const,
  counts: ['app', 'counts'] as const,
  session: ['auth', 'session'] as const,
  cameras: ['cameras'] as const,
  roads: ['roads'] as const,
  layouts: ['layouts'] as const,
  events: (kinds?: readonly string[]) => ['events', kinds ?? 'all'] as const
}

let started = false
/** Invalidate cached queries on the events main pushes. Idempotent. */
export function startEventInvalidation(): void {
  if (started) return
  started = true
  onServerEvent((msg) => {
    switch (msg.event) {
      case 'camera:status':
        void queryClient.invalidateQueries({ queryKey: queryKeys.cameras })
        void queryClient.invalidateQueries({ queryKey: queryKeys.counts })
        break
      case 'registry:changed':
        void queryClient.invalidateQueries({ queryKey: msg.payload.what === 'roads' ? queryKeys.roads : queryKeys.cameras })
        void queryClient.invalidateQueries({ queryKey: queryKeys.counts })
        break
      case 'event:appended':
        void queryClient.invalidateQueries({ queryKey: ['events'] })
        break
      case 'layouts:changed':
        void queryClient.invalidateQueries({ queryKey: queryKeys.layouts })
        break
    }
  })
}
