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

type StatusPatch = { cameraId: number; status: string; at: number; reason?: string | null }
const pendingStatus = new Map<number, StatusPatch>()
let statusTimer: number | undefined

/**
 * A probe cycle may change hundreds of cameras at once: patch the cached rows
 * in one go per 100 ms instead of refetching the camera list per event.
 */
function queueStatusPatch(p: StatusPatch): void {
  pendingStatus.set(p.cameraId, p)
  if (statusTimer !== undefined) return
  statusTimer = window.setTimeout(() => {
    statusTimer = undefined
    const patches = new Map(pendingStatus)
    pendingStatus.clear()
    queryClient.setQueryData<
      { id: number; status: string; lastSeenAt: number | null; statusReason?: string | null }[]
    >(queryKeys.cameras, (list) =>
      list?.map((c) => {
        const p = patches.get(c.id)
        return p
          ? {
              ...c,
              status: p.status,
              lastSeenAt: p.status === 'offline' ? c.lastSeenAt : p.at,
              statusReason: p.status === 'online' ? null : (p.reason ?? c.statusReason ?? null)
            }
          : c
      })
    )
    void queryClient.invalidateQueries({ queryKey: queryKeys.counts })
  }, 100)
}

let started = false
/** Invalidate cached queries on the events main pushes. Idempotent. */
export function startEventInvalidation(): void {
  if (started) return
  started = true
  onServerEvent((msg) => {
    switch (msg.event) {
      case 'camera:status':
        queueStatusPatch(msg.payload)
        break
      case 'registry:changed':
        if (msg.payload.what !== 'groups')
          void queryClient.invalidateQueries({
            queryKey: msg.payload.what === 'roads' ? queryKeys.roads : queryKeys.cameras
          })
        void queryClient.invalidateQueries({ queryKey: ['registry'] })
        void queryClient.invalidateQueries({ queryKey: ['ptz', 'links'] })
        void queryClient.invalidateQueries({ queryKey: queryKeys.counts })
        break
      case 'event:appended':
        void queryClient.invalidateQueries({ queryKey: ['events'] })
        break
      case 'layouts:changed':
        void queryClient.invalidateQueries({ queryKey: queryKeys.layouts })
        break
      case 'incident:changed':
        // lists, search, the open drawer, the banner, handover and statistics
        void queryClient.invalidateQueries({ queryKey: ['incidents'] })
        void queryClient.invalidateQueries({ queryKey: ['duty'] })
        void queryClient.invalidateQueries({ queryKey: ['stats'] })
        void queryClient.invalidateQueries({ queryKey: ['playback', 'incidents'] })
        break
      case 'duty:changed':
        void queryClient.invalidateQueries({ queryKey: ['duty'] })
        break
      case 'bookmarks:changed':
        void queryClient.invalidateQueries({ queryKey: ['bookmarks'] })
        break
      case 'export:progress':
        if (msg.payload.status !== 'running')
          void queryClient.invalidateQueries({ queryKey: ['exports'] })
        break
      case 'recording:changed':
        void queryClient.invalidateQueries({ queryKey: ['recording'] })
        void queryClient.invalidateQueries({ queryKey: ['playback', 'availability'] })
        break
      case 'ptz:control':
        void queryClient.invalidateQueries({ queryKey: ['ptz', 'state', msg.payload.cameraId] })
        break
      case 'alarm:changed': {
        // show the alarm at once from the pushed row, then let the list refetch
        const a = msg.payload.alarm
        queryClient.setQueryData<(typeof a)[]>(['alarms', 'list'], (list) =>
          list ? [a, ...list.filter((x) => x.id !== a.id)] : list
        )
        void queryClient.invalidateQueries({ queryKey: ['alarms', 'list'] })
        break
      }
    }
  })
}
