import type { IncidentNotification, IncidentStep, IncidentSummary } from './incident'

/** A duty shift. `endedAt` is null while it is on duty. */
export type Shift = {
  id: number
  startedAt: number
  endedAt: number | null
  operators: string[]
  /** written by the outgoing shift when it hands over */
  handoverNote: string
  startedBy: string | null
  endedBy: string | null
}

/** A free-text line of the duty log. */
export type DutyLogEntry = {
  id: number
  at: number
  shiftId: number | null
  actor: string | null
  text: string
  incidentId: number | null
}

/** What the incoming shift sees on login. */
export type Handover = {
  current: Shift | null
  /** the last shift that ended, with its handover note */
  previous: Shift | null
  /** incidents not closed yet, newest first */
  openIncidents: IncidentSummary[]
}

/** A camera outage (offline → online) clipped to a period. */
export type Outage = {
  cameraId: number
  cameraCode: string
  cameraName: string
  block: string | null
  from: number
  /** null: still offline at the end of the period */
  to: number | null
  minutes: number
}

/** Outage minutes of one block in a period (see blockOutageMinutes in main: statistics use the same). */
export type BlockOutage = {
  /** '' for cameras without a block */
  block: string
  minutes: number
  cameras: number
}

/** The printable shift report. */
export type ShiftReport = {
  shift: Shift
  /** the period covered: the shift's start to its end (or now) */
  from: number
  to: number
  incidents: (IncidentSummary & { steps: IncidentStep[] })[]
  notifications: (IncidentNotification & { incidentType: string; incidentPlace: string })[]
  outages: Outage[]
  /** per block, the same figure the statistics show for this period */
  blockOutages: BlockOutage[]
  entries: DutyLogEntry[]
  generatedAt: number
}
