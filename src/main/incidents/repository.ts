import type { Sql } from '../db/sql'
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
import { bigramTerms, bigramText, ftsMatch, tsQuery } from './search'
import { anyOf, listParam } from './sqlLists'

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

async function indexIncident(sql: Sql, id: number, text: string): Promise<void> {
  await sql.run('DELETE FROM incidents_fts WHERE rowid = ?', [id])
  await sql.run('INSERT INTO incidents_fts (rowid, body) VALUES (?, ?)', [id, text])
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

async function replaceLinkedCameras(
  sql: Sql,
  id: number,
  linked: readonly LinkedCamera[]
): Promise<void> {
  await sql.run('DELETE FROM incident_cameras WHERE incident_id = ?', [id])
  for (const l of linked)
    await sql.run(
      'INSERT INTO incident_cameras (incident_id, camera_id, from_ms, to_ms) VALUES (?, ?, ?, ?)',
      [id, l.cameraId, l.from, l.to]
    )
}

/** What a save writes besides the row: the linked cameras and the searchable text. */
async function saveLinksAndText(
  sql: Sql,
  id: number,
  f: IncidentFields,
  p: DerivedPlace,
  typeName: string
): Promise<void> {
  await replaceLinkedCameras(sql, id, f.linkedCameras)
  await indexIncident(
    sql,
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

/** Call inside a transaction: the row, its links, its text and its first step belong together. */
export async function insertIncident(
  sql: Sql,
  f: IncidentFields,
  p: DerivedPlace,
  meta: { actor: string | null; now: number; typeName: string }
): Promise<number> {
  const row = (await sql.get<{ id: number }>(
    `INSERT INTO incidents (type, at, severity, status, place_kind, camera_id, road_id, place_name, lat, lng, block, community,
       description, version, created_at, created_by, updated_at, updated_by)
     VALUES (@type, @at, @severity, 'new', @placeKind, @cameraId, @roadId, @placeName, @lat, @lng, @block, @community,
       @description, 1, @now, @actor, @now, @actor) RETURNING id`,
    { ...params(f, p), now: meta.now, actor: meta.actor }
  )) as { id: number }
  await saveLinksAndText(sql, row.id, f, p, meta.typeName)
  await insertStep(sql, row.id, {
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
export async function updateIncidentFields(
  sql: Sql,
  id: number,
  version: number,
  f: IncidentFields,
  p: DerivedPlace,
  meta: { actor: string | null; now: number; typeName: string }
): Promise<boolean> {
  const r = await sql.run(
    `UPDATE incidents SET type = @type, at = @at, severity = @severity, place_kind = @placeKind, camera_id = @cameraId,
       road_id = @roadId, place_name = @placeName, lat = @lat, lng = @lng, block = @block, community = @community,
       description = @description, version = version + 1, updated_at = @now, updated_by = @actor
     WHERE id = @id AND version = @version`,
    { ...params(f, p), id, version, now: meta.now, actor: meta.actor }
  )
  if (r.changes !== 1) return false
  await saveLinksAndText(sql, id, f, p, meta.typeName)
  return true
}

/** Moves an incident from `from` to `to` (compare-and-set on the status); bumps its version. */
export async function setIncidentStatus(
  sql: Sql,
  id: number,
  from: IncidentStatus,
  to: IncidentStatus,
  meta: { actor: string | null; now: number }
): Promise<boolean> {
  const r = await sql.run(
    `UPDATE incidents SET status = @to, version = version + 1, updated_at = @now, updated_by = @actor
     WHERE id = @id AND status = @from`,
    { id, from, to, now: meta.now, actor: meta.actor }
  )
  return r.changes === 1
}

/**
 * Holds the incident's row until the transaction ends, so a check of its
 * state stays true for what the transaction writes next. SQLite's BEGIN
 * IMMEDIATE already holds the whole file; on PostgreSQL another room server
 * could change the row in between.
 */
export async function lockIncident(sql: Sql, id: number): Promise<void> {
  if (sql.dialect === 'postgres')
    await sql.run('SELECT id FROM incidents WHERE id = ? FOR UPDATE', [id])
}

/** Marks a change of something attached (a notification, an attachment): bumps updated_at, not the version. */
export async function touchIncident(
  sql: Sql,
  id: number,
  meta: { actor: string | null; now: number }
): Promise<void> {
  await sql.run('UPDATE incidents SET updated_at = @now, updated_by = @actor WHERE id = @id', {
    id,
    ...meta
  })
}

export async function insertStep(
  sql: Sql,
  incidentId: number,
  s: Omit<IncidentStep, 'id'>
): Promise<void> {
  await sql.run(
    `INSERT INTO incident_steps (incident_id, at, actor, action, from_status, to_status, note)
     VALUES (@incidentId, @at, @actor, @action, @fromStatus, @toStatus, @note)`,
    { incidentId, ...s }
  )
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

export async function listSteps(
  sql: Sql,
  incidentIds: readonly number[]
): Promise<Map<number, IncidentStep[]>> {
  const out = new Map<number, IncidentStep[]>()
  if (!incidentIds.length) return out
  const rows = await sql.all<StepRow>(
    `SELECT * FROM incident_steps WHERE ${anyOf(sql, 'incident_id', '@ids')} ORDER BY at, id`,
    { ids: listParam(sql, incidentIds) }
  )
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

export async function insertNotification(
  sql: Sql,
  n: Omit<IncidentNotification, 'id'>,
  now: number
): Promise<IncidentNotification> {
  const r = (await sql.get<NotificationRow>(
    `INSERT INTO incident_notifications (incident_id, department, at, method, called_by, contact, note, created_at)
     VALUES (@incidentId, @department, @at, @method, @calledBy, @contact, @note, @now) RETURNING *`,
    { ...n, now }
  )) as NotificationRow
  return toNotification(r)
}

/** Notifications made within [from, to), with their incident's type and place (shift report). */
export async function listNotificationsBetween(
  sql: Sql,
  from: number,
  to: number
): Promise<(IncidentNotification & { incidentType: string; incidentPlace: string })[]> {
  const rows = await sql.all<NotificationRow & { incident_type: string; incident_place: string }>(
    `SELECT n.*, i.type AS incident_type, i.place_name AS incident_place FROM incident_notifications n
     JOIN incidents i ON i.id = n.incident_id WHERE n.at >= ? AND n.at < ? ORDER BY n.at, n.id`,
    [from, to]
  )
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

export async function insertAttachment(
  sql: Sql,
  a: Omit<IncidentAttachment, 'id'> & { relPath: string }
): Promise<IncidentAttachment> {
  const r = (await sql.get<AttachmentRow>(
    `INSERT INTO incident_attachments (incident_id, kind, file_name, rel_path, mime, bytes, sha256, created_at, created_by)
     VALUES (@incidentId, @kind, @fileName, @relPath, @mime, @bytes, @sha256, @createdAt, @createdBy) RETURNING *`,
    a
  )) as AttachmentRow
  return toAttachment(r)
}

export async function getAttachment(
  sql: Sql,
  id: number
): Promise<(IncidentAttachment & { relPath: string }) | undefined> {
  const r = await sql.get<AttachmentRow>('SELECT * FROM incident_attachments WHERE id = ?', [id])
  return r && { ...toAttachment(r), relPath: r.rel_path }
}

export async function getIncidentRow(sql: Sql, id: number): Promise<IncidentSummary | undefined> {
  const r = await sql.get<IncidentRow>('SELECT * FROM incidents WHERE id = ?', [id])
  return r && toSummary(r)
}

export async function incidentExists(sql: Sql, id: number): Promise<boolean> {
  return (await sql.get('SELECT 1 FROM incidents WHERE id = ?', [id])) !== undefined
}

export async function getIncident(sql: Sql, id: number): Promise<Incident | undefined> {
  const r = await sql.get<IncidentRow>('SELECT * FROM incidents WHERE id = ?', [id])
  if (!r) return undefined
  const linked = await sql.all<{ camera_id: number; from_ms: number; to_ms: number }>(
    'SELECT camera_id, from_ms, to_ms FROM incident_cameras WHERE incident_id = ? ORDER BY id',
    [id]
  )
  const notifications = (
    await sql.all<NotificationRow>(
      'SELECT * FROM incident_notifications WHERE incident_id = ? ORDER BY at, id',
      [id]
    )
  ).map(toNotification)
  const attachments = (
    await sql.all<AttachmentRow>(
      'SELECT * FROM incident_attachments WHERE incident_id = ? ORDER BY id',
      [id]
    )
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
    steps: (await listSteps(sql, [id])).get(id) ?? [],
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

function filterSql(sql: Sql, f: IncidentFilter, p: Record<string, unknown>): string[] {
  const where: string[] = []
  const oneOf = (column: string, name: string, values: readonly string[] | undefined) => {
    if (!values?.length) return
    where.push(anyOf(sql, column, `@${name}`))
    p[name] = listParam(sql, values)
  }
  oneOf('i.type', 'types', f.types)
  oneOf('i.status', 'statuses', f.statuses)
  oneOf('i.severity', 'severities', f.severities)
  oneOf('i.block', 'blocks', f.blocks)
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

const summaries = async (sql: Sql, text: string, p: Record<string, unknown>) =>
  (await sql.all<IncidentRow>(text, p)).map(toSummary)

/** One page of incidents, newest first (keyset paging on (at, id)). */
export async function listIncidents(
  sql: Sql,
  f: IncidentFilter & { before?: { at: number; id: number }; limit: number }
): Promise<IncidentSummary[]> {
  const p: Record<string, unknown> = { limit: f.limit }
  const where = filterSql(sql, f, p)
  if (f.before) {
    where.push('(i.at < @beforeAt OR (i.at = @beforeAt AND i.id < @beforeId))')
    p.beforeAt = f.before.at
    p.beforeId = f.before.id
  }
  return summaries(
    sql,
    `SELECT i.* FROM incidents i ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY i.at DESC, i.id DESC LIMIT @limit`,
    p
  )
}

/**
 * Incidents whose text contains the query, combined with the filters, in
 * logging order (newest first, keyset on id): the text index yields rowids
 * newest first and the filters are checked on the way, so a page stops early.
 */
export async function searchIncidents(
  sql: Sql,
  query: string,
  f: IncidentFilter & { beforeId?: number; limit: number }
): Promise<IncidentSummary[]> {
  const terms = bigramTerms(query)
  if (!terms.length) return []
  const p: Record<string, unknown> = { limit: f.limit }
  const where = [textMatch(sql, 'incidents_fts', terms, p), ...filterSql(sql, f, p)]
  if (f.beforeId !== undefined) {
    where.push('s.rowid < @beforeId')
    p.beforeId = f.beforeId
  }
  return summaries(
    sql,
    `SELECT i.* FROM incidents_fts s JOIN incidents i ON i.id = s.rowid
     WHERE ${where.join(' AND ')} ORDER BY s.rowid DESC LIMIT @limit`,
    p
  )
}

/**
 * The condition that the text table `s` (incidents_fts or duty_log_fts)
 * holds every term: FTS5's MATCH on SQLite; on PostgreSQL the same bigram
 * text's tsvector column (migration 0014) against the same terms as a tsquery.
 */
export function textMatch(
  sql: Sql,
  table: 'incidents_fts' | 'duty_log_fts',
  terms: ReturnType<typeof bigramTerms>,
  p: Record<string, unknown>
): string {
  if (sql.dialect === 'sqlite') {
    p.match = ftsMatch(terms)
    return `${table} MATCH @match`
  }
  // to_tsquery runs the query's bigrams through the parser that made `doc`, so both sides split alike
  p.match = tsQuery(terms)
  return "s.doc @@ to_tsquery('simple', @match)"
}

/** Unacknowledged incidents of a severity, newest first (the banner). */
export function listUnacknowledged(
  sql: Sql,
  severity: Severity,
  limit = 20
): Promise<IncidentSummary[]> {
  return summaries(
    sql,
    `SELECT * FROM incidents WHERE status = 'new' AND severity = @severity ORDER BY at DESC LIMIT @limit`,
    { severity, limit }
  )
}

/** Incidents not closed yet, newest first. */
export function listOpenIncidents(sql: Sql, limit = 200): Promise<IncidentSummary[]> {
  return summaries(
    sql,
    `SELECT * FROM incidents WHERE status != 'closed' ORDER BY at DESC LIMIT @limit`,
    { limit }
  )
}

/** Incidents with a workflow step or a notification within [from, to) (shift report). */
export function listIncidentsActiveBetween(
  sql: Sql,
  from: number,
  to: number
): Promise<IncidentSummary[]> {
  return summaries(
    sql,
    `SELECT * FROM incidents WHERE id IN (
       SELECT incident_id FROM incident_steps WHERE at >= @from AND at < @to
       UNION SELECT incident_id FROM incident_notifications WHERE at >= @from AND at < @to)
     ORDER BY at, id`,
    { from, to }
  )
}

/** Time, block and type of incidents within [from, to) (statistics). */
export function listIncidentFacts(
  sql: Sql,
  from: number,
  to: number,
  f: { types?: readonly string[]; blocks?: readonly string[] } = {}
): Promise<{ at: number; block: string | null; type: string }[]> {
  const p: Record<string, unknown> = {}
  const where = filterSql(sql, { ...f, fromMs: from, toMs: to }, p)
  return sql.all(`SELECT i.at, i.block, i.type FROM incidents i WHERE ${where.join(' AND ')}`, p)
}
