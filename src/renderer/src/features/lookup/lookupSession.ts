import { useSyncExternalStore } from 'react'
import { appBus, type AppIntents } from '../../lib/appBus'

export type LookupRequest = AppIntents['lookup:open'] & { serial: number }

let request: LookupRequest | null = null
const listeners = new Set<() => void>()

export const lookupSession = {
  get: () => request,
  subscribe: (l: () => void): (() => void) => {
    listeners.add(l)
    return () => listeners.delete(l)
  }
}

/** The latest request to open the lookup at a place and time (null: opened from the menu). */
export function useLookupRequest(): LookupRequest | null {
  return useSyncExternalStore(lookupSession.subscribe, lookupSession.get)
}

// Like playback's session: the receiver must listen while the workspace is
// not mounted, so it lives here and the workspace reads it when it mounts.
appBus.on('lookup:open', (p) => {
  request = { ...p, serial: (request?.serial ?? 0) + 1 }
  for (const l of listeners) l()
  appBus.emit('workspace:go', { workspace: 'lookup' })
})
