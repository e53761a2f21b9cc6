import { expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describeBackends } from '../helpers/backends'
import { openPgSql } from '../../src/main/db/postgres/pgSql'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { value, type Sql } from '../../src/main/db/sql'
import {
  appendAudit,
  auditFacets,
  auditHash,
  auditHead,
  auditKeyOf,
  listAudit,
  queryAudit,
  useAuditKey,
  verifyAuditChain
} from '../../src/main/audit/repository'
import {
  AUDIT_HEAD_FILE,
  anchorsFor,
  backupAnchorFile,
  writeAuditAnchor
} from '../../src/main/audit/anchor'
import { normalizeInput } from '../../src/main/api/unicode'

/** what someone with write access to the database (but not the key) can do first */
const dropTrigger = (sql: Sql, name: string): Promise<unknown> =>
  sql.run(sql.dialect === 'sqlite' ? `DROP TRIGGER ${name}` : `DROP TRIGGER ${name} ON audit_log`)

it('refuses a lone surrogate at the API edge and normalises text to NFC', () => {
  expect(normalizeInput({ username: '\ud800', password: 'x' })).toEqual({
    ok: false,
    path: '$.username',
    reason: 'lone_surrogate'
  })
  const r = normalizeInput({ name: 'Cafe\u0301', list: ['e\u0301'] })
  expect(r).toEqual({ ok: true, value: { name: 'Café', list: ['é'] } })
})

describeBackends('audit trail', (b) => {
  const entry = (i: number) => ({
    at: 1_000 + i,
    actor: 'duty',
    action: 'incident.update',
    entity: 'incident',
    entityId: String(i % 3),
    before: { status: 'new' },
    after: { status: 'acknowledged', note: `步骤 ${i}` }
  })

  it('chains rows and verifies', async () => {
    const sql = b.sql()
    for (let i = 0; i < 20; i++) await appendAudit(sql, entry(i))
    expect(await verifyAuditChain(sql)).toEqual({ ok: true, rows: 20 })
    const rows = await listAudit(sql, { limit: 5, entity: 'incident' })
    expect(rows).toHaveLength(5)
    expect(rows[0]?.after).toEqual({ status: 'acknowledged', note: '步骤 19' })
  })

  it('detects a row altered by hand', async () => {
    const sql = b.sql()
    for (let i = 0; i < 5; i++) await appendAudit(sql, entry(i))
    // someone bypasses the triggers to edit history
    await dropTrigger(sql, 'audit_log_noUpdate')
    await sql.run('UPDATE audit_log SET after = \'{"status":"closed"}\' WHERE id = 3')
    const v = await verifyAuditChain(sql)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.brokenAt).toBe(3)
  })

  it('detects a deleted row', async () => {
    const sql = b.sql()
    for (let i = 0; i < 5; i++) await appendAudit(sql, entry(i))
    await dropTrigger(sql, 'audit_log_noDelete')
    await sql.run('DELETE FROM audit_log WHERE id = 2')
    const v = await verifyAuditChain(sql)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.brokenAt).toBe(3)
  })
})

describeBackends('audit chain against tampering (issue #15, point 2)', (b) => {
  const entry = (i: number, actor = 'duty') => ({
    at: 1_000 + i,
    actor,
    action: 'incident.update',
    entity: 'incident',
    entityId: String(i),
    before: null,
    after: { note: `步骤 ${i}` }
  })
  const keyed = (): Sql => {
    const sql = b.sql()
    useAuditKey(sql, { key: randomBytes(32), keyedFrom: 1 })
    return sql
  }

  it('hashes exactly the stored bytes, so a lone surrogate cannot break verification', async () => {
    const sql = keyed()
    await appendAudit(sql, entry(1, '\ud800'))
    await appendAudit(sql, { ...entry(2), after: { username: 'x\udfffy' } })
    expect(await verifyAuditChain(sql)).toEqual({ ok: true, rows: 2 })
  })

  it('reports every break, not only the first', async () => {
    const sql = keyed()
    for (let i = 0; i < 8; i++) await appendAudit(sql, entry(i))
    await dropTrigger(sql, 'audit_log_noUpdate')
    await sql.run("UPDATE audit_log SET actor = 'x' WHERE id IN (2, 6)")
    const v = await verifyAuditChain(sql)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.breaks.map((b) => b.id)).toEqual([2, 6])
  })

  it('catches a chain rehashed after the triggers were dropped (the key is not in the database)', async () => {
    const sql = keyed()
    for (let i = 0; i < 5; i++) await appendAudit(sql, entry(i))
    await dropTrigger(sql, 'audit_log_noUpdate')
    // the attacker edits row 3 and recomputes every hash after it, unkeyed
    await sql.run("UPDATE audit_log SET actor = 'nobody' WHERE id = 3")
    let prev = (await value<string>(sql, 'SELECT hash FROM audit_log WHERE id = 2')) as string
    for (const r of await sql.all<{
      id: number
      at: number
      actor: string
      action: string
      entity: string
      entity_id: string
      before: string | null
      after: string | null
    }>('SELECT * FROM audit_log WHERE id >= 3 ORDER BY id')) {
      const hash = auditHash(prev, { ...r, entityId: r.entity_id })
      await sql.run('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?', [prev, hash, r.id])
      prev = hash
    }
    const v = await verifyAuditChain(sql)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.breaks.map((b) => b.id)).toEqual([3, 4, 5])
  })

  it('catches removed newest rows and a rewritten head against an anchor kept outside', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-anchor-'))
    try {
      const sql = keyed()
      expect(await writeAuditAnchor(path.join(dir, AUDIT_HEAD_FILE), sql, 5)).toBe(false)
      for (let i = 0; i < 6; i++) await appendAudit(sql, entry(i))
      expect(await writeAuditAnchor(path.join(dir, AUDIT_HEAD_FILE), sql, 5)).toBe(true)
      expect(await verifyAuditChain(sql, { anchors: anchorsFor(dir) })).toEqual({
        ok: true,
        rows: 6
      })
      await appendAudit(sql, entry(7))
      expect((await verifyAuditChain(sql, { anchors: anchorsFor(dir) })).ok).toBe(true)

      await dropTrigger(sql, 'audit_log_noDelete')
      await sql.run('DELETE FROM audit_log WHERE id >= 5')
      // without the anchor the shortened chain looks whole
      expect(await verifyAuditChain(sql)).toEqual({ ok: true, rows: 4 })
      const v = await verifyAuditChain(sql, { anchors: anchorsFor(dir) })
      expect(v.ok).toBe(false)
      if (!v.ok) expect(v.reason).toMatch(/newest rows were removed/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("checks the live chain against every backup's head too", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-anchor-'))
    try {
      const sql = keyed()
      for (let i = 0; i < 4; i++) await appendAudit(sql, entry(i))
      mkdirSync(path.join(dir, 'backups'))
      await writeAuditAnchor(backupAnchorFile(path.join(dir, 'backups', 'watchroom-1.db')), sql, 9)
      await appendAudit(sql, entry(5))
      expect((await verifyAuditChain(sql, { anchors: anchorsFor(dir) })).ok).toBe(true)
      // the whole chain rehashed with the key (stolen): the backup's head no longer matches
      await dropTrigger(sql, 'audit_log_noUpdate')
      await sql.run('UPDATE audit_log SET hash = ? WHERE id = 4', ['ab'.repeat(32)])
      const v = await verifyAuditChain(sql, { anchors: anchorsFor(dir) })
      expect(v.ok).toBe(false)
      if (!v.ok)
        expect(v.breaks.map((b) => b.reason)).toContain(
          'the anchored head does not match (the chain was rewritten)'
        )
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describeBackends('audit appends and reads', (b) => {
  const entry = (i: number, actor = 'duty', action = 'incident.update') => ({
    at: 1_000 + i,
    actor,
    action,
    entity: 'incident',
    entityId: String(i),
    before: null,
    after: { i }
  })

  it('keeps one chain when callers append at once', async () => {
    const sql = b.sql()
    useAuditKey(sql, { key: randomBytes(32), keyedFrom: 5 })
    const rows = await Promise.all(Array.from({ length: 30 }, (_, i) => appendAudit(sql, entry(i))))
    expect(new Set(rows.map((r) => r.id)).size).toBe(30)
    expect(await verifyAuditChain(sql)).toEqual({ ok: true, rows: 30 })
  })

  it('writes inside the caller’s transaction: a rolled back change leaves no row', async () => {
    const sql = b.sql()
    await appendAudit(sql, entry(1))
    await expect(
      sql.tx(async () => {
        // through the root, as the pipeline's ctx.audit writes
        await appendAudit(sql, entry(2))
        expect((await auditHead(sql))?.id).toBe(2)
        throw new Error('the change failed')
      })
    ).rejects.toThrow('the change failed')
    expect((await auditHead(sql))?.id).toBe(1)
    await appendAudit(sql, entry(3))
    expect(await verifyAuditChain(sql)).toEqual({ ok: true, rows: 2 })
  })

  it('filters, pages and lists facets the same way', async () => {
    const sql = b.sql()
    await appendAudit(sql, entry(1, 'duty', 'incident.update'))
    await appendAudit(sql, entry(2, 'admin', 'user.create'))
    await appendAudit(sql, entry(3, 'duty', 'incident.close'))
    await appendAudit(sql, { ...entry(4, 'duty', 'export.audit'), entity: null, entityId: null })
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id)
    expect(ids(await queryAudit(sql, { limit: 10 }))).toEqual([4, 3, 2, 1])
    expect(ids(await queryAudit(sql, { action: 'incident.', limit: 10 }))).toEqual([3, 1])
    // the user's text is no pattern
    expect(ids(await queryAudit(sql, { action: 'incident%', limit: 10 }))).toEqual([])
    expect(ids(await queryAudit(sql, { actor: 'duty', beforeId: 3, limit: 10 }))).toEqual([1])
    expect(ids(await queryAudit(sql, { fromMs: 1_002, toMs: 1_004, limit: 10 }))).toEqual([3, 2])
    expect(ids(await listAudit(sql, { fromMs: 1_002, toMs: 1_004 }))).toEqual([4, 3, 2])
    expect(ids(await queryAudit(sql, { entity: 'incident', entityId: '2', limit: 10 }))).toEqual([
      2
    ])
    expect(ids(await queryAudit(sql, { limit: 2 }))).toEqual([4, 3])
    expect(await auditFacets(sql)).toEqual({
      actors: ['admin', 'duty'],
      actions: ['export.audit', 'incident.close', 'incident.update', 'user.create'],
      entities: ['incident']
    })
    const [row] = await queryAudit(sql, { limit: 1, beforeId: 2 })
    expect(row).toMatchObject({ id: 1, at: 1_001, actor: 'duty', entityId: '1', after: { i: 1 } })
  })

  if (b.dialect === 'sqlite')
    it('gives a key set on the Sql to its connection too (the database worker is handed it)', () => {
      const key = { key: randomBytes(32), keyedFrom: 1 }
      useAuditKey(b.sql(), key)
      expect(auditKeyOf(b.db)).toBe(key)
      expect(auditKeyOf(sqliteSql(b.db))).toBe(key)
    })

  if (b.dialect === 'postgres')
    it('keeps one chain when two servers append to the district at once', async () => {
      const other = openPgSql(b.url, { applicationName: 'other-room' })
      try {
        const key = { key: randomBytes(32), keyedFrom: 1 }
        useAuditKey(b.sql(), key)
        useAuditKey(other, key)
        await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            appendAudit(i % 2 ? other : b.sql(), entry(i, i % 2 ? 'room-b' : 'room-a'))
          )
        )
        expect(await verifyAuditChain(b.sql())).toEqual({ ok: true, rows: 40 })
      } finally {
        await other.end()
      }
    })
})
