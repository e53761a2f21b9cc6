import type { ReadableDb } from '../db/database'
import type { AuditRecord } from '../../shared/domain/audit'
import { toAuditRow, type AuditDbRow as Row } from './repository'

/**
 * Read side of the audit view, generic over audit_log (every action, entity
 * and actor): filters, facets and CSV. Rows are only ever read here.
 */
export type AuditQuery = {
  actor?: string
  action?: string
  entity?: string
  entityId?: string
  fromMs?: number
  toMs?: number
  beforeId?: number
  limit: number
}

const toRecord = (r: Row): AuditRecord => toAuditRow(r)

function whereOf(q: AuditQuery): { sql: string; params: Record<string, unknown> } {
  const where: string[] = []
  const params: Record<string, unknown> = { limit: q.limit }
  const add = (clause: string, name: string, value: unknown) => {
    if (value === undefined || value === '') return
    where.push(clause)
    params[name] = value
  }
  add('actor = @actor', 'actor', q.actor)
  // prefix match without LIKE's wildcards in the user's text
  add('substr(action, 1, length(@action)) = @action', 'action', q.action)
  add('entity = @entity', 'entity', q.entity)
  add('entity_id = @entityId', 'entityId', q.entityId)
  add('at >= @fromMs', 'fromMs', q.fromMs)
  add('at < @toMs', 'toMs', q.toMs)
  add('id < @beforeId', 'beforeId', q.beforeId)
  return { sql: where.length ? 'WHERE ' + where.join(' AND ') : '', params }
}

export function queryAudit(db: ReadableDb, q: AuditQuery): AuditRecord[] {
  const w = whereOf(q)
  return (
    db
      .prepare(`SELECT * FROM audit_log ${w.sql} ORDER BY id DESC LIMIT @limit`)
      .all(w.params) as Row[]
  ).map(toRecord)
}

export function auditFacets(db: ReadableDb): {
  actors: string[]
  actions: string[]
  entities: string[]
} {
  const col = (c: string) =>
    db
      .prepare(`SELECT DISTINCT ${c} FROM audit_log WHERE ${c} IS NOT NULL ORDER BY ${c} LIMIT 500`)
      .pluck()
      .all() as string[]
  return { actors: col('actor'), actions: col('action'), entities: col('entity') }
}

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return ''
  let s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Audit rows as CSV (UTF-8 with BOM), oldest first, with both hashes so a copy can be checked later. */
export function auditToCsv(rows: readonly AuditRecord[]): string {
  const head = [
    'id',
    'at_utc',
    'actor',
    'action',
    'entity',
    'entity_id',
    'before',
    'after',
    'prev_hash',
    'hash'
  ]
  const lines = [head.join(',')]
  for (const r of [...rows].reverse())
    lines.push(
      [
        r.id,
        new Date(r.at).toISOString(),
        r.actor,
        r.action,
        r.entity,
        r.entityId,
        r.before,
        r.after,
        r.prevHash,
        r.hash
      ]
        .map(cell)
        .join(',')
    )
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}
