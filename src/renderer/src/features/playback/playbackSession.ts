import { useSyncExternalStore } from 'react'
import { appBus } from '../../lib/appBus'

/** Which cameras the playback workspace shows and where it is cued. Survives workspace switches. */
export type PlaybackSelection = {
  cameraIds: number[]
  /** footage time to cue; bumped `serial` makes the workspace seek again */
  cue: number | null
  serial: number
  /** per-camera windows from a lookup review (shown on the timeline) */
  windows: { cameraId: number; from: number; to: number }[]
}

export const MAX_PLAYBACK_CAMERAS = 16

let state: PlaybackSelection = { cameraIds: [], cue: null, serial: 0, windows: [] }
const listeners = new Set<() => void>()

function set(next: PlaybackSelection): void {
  state = next
  for (const l of listeners) l()
}

export const playbackSession = {
  get: () => state,
  subscribe: (l: () => void): (() => void) => {
    listeners.add(l)
    return () => listeners.delete(l)
  },
  setCameras(cameraIds: number[]): void {
    set({ ...state, cameraIds: [...new Set(cameraIds)].slice(0, MAX_PLAYBACK_CAMERAS) })
  },
  /** Where the session was left (the next visit starts there); no seek. */
  remember(at: number): void {
    state = { ...state, cue: at }
  },
  open(cameraIds: number[], at: number, windows: PlaybackSelection['windows'] = []): void {
    set({
      cameraIds: [...new Set(cameraIds)].slice(0, MAX_PLAYBACK_CAMERAS),
      cue: at,
      serial: state.serial + 1,
      windows
    })
  }
}

export function usePlaybackSelection(): PlaybackSelection {
  return useSyncExternalStore(playbackSession.subscribe, playbackSession.get)
}

// The receiver of `playback:open` (wall right-click, lookup review): it must
// listen while the workspace is not mounted, so it lives with the session.
appBus.on('playback:open', ({ cameraIds, at, windows }) => {
  playbackSession.open(cameraIds, at, windows)
  appBus.emit('workspace:go', { workspace: 'playback' })
})
