import type { LiveFailure } from '../domain/live'
import type { CameraStatus } from '../domain/camera'
import type { SystemEvent } from '../domain/systemEvent'
import type { ExportJob } from '../domain/recording'
import type { IncidentStatus, Severity } from '../domain/incident'
import type { PtzHolder } from '../domain/ptz'
import type { Alarm } from '../domain/alarm'

/**
 * Events main pushes to every window and host-mode browser. The renderer
 * invalidates its query cache on them.
 */
export type ServerEvents = {
  /** a camera's probed health changed */
  /** `reason`: why it is not playing, when main's live service says */
  'camera:status': {
    cameraId: number
    code: string
    status: CameraStatus
    at: number
    reason?: LiveFailure | null
  }
  /** cameras or roads were added, changed or archived */
  'registry:changed': { what: 'cameras' | 'roads' | 'groups' }
  /** a row was appended to the system/duty event log */
  'event:appended': SystemEvent
  /** an incident was created or changed (fields, workflow step, notification, attachment) */
  'incident:changed': {
    id: number
    version: number
    status: IncidentStatus
    severity: Severity
    change: string
    at: number
    actor: string | null
  }
  /** the duty log changed: a shift started, ended or was edited, or an entry was added */
  'duty:changed': { what: 'shift' | 'entry'; id: number }
  /** wall layouts changed */
  'layouts:changed': { id: number | null }
  /** an evidence export progressed, finished, failed or was cancelled */
  'export:progress': ExportJob
  /** playback bookmarks were added or deleted */
  'bookmarks:changed': { id: number }
  /** recording settings or the quota changed */
  'recording:changed': { cameraIds: number[] }
  /** a lookup case was saved, changed, reviewed or reported */
  'lookup:caseChanged': { id: number; version: number }
  /** a dome was taken, taken over or released */
  'ptz:control': { cameraId: number; holder: PtzHolder | null }
  /** a camera alarm was raised (`raised`), counted up by the throttle, or acknowledged */
  'alarm:changed': { alarm: Alarm; raised: boolean }
}
export type ServerEventName = keyof ServerEvents

export const SERVER_EVENT_NAMES = [
  'camera:status',
  'registry:changed',
  'event:appended',
  'incident:changed',
  'duty:changed',
  'layouts:changed',
  'export:progress',
  'bookmarks:changed',
  'recording:changed',
  'lookup:caseChanged',
  'ptz:control',
  'alarm:changed'
] as const satisfies readonly ServerEventName[]

/** The envelope pushed over WebSocket and IPC. */
export type ServerEventMessage = {
  [K in ServerEventName]: { event: K; payload: ServerEvents[K] }
}[ServerEventName]
