import type { ClientBase } from 'pg'
import {
  auditHash,
  createChainWalk,
  GENESIS,
  keyFor,
  type AuditAnchor,
  type AuditDbRow,
  type AuditEntry,
  type AuditKey,
  type AuditVerification
} from '../../audit/repository'

/** pg_advisory_xact_lock key: appends from every room server on the district form one chain. */
const AUDIT_LOCK = 0x5752_0003
/** Rows read per round trip while walking the chain. */
const PAGE = 5000

/** As the room stores it: UTF-8 cannot hold a lone surrogate, so the hash covers U+FFFD. */
const asStored = (s: string | null): string | null =>
  s === null ? null : Buffer.from(s, 'utf8').toString('utf8')
const toJson = (v: unknown): string | null =>
  v === undefined || v === null ? null : asStored(JSON.stringify(v))

/**
 * verifyAuditChain's rules on the district's copy of the chain (the room's
 * verifier reads SQLite synchronously): every link and every hash, keyed
 * from `keyedFrom` on, every break listed, and every anchor (a head kept
 * outside the database) still present and unchanged.
 */
export async function verifyPgAuditChain(
  client: ClientBase,
  opts: { key?: AuditKey; anchors?: readonly AuditAnchor[] } = {}
): Promise<AuditVerification> {
  const walk = createChainWalk(opts.key)
  let after = 0
  for (;;) {
    const page = await client.query<AuditDbRow>(
      'SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2',
      [after, PAGE]
    )
    for (const r of page.rows) {
      walk.row(r)
      after = r.id
    }
    if (page.rows.length < PAGE) break
  }
  for (const a of opts.anchors ?? []) {
    const r = await client.query<{ hash: string }>('SELECT hash FROM audit_log WHERE id = $1', [
      a.id
    ])
    walk.anchor(a, r.rows[0]?.hash)
  }
  return walk.result()
}

/**
 * appendAudit on the district: the same fields and hash, chained to the
 * newest row under an advisory lock held to the end of the caller's
 * transaction, so that rooms appending at once cannot fork the chain.
 * Must run inside a transaction.
 */
export async function appendPgAudit(
  client: ClientBase,
  e: AuditEntry,
  key: AuditKey | undefined
): Promise<{ id: number; hash: string }> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK])
  const last = await client.query<{ id: number; hash: string }>(
    'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1'
  )
  const prev = last.rows[0]?.hash ?? GENESIS
  const id = (last.rows[0]?.id ?? 0) + 1
  const fields = {
    at: e.at,
    actor: asStored(e.actor),
    action: asStored(e.action) ?? '',
    entity: asStored(e.entity),
    entityId: asStored(e.entityId),
    before: toJson(e.before),
    after: toJson(e.after)
  }
  const hash = auditHash(prev, fields, keyFor(key, id))
  await client.query(
    `INSERT INTO audit_log (id, at, actor, action, entity, entity_id, before, after, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      id,
      fields.at,
      fields.actor,
      fields.action,
      fields.entity,
      fields.entityId,
      fields.before,
      fields.after,
      prev,
      hash
    ]
  )
  return { id, hash }
}

/** The newest row of the district's chain. */
export async function pgAuditHead(
  client: ClientBase
): Promise<{ id: number; hash: string } | undefined> {
  const r = await client.query<{ id: number; hash: string }>(
    'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1'
  )
  return r.rows[0]
}
