import { z } from 'zod'
import { channel } from '../channel'
import { epochMs as ms, rowId as id } from '../schemas'
import {
  INCIDENT_STATUSES,
  NOTIFY_METHODS,
  PLACE_KINDS,
  SEVERITIES,
  type CodeName,
  type Incident,
  type IncidentAttachment,
  type IncidentNotification,
  type IncidentSummary
} from '../../domain/incident'
import type { DutyLogEntry } from '../../domain/duty'

const code = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\w.-]+$/)

export const incidentFields = z
  .object({
    type: code,
    at: ms,
    severity: z.enum(SEVERITIES),
    placeKind: z.enum(PLACE_KINDS),
    cameraId: id.nullable(),
    roadId: id.nullable(),
    placeName: z.string().max(200),
    lat: z.number().min(-90).max(90).nullable(),
    lng: z.number().min(-180).max(180).nullable(),
    description: z.string().max(10_000),
    linkedCameras: z.array(z.object({ cameraId: id, from: ms, to: ms }).strict()).max(64)
  })
  .strict()

/** Filters shared by the list, the search and the statistics. */
export const incidentFilter = {
  types: z.array(code).max(50).optional(),
  statuses: z.array(z.enum(INCIDENT_STATUSES)).max(INCIDENT_STATUSES.length).optional(),
  severities: z.array(z.enum(SEVERITIES)).max(SEVERITIES.length).optional(),
  blocks: z.array(z.string().max(100)).max(100).optional(),
  department: code.optional(),
  fromMs: ms.optional(),
  toMs: ms.optional()
}

/** Snapshots and small files travel as data URLs (base64) so the same schema works over IPC and HTTP. */
const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
/** Host mode reads bodies up to this for channels that carry a data URL. */
const DATA_URL_BODY_BYTES = Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 64 * 1024
const dataUrl = z
  .string()
  .max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4 + 100)
  .regex(/^data:[\w.+/-]+;base64,/)

/** One hit of the full-text search: an incident or a duty log entry. */
export type SearchHit =
  | { kind: 'incident'; at: number; incident: IncidentSummary }
  | { kind: 'log'; at: number; entry: DutyLogEntry }
/** Where the next page of a search starts (per source); null fields: that source is exhausted. */
export type SearchCursor = { incidentBeforeId: number | null; logBeforeId: number | null }

const listConfig = z
  .array(z.object({ code, name: z.string().trim().min(1).max(60) }).strict())
  .min(1)
  .max(100)

export const incidentsContract = {
  /** The configurable lists: incident types and departments that may be notified. */
  'incidents:config': channel<{ types: CodeName[]; departments: CodeName[] }>()({
    input: z.object({}).strict(),
    permission: 'watch'
  }),
  /** Replace the configurable lists (audited with before/after). */
  'incidents:setConfig': channel<{ types: CodeName[]; departments: CodeName[] }>()({
    input: z.object({ types: listConfig, departments: listConfig }).strict(),
    permission: 'settings.edit',
    audit: 'settings'
  }),
  /** One page of incidents, newest first, filtered; `before` is the last row of the previous page. */
  'incidents:list': channel<IncidentSummary[]>()({
    input: z
      .object({
        ...incidentFilter,
        before: z.object({ at: ms, id }).strict().optional(),
        limit: z.number().int().min(1).max(500).default(100)
      })
      .strict(),
    permission: 'watch'
  }),
  /**
   * Full-text search (Chinese substrings of two or more characters) over
   * incidents and duty log entries, combined with the filters. Type, status,
   * severity, block or department filters leave out log entries.
   */
  'incidents:search': channel<{ hits: SearchHit[]; next: SearchCursor | null }>()({
    input: z
      .object({
        query: z.string().trim().min(1).max(200),
        ...incidentFilter,
        scope: z.enum(['all', 'incidents', 'log']).default('all'),
        cursor: z
          .object({ incidentBeforeId: id.nullable(), logBeforeId: id.nullable() })
          .strict()
          .optional(),
        limit: z.number().int().min(1).max(200).default(50)
      })
      .strict(),
    permission: 'watch'
  }),
  /** An incident with its steps, notifications, linked cameras and attachments. */
  'incidents:get': channel<Incident>()({ input: z.object({ id }).strict(), permission: 'watch' }),
  /** Log a new incident (status new), optionally with a snapshot. */
  'incidents:create': channel<Incident>()({
    input: z.object({ fields: incidentFields, snapshotDataUrl: dataUrl.optional() }).strict(),
    permission: 'incident.log',
    audit: 'incident',
    maxBodyBytes: DATA_URL_BODY_BYTES
  }),
  /**
   * Save the form over `version`. Refused with `conflict` when someone saved
   * in between; details.current is their version, and nothing was written.
   */
  'incidents:update': channel<Incident>()({
    input: z.object({ id, version: z.number().int().positive(), fields: incidentFields }).strict(),
    permission: 'incident.log',
    audit: 'incident'
  }),
  /** A workflow step of the duty staff; refused with `invalid_transition` when the workflow forbids it. */
  'incidents:transition': channel<Incident>()({
    input: z
      .object({
        id,
        action: z.enum(['acknowledge', 'dispatch', 'resolve']),
        note: z.string().max(2000).optional()
      })
      .strict(),
    permission: 'incident.log',
    audit: 'incident'
  }),
  /** Close a resolved incident (supervisors). */
  'incidents:close': channel<Incident>()({
    input: z.object({ id, note: z.string().max(2000).optional() }).strict(),
    permission: 'incident.close',
    audit: 'incident'
  }),
  /** Reopen a resolved or closed incident, with a reason (supervisors). */
  'incidents:reopen': channel<Incident>()({
    input: z.object({ id, reason: z.string().trim().min(1).max(2000) }).strict(),
    permission: 'incident.close',
    audit: 'incident'
  }),
  /** Record that a department was notified: when, how, who called. */
  'incidents:notify': channel<IncidentNotification>()({
    input: z
      .object({
        id,
        department: code,
        at: ms,
        method: z.enum(NOTIFY_METHODS),
        calledBy: z.string().max(80).optional(),
        contact: z.string().max(200).default(''),
        note: z.string().max(2000).default('')
      })
      .strict(),
    permission: 'incident.log',
    audit: 'incident'
  }),
  /** Attach a file (a snapshot, an exported clip) to an incident. */
  'incidents:attach': channel<IncidentAttachment>()({
    input: z
      .object({
        id,
        kind: z.enum(['snapshot', 'clip', 'file']),
        fileName: z.string().trim().min(1).max(200),
        dataUrl
      })
      .strict(),
    permission: 'incident.log',
    audit: 'incident',
    maxBodyBytes: DATA_URL_BODY_BYTES
  }),
  /** An attachment's content as a data URL (its hash is checked first). */
  'incidents:attachment': channel<{ attachment: IncidentAttachment; dataUrl: string }>()({
    input: z.object({ id }).strict(),
    permission: 'watch'
  }),
  /** Unacknowledged high-severity incidents: shown from every workspace until acknowledged. */
  'incidents:alerts': channel<IncidentSummary[]>()({
    input: z.object({}).strict(),
    permission: 'watch'
  })
}
