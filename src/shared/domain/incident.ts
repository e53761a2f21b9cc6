/** Workflow states of an incident, in order. */
export const INCIDENT_STATUSES = [
  'new',
  'acknowledged',
  'dispatched',
  'resolved',
  'closed'
] as const
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number]

/** Open incidents are carried over to the next shift. */
export const OPEN_STATUSES: readonly IncidentStatus[] = [
  'new',
  'acknowledged',
  'dispatched',
  'resolved'
]

export const SEVERITIES = ['low', 'medium', 'high'] as const
export type Severity = (typeof SEVERITIES)[number]

export const PLACE_KINDS = ['camera', 'road', 'point'] as const
export type PlaceKind = (typeof PLACE_KINDS)[number]

/** Workflow actions; `close` and `reopen` need the supervisor's `incident.close`. */
export const INCIDENT_ACTIONS = ['acknowledge', 'dispatch', 'resolve', 'close', 'reopen'] as const
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number]

/**
 * The workflow: new → acknowledged → dispatched → resolved → closed. An
 * incident handled without calling anyone may be resolved straight from
 * acknowledged; a resolved or closed one may be reopened (with a reason),
 * which puts it back to acknowledged.
 */
export const TRANSITIONS: Record<
  IncidentAction,
  { from: readonly IncidentStatus[]; to: IncidentStatus }
> = {
  acknowledge: { from: ['new'], to: 'acknowledged' },
  dispatch: { from: ['acknowledged'], to: 'dispatched' },
  resolve: { from: ['acknowledged', 'dispatched'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'acknowledged' }
}

/** The status an action leads to from `status`, or null when the workflow forbids it. */
export function nextStatus(status: IncidentStatus, action: IncidentAction): IncidentStatus | null {
  const t = TRANSITIONS[action]
  return t.from.includes(status) ? t.to : null
}

/** Actions possible from a status, in workflow order. */
export function actionsFrom(status: IncidentStatus): IncidentAction[] {
  return INCIDENT_ACTIONS.filter((a) => nextStatus(status, a) !== null)
}

export const NOTIFY_METHODS = ['phone', 'radio', 'system', 'in_person', 'other'] as const
export type NotifyMethod = (typeof NOTIFY_METHODS)[number]

/** An entry of a configurable list (incident types, departments): a stable code and the room's name for it. */
export type CodeName = { code: string; name: string }

/** The room's defaults; the UI translates known codes and shows `name` for the room's own. */
export const DEFAULT_INCIDENT_TYPES: readonly CodeName[] = [
  { code: 'traffic', name: '交通事故/肇事逃逸' },
  { code: 'theft', name: '盗窃' },
  { code: 'dispute', name: '纠纷' },
  { code: 'fire', name: '火情' },
  { code: 'crowd', name: '人员聚集' },
  { code: 'suspicious', name: '可疑人员' },
  { code: 'equipment', name: '设备故障' }
]

export const DEFAULT_DEPARTMENTS: readonly CodeName[] = [
  { code: 'police', name: '公安' },
  { code: 'fire', name: '消防' },
  { code: 'city', name: '城管' },
  { code: 'community', name: '社区' }
]

/** The editable fields of an incident (what the form saves). */
export type IncidentFields = {
  type: string
  /** when it happened, UTC epoch ms */
  at: number
  severity: Severity
  placeKind: PlaceKind
  cameraId: number | null
  roadId: number | null
  placeName: string
  lat: number | null
  lng: number | null
  description: string
  linkedCameras: LinkedCamera[]
}

export type LinkedCamera = { cameraId: number; from: number; to: number }

export type IncidentStep = {
  id: number
  at: number
  actor: string | null
  action: 'create' | IncidentAction
  fromStatus: IncidentStatus | null
  toStatus: IncidentStatus
  note: string | null
}

export type IncidentNotification = {
  id: number
  incidentId: number
  department: string
  at: number
  method: NotifyMethod
  calledBy: string
  contact: string
  note: string
}

export type IncidentAttachment = {
  id: number
  incidentId: number
  kind: 'snapshot' | 'clip' | 'file'
  fileName: string
  mime: string
  bytes: number
  sha256: string
  createdAt: number
  createdBy: string | null
}

/** A row of the incident list. */
export type IncidentSummary = {
  id: number
  type: string
  at: number
  severity: Severity
  status: IncidentStatus
  placeName: string
  block: string | null
  community: string | null
  description: string
  version: number
  updatedAt: number
  updatedBy: string | null
}

/** An incident with everything attached to it. */
export type Incident = IncidentSummary &
  IncidentFields & {
    createdAt: number
    createdBy: string | null
    steps: IncidentStep[]
    notifications: IncidentNotification[]
    attachments: IncidentAttachment[]
  }
