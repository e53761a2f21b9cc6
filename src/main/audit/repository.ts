import { createHash, createHmac } from 'node:crypto'
import type { ReadableDb, WritableDb } from '../db/database'
import type { AuditBreak, AuditCheck, AuditRecord } from '../../shared/domain/audit'
import { noteAuditRow } from './callScope'

/** A row as appended: the chain's fields are the repository's to compute. */
export type AuditEntry = Omit<AuditRecord, 'id' | 'prevHash' | 'hash'>

export type AuditRow = AuditRecord

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

/** prev_hash of the first row */
export const GENESIS = '0'.repeat(64)

/**
 * The key the chain is MACed with. It lives outside the database (a file
 * beside it), so whoever can only write SQL cannot rehash edited rows.
 * Rows below `keyedFrom` were written before the chain was keyed and keep
 * plain SHA-256.
 */
export type AuditKey = { key: Buffer; keyedFrom: number }

/** A copy of the chain's head kept outside the database: rows up to it cannot vanish or be rewritten unseen. */
export type AuditAnchor = { id: number; hash: string; at: number }

const keys = new WeakMap<object, AuditKey>()

/** Every append and verification on this connection uses the key from now on. */
export function useAuditKey(db: ReadableDb, key: AuditKey): void {
  keys.set(db, key)
}

export function auditKeyOf(db: ReadableDb): AuditKey | undefined {
  return keys.get(db)
}

type HashedFields = {
  at: number
  actor: string | null
  action: string
  entity: string | null
  entityId: string | null
  before: string | null
  after: string | null
}

/**
 * The hash of a row: SHA-256 (or, once keyed, HMAC-SHA-256) over the
 * previous hash and the row's fields, in a fixed order.
 */
export function auditHash(prevHash: string, r: HashedFields, key?: Buffer): string {
  const text = JSON.stringify([
    prevHash,
    r.at,
    r.actor,
    r.action,
    r.entity,
    r.entityId,
    r.before,
    r.after
  ])
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(text).digest('hex')
}

/**
 * The text SQLite will store: UTF-8 has no lone surrogates, so they become
 * U+FFFD on the way in. Hashing this form means the hash covers exactly the
 * stored bytes (a lone surrogate once made a row look altered forever).
 */
const asStored = (s: string | null): string | null =>
  s === null ? null : Buffer.from(s, 'utf8').toString('utf8')

const toJson = (v: unknown): string | null =>
  v === undefined || v === null ? null : asStored(JSON.stringify(v))

export const keyFor = (k: AuditKey | undefined, id: number): Buffer | undefined =>
  k && id >= k.keyedFrom ? k.key : undefined

/**
 * Appends one audit row chained to the last one. Runs in its own (nested)
 * transaction so concurrent appends cannot fork the chain.
 */
export function appendAudit(db: WritableDb, e: AuditEntry): AuditRow {
  return db.transaction(() => {
    const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
      { id: number; hash: string } | undefined
    const prev = last?.hash ?? GENESIS
    const id = (last?.id ?? 0) + 1
    const fields = {
      at: e.at,
      actor: asStored(e.actor),
      action: asStored(e.action) ?? '',
      entity: asStored(e.entity),
      entityId: asStored(e.entityId),
      before: toJson(e.before),
      after: toJson(e.after)
    }
    const hash = auditHash(prev, fields, keyFor(keys.get(db), id))
    const row = db
      .prepare(
        `INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before, after, prev_hash, hash)
         VALUES (@id, @at, @actor, @action, @entity, @entityId, @before, @after, @prev, @hash) RETURNING *`
      )
      .get({ ...fields, id, prev, hash }) as AuditDbRow
    noteAuditRow()
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

export type AuditVerification = AuditCheck

/**
 * The rules of a chain walk, whatever database the rows come from: feed it
 * the rows in id order, then each anchor with the hash stored at its id.
 * Every break is kept, not only the first (one early break must not hide
 * later edits); with anchors (heads kept outside the database), removed
 * newest rows and a rehashed chain show too.
 */
export function createChainWalk(key: AuditKey | undefined): {
  row(r: AuditDbRow): void
  anchor(a: AuditAnchor, stored: string | undefined): void
  result(): AuditVerification
} {
  const breaks: AuditBreak[] = []
  let prev = GENESIS
  let n = 0
  return {
    row(r) {
      n++
      if (r.prev_hash !== prev)
        breaks.push({
          id: r.id,
          reason: 'link to the previous row does not match (a row was removed or reordered)'
        })
      const expect = auditHash(
        r.prev_hash,
        {
          at: r.at,
          actor: r.actor,
          action: r.action,
          entity: r.entity,
          entityId: r.entity_id,
          before: r.before,
          after: r.after
        },
        keyFor(key, r.id)
      )
      if (expect !== r.hash)
        breaks.push({
          id: r.id,
          reason: 'row content does not match its hash (the row was altered)'
        })
      prev = r.hash
    },
    anchor(a, stored) {
      if (stored === undefined)
        breaks.push({
          id: a.id,
          reason: 'the anchored head is missing (the newest rows were removed)'
        })
      else if (stored !== a.hash)
        breaks.push({
          id: a.id,
          reason: 'the anchored head does not match (the chain was rewritten)'
        })
    },
    result() {
      if (breaks.length === 0) return { ok: true, rows: n }
      const sorted = [...breaks].sort((a, b) => a.id - b.id)
      const first = sorted[0]
      return { ok: false, rows: n, brokenAt: first.id, reason: first.reason, breaks: sorted }
    }
  }
}

/** Verifies the room's chain (see createChainWalk). */
export function verifyAuditChain(
  db: ReadableDb,
  opts: { anchors?: readonly AuditAnchor[]; key?: AuditKey } = {}
): AuditVerification {
  const walk = createChainWalk(opts.key ?? keys.get(db))
  for (const r of db
    .prepare('SELECT * FROM audit_log ORDER BY id')
    .iterate() as IterableIterator<AuditDbRow>)
    walk.row(r)
  const hashOf = db.prepare('SELECT hash FROM audit_log WHERE id = ?').pluck()
  for (const a of opts.anchors ?? []) walk.anchor(a, hashOf.get(a.id) as string | undefined)
  return walk.result()
}

/** The newest row, to anchor outside the database. */
export function auditHead(db: ReadableDb): { id: number; hash: string } | undefined {
  return db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as
    { id: number; hash: string } | undefined
}

/** Newest first; `toMs` inclusive here (the view's own query takes it exclusive). */
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
  return queryAudit(db, {
    ...q,
    toMs: q.toMs === undefined ? undefined : q.toMs + 1,
    limit: q.limit ?? 200
  })
}

// --- the audit view's reads --------------------------------------------------

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
      .all(w.params) as AuditDbRow[]
  ).map(toAuditRow)
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
