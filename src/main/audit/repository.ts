import { createHash, createHmac } from 'node:crypto'
import type { ReadableDb } from '../db/database'
import { column, type Sql } from '../db/sql'
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

/**
 * Every append and verification on this database uses the key from now on.
 * `target` is the Sql, or for the room's file its connection (every Sql over
 * that connection then finds the key).
 */
export function useAuditKey(target: Sql | ReadableDb, key: AuditKey): void {
  keys.set(target, key)
  // and the other way round: the database worker is handed the key of the room's connection
  const db = (target as { db?: unknown }).db
  if (typeof db === 'object' && db !== null) keys.set(db, key)
}

export function auditKeyOf(target: Sql | ReadableDb): AuditKey | undefined {
  const own = keys.get(target)
  if (own) return own
  const db = (target as { db?: unknown }).db
  return typeof db === 'object' && db !== null ? keys.get(db) : undefined
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

/** pg_advisory_xact_lock key: appends from every room server on a district form one chain. */
const AUDIT_LOCK = 0x5752_0003

/**
 * Appends one audit row chained to the last one, in the caller's transaction
 * when there is one (else its own), so concurrent appends cannot fork the
 * chain: SQLite's transactions are serialised by its write lock; on
 * PostgreSQL an advisory lock held to the transaction's end serialises the
 * appends of every room server on the district.
 */
export function appendAudit(sql: Sql, e: AuditEntry): Promise<AuditRow> {
  return sql.tx(async (t) => {
    if (t.dialect === 'postgres') await t.run('SELECT pg_advisory_xact_lock(?)', [AUDIT_LOCK])
    const last = await t.get<{ id: number; hash: string }>(
      'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1'
    )
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
    const hash = auditHash(prev, fields, keyFor(auditKeyOf(t), id))
    const row = (await t.get<AuditDbRow>(
      `INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before, after, prev_hash, hash)
       VALUES (@id, @at, @actor, @action, @entity, @entityId, @before, @after, @prev, @hash) RETURNING *`,
      { ...fields, id, prev, hash }
    )) as AuditDbRow
    noteAuditRow()
    return toAuditRow(row)
  })
}

/** The settings row where a district records its audit key's fingerprint (never the key). */
const DISTRICT_KEY_SETTING = 'audit.keySha256'

/**
 * The fingerprint of the key a district's chain is MACed with: the one the
 * room migrated into it used, else the one the first room server recorded.
 */
export async function districtAuditKeyFingerprint(sql: Sql): Promise<string | undefined> {
  const migrated = await sql.get<{ sha: string }>(
    'SELECT audit_key_sha256 AS sha FROM room_migrations WHERE audit_key_sha256 IS NOT NULL'
  )
  if (migrated) return migrated.sha
  const v = await sql.get<{ value: string }>('SELECT value FROM settings WHERE key = ?', [
    DISTRICT_KEY_SETTING
  ])
  return v ? (JSON.parse(v.value) as string) : undefined
}

/** Records the fingerprint unless a room recorded one first; the one that stands is returned. */
export async function recordDistrictAuditKey(
  sql: Sql,
  sha256: string
): Promise<string | undefined> {
  await sql.run('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING', [
    DISTRICT_KEY_SETTING,
    JSON.stringify(sha256)
  ])
  return districtAuditKeyFingerprint(sql)
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

/** Rows read per query while walking the chain (a district's chain is read over the network). */
const PAGE = 5000

/** Verifies the chain (see createChainWalk), with the database's key unless one is given. */
export async function verifyAuditChain(
  sql: Sql,
  opts: { anchors?: readonly AuditAnchor[]; key?: AuditKey } = {}
): Promise<AuditVerification> {
  const walk = createChainWalk(opts.key ?? auditKeyOf(sql))
  let after = 0
  for (;;) {
    const page = await sql.all<AuditDbRow>(
      'SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?',
      [after, PAGE]
    )
    for (const r of page) {
      walk.row(r)
      after = r.id
    }
    if (page.length < PAGE) break
  }
  for (const a of opts.anchors ?? [])
    walk.anchor(
      a,
      (await sql.get<{ hash: string }>('SELECT hash FROM audit_log WHERE id = ?', [a.id]))?.hash
    )
  return walk.result()
}

/** The newest row, to anchor outside the database. */
export function auditHead(sql: Sql): Promise<{ id: number; hash: string } | undefined> {
  return sql.get<{ id: number; hash: string }>(
    'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1'
  )
}

/** Newest first; `toMs` inclusive here (the view's own query takes it exclusive). */
export function listAudit(
  sql: Sql,
  q: {
    beforeId?: number
    actor?: string
    action?: string
    entity?: string
    fromMs?: number
    toMs?: number
    limit?: number
  }
): Promise<AuditRow[]> {
  return queryAudit(sql, {
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

export async function queryAudit(sql: Sql, q: AuditQuery): Promise<AuditRecord[]> {
  const w = whereOf(q)
  const rows = await sql.all<AuditDbRow>(
    `SELECT * FROM audit_log ${w.sql} ORDER BY id DESC LIMIT @limit`,
    w.params
  )
  return rows.map(toAuditRow)
}

export async function auditFacets(sql: Sql): Promise<{
  actors: string[]
  actions: string[]
  entities: string[]
}> {
  const col = (c: string) =>
    column<string>(
      sql,
      `SELECT DISTINCT ${c} FROM audit_log WHERE ${c} IS NOT NULL ORDER BY ${c} LIMIT 500`
    )
  return { actors: await col('actor'), actions: await col('action'), entities: await col('entity') }
}
