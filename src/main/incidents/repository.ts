import type { ReadableDb, WritableDb } from '../db/database'
import type {
  Incident,
  IncidentAttachment,
  IncidentFields,
  IncidentNotification,
  IncidentStatus,
  IncidentStep,
  IncidentSummary,
  LinkedCamera,
  NotifyMethod,
  PlaceKind,
  Severity
} from '../../shared/domain/incident'
import { bigramQuery, bigramText } from './search'

type IncidentRow = {
  id: number
  type: string
  at: number
  severity: Severity
  status: IncidentStatus
  place_kind: PlaceKind
  camera_id: number | null
  road_id: number | null
  place_name: string
  lat: number | null
  lng: number | null
  block: string | null
  community: string | null
  description: string
  version: number
  created_at: number
  created_by: string | null
  updated_at: number
  updated_by: string | null
}

/** What is stored besides the form's fields: derived from the place when saved. */
export type DerivedPlace = {
  block: string | null
  community: string | null
  placeName: string
  lat: number | null
  lng: number | null
}

export function toSummary(r: IncidentRow): IncidentSummary {
  return {
    id: r.id,
    type: r.type,
    at: r.at,
    severity: r.severity,
    status: r.status,
    placeName: r.place_name,
    block: r.block,
    community: r.community,
    description: r.description,
    version: r.version,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by
  }
}

/** The text the full-text index holds for an incident. */
function incidentSearchText(f: {
  typeName: string
  placeName: string
  block: string | null
  community: string | null
  description: string
}): string {
  return bigramText(
    [f.typeName, f.placeName, f.block ?? '', f.community ?? '', f.description].join(' \n ')
  )
}

function indexIncident(db: WritableDb, id: number, text: string): void {
  db.prepare('DELETE FROM incidents_fts WHERE rowid = ?').run(id)
  db.prepare('INSERT INTO incidents_fts (rowid, body) VALUES (?, ?)').run(id, text)
}

function params(f: IncidentFields, p: DerivedPlace) {
  return {
    type: f.type,
    at: f.at,
    severity: f.severity,
    placeKind: f.placeKind,
    cameraId: f.cameraId,
    roadId: f.roadId,
    placeName: p.placeName,
    lat: p.lat,
    lng: p.lng,
    block: p.block,
    community: p.community,
    description: f.description
  }
}

function replaceLinkedCameras(db: WritableDb, id: number, linked: readonly LinkedCamera[]): void {
  db.prepare('DELETE FROM incident_cameras WHERE incident_id = ?').run(id)
  const ins = db.prepare(
    'INSERT INTO incident_cameras (incident_id, camera_id, from_ms, to_ms) VALUES (?, ?, ?, ?)'
  )
  for (const l of linked) ins.run(id, l.cameraId, l.from, l.to)
}

/** What a save writes besides the row: the linked cameras and the searchable text. */
function saveLinksAndText(
  db: WritableDb,
  id: number,
  f: IncidentFields,
  p: DerivedPlace,
  typeName: string
): void {
  replaceLinkedCameras(db, id, f.linkedCameras)
  indexIncident(
    db,
    id,
    incidentSearchText({
      typeName,
      placeName: p.placeName,
      block: p.block,
      community: p.community,
      description: f.description
    })
  )
}

export function insertIncident(
  db: WritableDb,
  f: IncidentFields,
  p: DerivedPlace,
  meta: { actor: string | null; now: number; typeName: string }
): number {
  const row = db
    .prepare(
      `INSERT INTO incidents (type, at, severity, status, place_kind, camera_id, road_id, place_name, lat, lng, block, community,
         description, version, created_at, created_by, updated_at, updated_by)
       VALUES (@type, @at, @severity, 'new', @placeKind, @cameraId, @roadId, @placeName, @lat, @lng, @block, @community,
         @description, 1, @now, @actor, @now, @actor) RETURNING id`
    )
    .get({ ...params(f, p), now: meta.now, actor: meta.actor }) as { id: number }
  saveLinksAndText(db, row.id, f, p, meta.typeName)
  insertStep(db, row.id, {
    at: meta.now,
    actor: meta.actor,
    action: 'create',
    fromStatus: null,
    toStatus: 'new',
    note: null
  })
  return row.id
}

/**
 * Saves the form's fields if the stored version is still `version`; false
 * when someone else saved in between (optimistic concurrency).
 */
export function updateIncidentFields(
  db: WritableDb,
  id: number,
  version: number,
  f: IncidentFields,
  p: DerivedPlace,
  meta: { actor: string | null; now: number; typeName: string }
): boolean {
  const r = db
    .prepare(
      `UPDATE incidents SET type = @type, at = @at, severity = @severity, place_kind = @placeKind, camera_id = @cameraId,
         road_id = @roadId, place_name = @placeName, lat = @lat, lng = @lng, block = @block, community = @community,
         description = @description, version = version + 1, updated_at = @now, updated_by = @actor
       WHERE id = @id AND version = @version`
    )
    .run({ ...params(f, p), id, version, now: meta.now, actor: meta.actor })
  if (r.changes !== 1) return false
  saveLinksAndText(db, id, f, p, meta.typeName)
  return true
}

/** Moves an incident from `from` to `to` (compare-and-set on the status); bumps its version. */
export function setIncidentStatus(
  db: WritableDb,
  id: number,
  from: IncidentStatus,
  to: IncidentStatus,
  meta: { actor: string | null; now: number }
): boolean {
  const r = db
    .prepare(
      `UPDATE incidents SET status = @to, version = version + 1, updated_at = @now, updated_by = @actor
       WHERE id = @id AND status = @from`
    )
    .run({ id, from, to, now: meta.now, actor: meta.actor })
  return r.changes === 1
}

/** Marks a change of something attached (a notification, an attachment): bumps updated_at, not the version. */
export function touchIncident(
  db: WritableDb,
  id: number,
  meta: { actor: string | null; now: number }
): void {
  db.prepare('UPDATE incidents SET updated_at = @now, updated_by = @actor WHERE id = @id').run({
    id,
    ...meta
  })
}

export function insertStep(db: WritableDb, incidentId: number, s: Omit<IncidentStep, 'id'>): void {
  db.prepare(
    `INSERT INTO incident_steps (incident_id, at, actor, action, from_status, to_status, note)
     VALUES (@incidentId, @at, @actor, @action, @fromStatus, @toStatus, @note)`
  ).run({ incidentId, ...s })
}

type StepRow = {
  id: number
  incident_id: number
  at: number
  actor: string | null
  action: IncidentStep['action']
  from_status: IncidentStatus | null
  to_status: IncidentStatus
  note: string | null
}
const toStep = (r: StepRow): IncidentStep => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  action: r.action,
  fromStatus: r.from_status,
  toStatus: r.to_status,
  note: r.note
})

export function listSteps(
  db: ReadableDb,
  incidentIds: readonly number[]
): Map<number, IncidentStep[]> {
  const out = new Map<number, IncidentStep[]>()
  if (!incidentIds.length) return out
  const rows = db
    .prepare(
      'SELECT * FROM incident_steps WHERE incident_id IN (SELECT value FROM json_each(?)) ORDER BY at, id'
    )
    .all(JSON.stringify(incidentIds)) as StepRow[]
  for (const r of rows) {
    const list = out.get(r.incident_id) ?? []
    list.push(toStep(r))
    out.set(r.incident_id, list)
  }
  return out
}

type NotificationRow = {
  id: number
  incident_id: number
  department: string
  at: number
  method: NotifyMethod
  called_by: string
  contact: string
  note: string
}
export const toNotification = (r: NotificationRow): IncidentNotification => ({
  id: r.id,
  incidentId: r.incident_id,
  department: r.department,
  at: r.at,
  method: r.method,
  calledBy: r.called_by,
  contact: r.contact,
  note: r.note
})

export function insertNotification(
  db: WritableDb,
  n: Omit<IncidentNotification, 'id'>,
  now: number
): IncidentNotification {
  const r = db
    .prepare(
      `INSERT INTO incident_notifications (incident_id, department, at, method, called_by, contact, note, created_at)
       VALUES (@incidentId, @department, @at, @method, @calledBy, @contact, @note, @now) RETURNING *`
    )
    .get({ ...n, now }) as NotificationRow
  return toNotification(r)
}

/** Notifications made within [from, to), with their incident's type and place (shift report). */
export function listNotificationsBetween(
  db: ReadableDb,
  from: number,
  to: number
): (IncidentNotification & { incidentType: string; incidentPlace: string })[] {
  const rows = db
    .prepare(
      `SELECT n.*, i.type AS incident_type, i.place_name AS incident_place FROM incident_notifications n
       JOIN incidents i ON i.id = n.incident_id WHERE n.at >= ? AND n.at < ? ORDER BY n.at, n.id`
    )
    .all(from, to) as (NotificationRow & { incident_type: string; incident_place: string })[]
  return rows.map((r) => ({
    ...toNotification(r),
    incidentType: r.incident_type,
    incidentPlace: r.incident_place
  }))
}

type AttachmentRow = {
  id: number
  incident_id: number
  kind: IncidentAttachment['kind']
  file_name: string
  rel_path: string
  mime: string
  bytes: number
  sha256: string
  created_at: number
  created_by: string | null
}
const toAttachment = (r: AttachmentRow): IncidentAttachment => ({
  id: r.id,
  incidentId: r.incident_id,
  kind: r.kind,
  fileName: r.file_name,
  mime: r.mime,
  bytes: r.bytes,
  sha256: r.sha256,
  createdAt: r.created_at,
  createdBy: r.created_by
})

export function insertAttachment(
  db: WritableDb,
  a: Omit<IncidentAttachment, 'id'> & { relPath: string }
): IncidentAttachment {
  const r = db
    .prepare(
      `INSERT INTO incident_attachments (incident_id, kind, file_name, rel_path, mime, bytes, sha256, created_at, created_by)
       VALUES (@incidentId, @kind, @fileName, @relPath, @mime, @bytes, @sha256, @createdAt, @createdBy) RETURNING *`
    )
    .get(a) as AttachmentRow
  return toAttachment(r)
}

export function getAttachment(
  db: ReadableDb,
  id: number
): (IncidentAttachment & { relPath: string }) | undefined {
  const r = db.prepare('SELECT * FROM incident_attachments WHERE id = ?').get(id) as
    AttachmentRow | undefined
  return r && { ...toAttachment(r), relPath: r.rel_path }
}

export function getIncidentRow(db: ReadableDb, id: number): IncidentSummary | undefined {
  const r = db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined
  return r && toSummary(r)
}

export function incidentExists(db: ReadableDb, id: number): boolean {
  return db.prepare('SELECT 1 FROM incidents WHERE id = ?').get(id) !== undefined
}

export function getIncident(db: ReadableDb, id: number): Incident | undefined {
  const r = db.prepare('SELECT * FROM incidents WHERE id = ?').get(id) as IncidentRow | undefined
  if (!r) return undefined
  const linked = db
    .prepare(
      'SELECT camera_id, from_ms, to_ms FROM incident_cameras WHERE incident_id = ? ORDER BY id'
    )
    .all(id) as { camera_id: number; from_ms: number; to_ms: number }[]
  const notifications = (
    db
      .prepare('SELECT * FROM incident_notifications WHERE incident_id = ? ORDER BY at, id')
      .all(id) as NotificationRow[]
  ).map(toNotification)
  const attachments = (
    db
      .prepare('SELECT * FROM incident_attachments WHERE incident_id = ? ORDER BY id')
      .all(id) as AttachmentRow[]
  ).map(toAttachment)
  return {
    ...toSummary(r),
    placeKind: r.place_kind,
    cameraId: r.camera_id,
    roadId: r.road_id,
    lat: r.lat,
    lng: r.lng,
    linkedCameras: linked.map((l) => ({ cameraId: l.camera_id, from: l.from_ms, to: l.to_ms })),
    createdAt: r.created_at,
    createdBy: r.created_by,
    steps: listSteps(db, [id]).get(id) ?? [],
    notifications,
    attachments
  }
}

export type IncidentFilter = {
  types?: readonly string[]
  statuses?: readonly IncidentStatus[]
  severities?: readonly Severity[]
  blocks?: readonly string[]
  department?: string
  fromMs?: number
  toMs?: number
}

function filterSql(f: IncidentFilter, p: Record<string, unknown>): string[] {
  const where: string[] = []
  if (f.types?.length) {
    where.push('i.type IN (SELECT value FROM json_each(@types))')
    p.types = JSON.stringify(f.types)
  }
  if (f.statuses?.length) {
    where.push('i.status IN (SELECT value FROM json_each(@statuses))')
    p.statuses = JSON.stringify(f.statuses)
  }
  if (f.severities?.length) {
    where.push('i.severity IN (SELECT value FROM json_each(@severities))')
    p.severities = JSON.stringify(f.severities)
  }
  if (f.blocks?.length) {
    where.push('i.block IN (SELECT value FROM json_each(@blocks))')
    p.blocks = JSON.stringify(f.blocks)
  }
  if (f.department) {
    // a correlated scalar subquery, not EXISTS (which SQLite may turn into a join driven by all of
    // the department's notifications): the page walks incidents newest first and stops at `limit`
    where.push(
      '(SELECT 1 FROM incident_notifications n WHERE n.incident_id = i.id AND n.department = @department LIMIT 1) IS NOT NULL'
    )
    p.department = f.department
  }
  if (f.fromMs !== undefined) {
    where.push('i.at >= @fromMs')
    p.fromMs = f.fromMs
  }
  if (f.toMs !== undefined) {
    where.push('i.at < @toMs')
    p.toMs = f.toMs
  }
  return where
}

/** One page of incidents, newest first (keyset paging on (at, id)). */
export function listIncidents(
  db: ReadableDb,
  f: IncidentFilter & { before?: { at: number; id: number }; limit: number }
): IncidentSummary[] {
  const p: Record<string, unknown> = { limit: f.limit }
  const where = filterSql(f, p)
  if (f.before) {
    where.push('(i.at < @beforeAt OR (i.at = @beforeAt AND i.id < @beforeId))')
    p.beforeAt = f.before.at
    p.beforeId = f.before.id
  }
  const sql = `SELECT i.* FROM incidents i ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY i.at DESC, i.id DESC LIMIT @limit`
  return (db.prepare(sql).all(p) as IncidentRow[]).map(toSummary)
}

/**
 * Incidents whose text contains the query, combined with the filters, in
 * logging order (newest first, keyset on id): the FTS index streams rowids
 * backwards and the filters are checked on the way, so a page stops early.
 */
export function searchIncidents(
  db: ReadableDb,
  query: string,
  f: IncidentFilter & { beforeId?: number; limit: number }
): IncidentSummary[] {
  const match = bigramQuery(query)
  if (!match) return []
  const p: Record<string, unknown> = { limit: f.limit, match }
  const where = filterSql(f, p)
  if (f.beforeId !== undefined) {
    where.push('s.rowid < @beforeId')
    p.beforeId = f.beforeId
  }
  const sql = `SELECT i.* FROM incidents_fts s JOIN incidents i ON i.id = s.rowid
    WHERE incidents_fts MATCH @match ${where.length ? 'AND ' + where.join(' AND ') : ''}
    ORDER BY s.rowid DESC LIMIT @limit`
  return (db.prepare(sql).all(p) as IncidentRow[]).map(toSummary)
}

/** Unacknowledged incidents of a severity, newest first (the banner). */
export function listUnacknowledged(
  db: ReadableDb,
  severity: Severity,
  limit = 20
): IncidentSummary[] {
  return (
    db
      .prepare(
        `SELECT * FROM incidents WHERE status = 'new' AND severity = ? ORDER BY at DESC LIMIT ?`
      )
      .all(severity, limit) as IncidentRow[]
  ).map(toSummary)
}

/** Incidents not closed yet, newest first. */
export function listOpenIncidents(db: ReadableDb, limit = 200): IncidentSummary[] {
  return (
    db
      .prepare(`SELECT * FROM incidents WHERE status != 'closed' ORDER BY at DESC LIMIT ?`)
      .all(limit) as IncidentRow[]
  ).map(toSummary)
}

/** Incidents with a workflow step or a notification within [from, to) (shift report). */
export function listIncidentsActiveBetween(
  db: ReadableDb,
  from: number,
  to: number
): IncidentSummary[] {
  const rows = db
    .prepare(
      `SELECT * FROM incidents WHERE id IN (
         SELECT incident_id FROM incident_steps WHERE at >= @from AND at < @to
         UNION SELECT incident_id FROM incident_notifications WHERE at >= @from AND at < @to)
       ORDER BY at, id`
    )
    .all({ from, to }) as IncidentRow[]
  return rows.map(toSummary)
}

/** Time, block and type of incidents within [from, to) (statistics). */
export function listIncidentFacts(
  db: ReadableDb,
  from: number,
  to: number,
  f: { types?: readonly string[]; blocks?: readonly string[] } = {}
): { at: number; block: string | null; type: string }[] {
  const p: Record<string, unknown> = {}
  const where = filterSql({ ...f, fromMs: from, toMs: to }, p)
  return db
    .prepare(`SELECT i.at, i.block, i.type FROM incidents i WHERE ${where.join(' AND ')}`)
    .all(p) as { at: number; block: string | null; type: string }[]
}
