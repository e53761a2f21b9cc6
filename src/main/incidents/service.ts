import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Sql } from '../db/sql'
import { appendAudit } from '../audit/repository'
import { ApiError } from '../../shared/ipc/errors'
import {
  actionsFrom,
  nextStatus,
  type Incident,
  type IncidentAction,
  type IncidentAttachment,
  type IncidentFields,
  type IncidentNotification,
  type NotifyMethod
} from '../../shared/domain/incident'
import {
  getAttachment,
  getIncident,
  insertAttachment,
  insertIncident,
  insertNotification,
  insertStep,
  lockIncident,
  setIncidentStatus,
  touchIncident,
  updateIncidentFields
} from './repository'
import { derivePlace } from './place'
import { getDepartments, getIncidentTypes, typeName } from './config'

/** Who acts, and when: the service's view of a call. */
export type Actor = { sql: Sql; now: number; actor: string | null }

/** What the audit keeps of an incident: its editable fields and workflow state. */
function auditView(i: Incident) {
  return {
    type: i.type,
    at: i.at,
    severity: i.severity,
    status: i.status,
    placeKind: i.placeKind,
    cameraId: i.cameraId,
    roadId: i.roadId,
    placeName: i.placeName,
    lat: i.lat,
    lng: i.lng,
    block: i.block,
    community: i.community,
    description: i.description,
    linkedCameras: i.linkedCameras,
    version: i.version
  }
}

async function mustGet(sql: Sql, id: number): Promise<Incident> {
  const i = await getIncident(sql, id)
  if (!i) throw new ApiError('not_found', `No incident ${id}`)
  return i
}

async function checkType(sql: Sql, type: string): Promise<void> {
  if (!(await getIncidentTypes(sql)).some((t) => t.code === type))
    throw new ApiError('invalid_input', `Unknown incident type ${type}`, { reason: 'unknown_type' })
}

function checkFields(f: IncidentFields): void {
  for (const l of f.linkedCameras)
    if (l.to < l.from)
      throw new ApiError('invalid_input', 'A linked camera range ends before it starts.', {
        reason: 'bad_range'
      })
}

export async function createIncident(a: Actor, f: IncidentFields): Promise<Incident> {
  await checkType(a.sql, f.type)
  checkFields(f)
  return a.sql.tx(async (t) => {
    const place = await derivePlace(t, f)
    const id = await insertIncident(t, f, place, {
      actor: a.actor,
      now: a.now,
      typeName: await typeName(t, f.type)
    })
    const created = await mustGet(t, id)
    await appendAudit(t, {
      at: a.now,
      actor: a.actor,
      action: 'incident.create',
      entity: 'incident',
      entityId: String(id),
      before: null,
      after: auditView(created)
    })
    return created
  })
}

/**
 * Saves the form's fields over `version`. When someone else saved in
 * between, nothing is written and the caller gets `conflict` with the
 * current incident, so the UI can show both versions and keep the user's text.
 */
export async function updateIncident(
  a: Actor,
  id: number,
  version: number,
  f: IncidentFields
): Promise<Incident> {
  await checkType(a.sql, f.type)
  checkFields(f)
  return a.sql.tx(async (t) => {
    const before = await mustGet(t, id)
    const place = await derivePlace(t, f)
    if (
      !(await updateIncidentFields(t, id, version, f, place, {
        actor: a.actor,
        now: a.now,
        typeName: await typeName(t, f.type)
      }))
    ) {
      throw new ApiError(
        'conflict',
        `Incident ${id} was changed by ${before.updatedBy ?? 'someone'} (now version ${before.version}, you edited version ${version}); nothing was saved.`,
        { reason: 'incident_version', yourVersion: version, current: before }
      )
    }
    const after = await mustGet(t, id)
    await appendAudit(t, {
      at: a.now,
      actor: a.actor,
      action: 'incident.update',
      entity: 'incident',
      entityId: String(id),
      before: auditView(before),
      after: auditView(after)
    })
    return after
  })
}

/**
 * One workflow step. The status is compared and set in one statement, so of
 * two operators acknowledging at once the second is told it already was.
 */
export async function transitionIncident(
  a: Actor,
  id: number,
  action: IncidentAction,
  note: string | null
): Promise<Incident> {
  if (action === 'reopen' && !note?.trim())
    throw new ApiError('invalid_input', 'Reopening needs a reason.', {
      reason: 'reopen_reason_required'
    })
  return a.sql.tx(async (t) => {
    const before = await mustGet(t, id)
    const to = nextStatus(before.status, action)
    if (
      !to ||
      !(await setIncidentStatus(t, id, before.status, to, { actor: a.actor, now: a.now }))
    ) {
      throw new ApiError(
        'invalid_transition',
        `Cannot ${action} an incident that is ${before.status}.`,
        {
          reason: 'incident_transition',
          action,
          status: before.status,
          allowed: actionsFrom(before.status)
        }
      )
    }
    await insertStep(t, id, {
      at: a.now,
      actor: a.actor,
      action,
      fromStatus: before.status,
      toStatus: to,
      note: note?.trim() || null
    })
    const after = await mustGet(t, id)
    await appendAudit(t, {
      at: a.now,
      actor: a.actor,
      action: `incident.${action}`,
      entity: 'incident',
      entityId: String(id),
      before: { status: before.status, version: before.version },
      after: { status: after.status, version: after.version, note: note?.trim() || null }
    })
    return after
  })
}

export async function notifyDepartment(
  a: Actor,
  id: number,
  n: {
    department: string
    at: number
    method: NotifyMethod
    contact: string
    note: string
    calledBy?: string
  }
): Promise<IncidentNotification> {
  if (!(await getDepartments(a.sql)).some((d) => d.code === n.department))
    throw new ApiError('invalid_input', `Unknown department ${n.department}`, {
      reason: 'unknown_department'
    })
  return a.sql.tx(async (t) => {
    // the status checked below must still hold when the notification is written
    await lockIncident(t, id)
    const inc = await mustGet(t, id)
    if (inc.status === 'closed')
      throw new ApiError('invalid_transition', 'The incident is closed.', {
        reason: 'incident_closed'
      })
    const saved = await insertNotification(
      t,
      {
        incidentId: id,
        department: n.department,
        at: n.at,
        method: n.method,
        calledBy: n.calledBy?.trim() || a.actor || '',
        contact: n.contact,
        note: n.note
      },
      a.now
    )
    await touchIncident(t, id, { actor: a.actor, now: a.now })
    await appendAudit(t, {
      at: a.now,
      actor: a.actor,
      action: 'incident.notify',
      entity: 'incident',
      entityId: String(id),
      before: null,
      after: saved
    })
    return saved
  })
}

const MIME_EXT: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/webp': '.webp',
  'video/mp4': '.mp4',
  'application/pdf': '.pdf'
}

/** Splits a `data:<mime>;base64,<data>` URL. */
export function parseDataUrl(url: string): { mime: string; bytes: Buffer } | null {
  const m = /^data:([\w.+/-]+);base64,([A-Za-z0-9+/=]*)$/.exec(url)
  return m ? { mime: m[1], bytes: Buffer.from(m[2], 'base64') } : null
}

/**
 * Stores a file under `<dir>/<incident id>/` named by its hash (so the same
 * snapshot twice is one file) and records it with its SHA-256.
 */
export async function addAttachment(
  a: Actor,
  dir: string,
  id: number,
  file: { kind: IncidentAttachment['kind']; fileName: string; mime: string; bytes: Buffer }
): Promise<IncidentAttachment> {
  await mustGet(a.sql, id)
  const sha256 = createHash('sha256').update(file.bytes).digest('hex')
  const safeName =
    path
      .basename(file.fileName)
      .replace(/[^\p{L}\p{N}._-]+/gu, '_')
      .slice(0, 120) || 'file'
  const ext = path.extname(safeName) || MIME_EXT[file.mime] || ''
  const rel = path.join(String(id), `${sha256.slice(0, 16)}${ext}`)
  mkdirSync(path.join(dir, String(id)), { recursive: true })
  writeFileSync(path.join(dir, rel), file.bytes)
  return a.sql.tx(async (t) => {
    const saved = await insertAttachment(t, {
      incidentId: id,
      kind: file.kind,
      fileName: safeName,
      relPath: rel,
      mime: file.mime,
      bytes: file.bytes.length,
      sha256,
      createdAt: a.now,
      createdBy: a.actor
    })
    await touchIncident(t, id, { actor: a.actor, now: a.now })
    await appendAudit(t, {
      at: a.now,
      actor: a.actor,
      action: 'incident.attach',
      entity: 'incident',
      entityId: String(id),
      before: null,
      after: saved
    })
    return saved
  })
}

/** An attachment's bytes as a data URL, after checking its hash (a file changed on disk is refused). */
export async function readAttachment(
  sql: Sql,
  dir: string,
  attachmentId: number,
  /** on a district, the file from the room that stored it when it is not in this room's folder */
  fromOtherRoom?: (attachmentId: number) => Promise<Buffer | null>
): Promise<{ attachment: IncidentAttachment; dataUrl: string }> {
  const att = await getAttachment(sql, attachmentId)
  if (!att) throw new ApiError('not_found', `No attachment ${attachmentId}`)
  const full = path.resolve(dir, att.relPath)
  if (!full.startsWith(path.resolve(dir) + path.sep))
    throw new ApiError('forbidden', 'Attachment path outside the attachments folder')
  let bytes: Buffer | null
  try {
    bytes = readFileSync(full)
  } catch {
    // another room's bytes are held to the same stored hash below
    bytes = (await fromOtherRoom?.(attachmentId)) ?? null
  }
  if (!bytes) throw new ApiError('not_found', `Attachment file missing: ${att.relPath}`)
  if (createHash('sha256').update(bytes).digest('hex') !== att.sha256)
    throw new ApiError('conflict', 'The attachment file was changed after it was stored.', {
      reason: 'attachment_hash'
    })
  const { relPath: _rel, ...attachment } = att
  return { attachment, dataUrl: `data:${att.mime};base64,${bytes.toString('base64')}` }
}
