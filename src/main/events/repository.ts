import type { ReadableDb, WritableDb } from '../db/database'
import type { SystemEvent, SystemEventKind } from '../../shared/domain/systemEvent'

type EventRow = {
  id: number
  at: number
  kind: SystemEventKind
  camera_id: number | null
  actor: string | null
  data: string
}

function toEvent(r: EventRow): SystemEvent {
  return {
    id: r.id,
    at: r.at,
    kind: r.kind,
    cameraId: r.camera_id,
    actor: r.actor,
    data: JSON.parse(r.data) as Record<string, unknown>
  }
}

export function appendSystemEvent(db: WritableDb, e: Omit<SystemEvent, 'id'>): SystemEvent {
  const row = db
    .prepare(
      `INSERT INTO system_events (at, kind, camera_id, actor, data)
       VALUES (@at, @kind, @cameraId, @actor, @data) RETURNING *`
    )
    .get({
      at: e.at,
      kind: e.kind,
      cameraId: e.cameraId,
      actor: e.actor,
      data: JSON.stringify(e.data)
    }) as EventRow
  return toEvent(row)
}

export function listSystemEvents(
  db: ReadableDb,
  q: { beforeId?: number; kinds?: readonly SystemEventKind[]; limit: number }
): SystemEvent[] {
  const where: string[] = []
  const params: Record<string, unknown> = { limit: q.limit }
  if (q.beforeId !== undefined) {
    where.push('id < @beforeId')
    params.beforeId = q.beforeId
  }
  if (q.kinds && q.kinds.length > 0) {
    where.push(`kind IN (SELECT value FROM json_each(@kinds))`)
    params.kinds = JSON.stringify(q.kinds)
  }
  const sql = `SELECT * FROM system_events ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY id DESC LIMIT @limit`
  return (db.prepare(sql).all(params) as EventRow[]).map(toEvent)
}
