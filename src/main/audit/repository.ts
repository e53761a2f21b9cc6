import { createHash } from 'node:crypto'
import type { ReadableDb, WritableDb } from '../db/database'

export type AuditEntry = {
  at: number
  actor: string | null
  action: string
  entity: string | null
  entityId: string | null
  before: unknown
  after: unknown
}

export type AuditRow = AuditEntry & { id: number; prevHash: string; hash: string }

/** An audit_log row as SQLite returns it. */
export type AuditDbRow = {
  id: number
  at: number
  actor: string | null
  action: string
  entity: string | null
  entity_id: string | null
  before: string | null
  after: string | null
  prev_hash: string
  hash: string
}

const GENESIS = '0'.repeat(64)

/** The hash of a row: SHA-256 over the previous hash and the row's fields, in a fixed order. */
export function auditHash(
  prevHash: string,
  r: {
    at: number
    actor: string | null
    action: string
    entity: string | null
    entityId: string | null
    before: string | null
    after: string | null
  }
): string {
  return createHash('sha256')
    .update(
      JSON.stringify([prevHash, r.at, r.actor, r.action, r.entity, r.entityId, r.before, r.after])
    )
    .digest('hex')
}

const toJson = (v: unknown): string | null =>
  v === undefined || v === null ? null : JSON.stringify(v)

/**
 * Appends one audit row chained to the last one. Runs in its own (nested)
 * transaction so concurrent appends cannot fork the chain.
 */
export function appendAudit(db: WritableDb, e: AuditEntry): AuditRow {
  return db.transaction(() => {
    const prev =
      (db.prepare('SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1').pluck().get() as
        string | undefined) ?? GENESIS
    const fields = {
      at: e.at,
      actor: e.actor,
      action: e.action,
      entity: e.entity,
      entityId: e.entityId,
      before: toJson(e.before),
      after: toJson(e.after)
    }
    const hash = auditHash(prev, fields)
    const row = db
      .prepare(
        `INSERT INTO audit_log (at, actor, action, entity, entity_id, before, after, prev_hash, hash)
         VALUES (@at, @actor, @action, @entity, @entityId, @before, @after, @prev, @hash) RETURNING *`
      )
      .get({ ...fields, prev, hash }) as AuditDbRow
    return toAuditRow(row)
  })()
}

/** Parses a stored row (JSON before/after). */
export function toAuditRow(r: AuditDbRow): AuditRow {
  return {
    id: r.id,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    prevHash: r.prev_hash,
    hash: r.hash
  }
}

export type AuditVerification =
  { ok: true; rows: number } | { ok: false; rows: number; brokenAt: number; reason: string }

/** Walks the chain from the start; the first row whose hash or link does not match breaks it. */
export function verifyAuditChain(db: ReadableDb): AuditVerification {
  let prev = GENESIS
  let n = 0
  for (const r of db
    .prepare('SELECT * FROM audit_log ORDER BY id')
    .iterate() as IterableIterator<AuditDbRow>) {
    n++
    if (r.prev_hash !== prev)
      return {
        ok: false,
        rows: n,
        brokenAt: r.id,
        reason: 'link to the previous row does not match (a row was removed or reordered)'
      }
    const expect = auditHash(prev, {
      at: r.at,
      actor: r.actor,
      action: r.action,
      entity: r.entity,
      entityId: r.entity_id,
      before: r.before,
      after: r.after
    })
    if (expect !== r.hash)
      return {
        ok: false,
        rows: n,
        brokenAt: r.id,
        reason: 'row content does not match its hash (the row was altered)'
      }
    prev = r.hash
  }
  return { ok: true, rows: n }
}

export function listAudit(
  db: ReadableDb,
  q: {
    beforeId?: number
    actor?: string
    action?: string
    entity?: string
    fromMs?: number
    toMs?: number
    limit?: number
  }
): AuditRow[] {
  const where: string[] = []
  if (q.beforeId !== undefined) where.push('id < @beforeId')
  if (q.actor) where.push('actor = @actor')
  if (q.action) where.push('action LIKE @action')
  if (q.entity) where.push('entity = @entity')
  if (q.fromMs !== undefined) where.push('at >= @fromMs')
  if (q.toMs !== undefined) where.push('at <= @toMs')
  const sql = `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT @limit`
  return (
    db.prepare(sql).all({
      ...q,
      limit: q.limit ?? 200,
      action: q.action ? `${q.action}%` : undefined
    }) as AuditDbRow[]
  ).map(toAuditRow)
}
