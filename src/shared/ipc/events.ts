import type { CameraStatus } from '../domain/camera'
import type { SystemEvent } from '../domain/systemEvent'

/**
 * Events main pushes to every window and host-mode browser. The renderer
 * invalidates its query cache on them.
 */
export type ServerEvents = {
  /** a camera's probed health changed */
  'camera:status': { cameraId: number; code: string; status: CameraStatus; at: number }
  /** cameras or roads were added, changed or archived */
  'registry:changed': { what: 'cameras' | 'roads' | 'groups' }
  /** a row was appended to the system/duty event log */
  'event:appended': SystemEvent
  /** wall layouts changed */
  'layouts:changed': { id: number | null }
}
export type ServerEventName = keyof ServerEvents

export const SERVER_EVENT_NAMES = [
  'camera:status',
  'registry:changed',
  'event:appended',
  'layouts:changed'
] as const satisfies readonly ServerEventName[]

/** The envelope pushed over WebSocket and IPC. */
export type ServerEventMessage = {
  [K in ServerEventName]: { event: K; payload: ServerEvents[K] }
}[ServerEventName]
