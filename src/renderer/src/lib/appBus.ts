import type { Workspace } from '../app/workspaces'

/**
 * Renderer-side intents that cross features without importing each other:
 * the wall asks for an incident form or a playback session, the lookup asks
 * for a review, and whichever feature owns the intent answers it.
 */
export type AppIntents = {
  /** switch the shell to a workspace */
  'workspace:go': { workspace: Workspace }
  /** open the incident form prefilled (from a wall tile, a lookup result…) */
  'incident:create': {
    cameraId: number | null
    at: number
    snapshotDataUrl?: string
    lat?: number
    lng?: number
  }
  /** show an incident's details, workflow and notifications */
  'incident:open': { id: number }
  /** open cameras in the playback workspace, cued at a time (and optional per-camera windows) */
  'playback:open': {
    cameraIds: number[]
    at: number
    windows?: { cameraId: number; from: number; to: number }[]
  }
  /**
   * open the lookup at a place and time: from an incident (its time and place)
   * or from a playback frame ("use this time"); the window is centred on `at`
   */
  'lookup:open': {
    at: number
    /** half the window, ms (default: the lookup's own) */
    spanMs?: number
    lat?: number | null
    lng?: number | null
    cameraId?: number | null
    incidentId?: number | null
    /** the time was read off a video frame: keep the lookup's place if it has one */
    fromFrame?: boolean
  }
  /** put a camera on the wall */
  'wall:show': { cameraId: number }
  /** open the duty log to hand the shift over */
  'duty:handover': Record<string, never>
}

type Listener<K extends keyof AppIntents> = (payload: AppIntents[K]) => void
const listeners = new Map<keyof AppIntents, Set<Listener<never>>>()

export const appBus = {
  emit<K extends keyof AppIntents>(intent: K, payload: AppIntents[K]): void {
    for (const l of listeners.get(intent) ?? []) (l as Listener<K>)(payload)
  },
  on<K extends keyof AppIntents>(intent: K, listener: Listener<K>): () => void {
    let set = listeners.get(intent)
    if (!set) listeners.set(intent, (set = new Set()))
    set.add(listener)
    return () => set.delete(listener)
  }
}
