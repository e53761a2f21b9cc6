import type { Sql } from '../db/sql'
import { rowReader } from '../db/rows'
import { anyOf, listParam } from '../incidents/sqlLists'
import type { SystemEvent, SystemEventKind } from '../../shared/domain/systemEvent'

type EventRow = {
  id: number
  at: number
  kind: SystemEventKind
  camera_id: number | null
  actor: string | null
  data: string
}

const events = rowReader((r: EventRow): SystemEvent => ({
  id: r.id,
  at: r.at,
  kind: r.kind,
  cameraId: r.camera_id,
  actor: r.actor,
  data: JSON.parse(r.data) as Record<string, unknown>
}))

export async function appendSystemEvent(
  sql: Sql,
  e: Omit<SystemEvent, 'id'>
): Promise<SystemEvent> {
  const row = await events.get(
    sql,
    `INSERT INTO system_events (at, kind, camera_id, actor, data)
     VALUES (@at, @kind, @cameraId, @actor, @data) RETURNING *`,
    {
      at: e.at,
      kind: e.kind,
      cameraId: e.cameraId,
      actor: e.actor,
      data: JSON.stringify(e.data)
    }
  )
  return row as SystemEvent
}

export async function listSystemEvents(
  sql: Sql,
  q: { beforeId?: number; kinds?: readonly SystemEventKind[]; limit: number }
): Promise<SystemEvent[]> {
  const where: string[] = []
  const params: Record<string, unknown> = { limit: q.limit }
  if (q.beforeId !== undefined) {
    where.push('id < @beforeId')
    params.beforeId = q.beforeId
  }
  if (q.kinds && q.kinds.length > 0) {
    where.push(anyOf(sql, 'kind', '@kinds'))
    params.kinds = listParam(sql, q.kinds)
  }
  const text = `SELECT * FROM system_events ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
    ORDER BY id DESC LIMIT @limit`
  return events.all(sql, text, params)
}
