/** Kinds of rows in the room's event log written by the system itself. */
export const SYSTEM_EVENT_KINDS = [
  'camera.online',
  'camera.offline',
  'camera.degraded',
  'import.cameras',
  'import.roads',
  'import.sightings',
  'auth.login',
  'auth.logout',
  'auth.failed',
  'app.started',
  'backup.created',
  'export.created',
  'export.failed',
  'export.cancelled',
  'recording.diskFull',
  'recording.resumed',
  'camera.event',
  'camera.eventsLost',
  'camera.eventsRestored'
] as const
export type SystemEventKind = (typeof SYSTEM_EVENT_KINDS)[number]

/** A row of the event log. `at` is UTC epoch ms. */
export type SystemEvent = {
  id: number
  at: number
  kind: SystemEventKind
  cameraId: number | null
  actor: string | null
  /** kind-specific data (counts, previous status…), rendered by the UI */
  data: Record<string, unknown>
}
