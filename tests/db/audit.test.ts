import { describe, expect, it } from 'vitest'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createTestDb } from '../helpers/db'
import {
  appendAudit,
  auditHash,
  listAudit,
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

describe('audit trail', () => {
  const entry = (i: number) => ({
    at: 1_000 + i,
    actor: 'duty',
    action: 'incident.update',
    entity: 'incident',
    entityId: String(i % 3),
    before: { status: 'new' },
    after: { status: 'acknowledged', note: `步骤 ${i}` }
  })

  it('chains rows and verifies', () => {
    const db = createTestDb()
    for (let i = 0; i < 20; i++) appendAudit(db, entry(i))
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 20 })
    const rows = listAudit(db, { limit: 5, entity: 'incident' })
    expect(rows).toHaveLength(5)
    expect(rows[0]?.after).toEqual({ status: 'acknowledged', note: '步骤 19' })
  })

  it('detects a row altered by hand', () => {
    const db = createTestDb()
    for (let i = 0; i < 5; i++) appendAudit(db, entry(i))
    // someone bypasses the triggers to edit history
    db.exec('DROP TRIGGER audit_log_noUpdate')
    db.prepare('UPDATE audit_log SET after = \'{"status":"closed"}\' WHERE id = 3').run()
    const v = verifyAuditChain(db)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.brokenAt).toBe(3)
  })

  it('detects a deleted row', () => {
    const db = createTestDb()
    for (let i = 0; i < 5; i++) appendAudit(db, entry(i))
    db.exec('DROP TRIGGER audit_log_noDelete')
    db.prepare('DELETE FROM audit_log WHERE id = 2').run()
    const v = verifyAuditChain(db)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.brokenAt).toBe(3)
  })
})

describe('audit chain against tampering (issue #15, point 2)', () => {
  const entry = (i: number, actor = 'duty') => ({
    at: 1_000 + i,
    actor,
    action: 'incident.update',
    entity: 'incident',
    entityId: String(i),
    before: null,
    after: { note: `步骤 ${i}` }
  })
  const keyed = () => {
    const db = createTestDb()
    useAuditKey(db, { key: randomBytes(32), keyedFrom: 1 })
    return db
  }

  it('hashes exactly the stored bytes, so a lone surrogate cannot break verification', () => {
    const db = keyed()
    appendAudit(db, entry(1, '\ud800'))
    appendAudit(db, { ...entry(2), after: { username: 'x\udfffy' } })
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 2 })
  })

  it('refuses a lone surrogate at the API edge and normalises text to NFC', () => {
    expect(normalizeInput({ username: '\ud800', password: 'x' })).toEqual({
      ok: false,
      path: '$.username',
      reason: 'lone_surrogate'
    })
    const r = normalizeInput({ name: 'Cafe\u0301', list: ['e\u0301'] })
    expect(r).toEqual({ ok: true, value: { name: 'Café', list: ['é'] } })
  })

  it('reports every break, not only the first', () => {
    const db = keyed()
    for (let i = 0; i < 8; i++) appendAudit(db, entry(i))
    db.exec('DROP TRIGGER audit_log_noUpdate')
    db.prepare("UPDATE audit_log SET actor = 'x' WHERE id IN (2, 6)").run()
    const v = verifyAuditChain(db)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.breaks.map((b) => b.id)).toEqual([2, 6])
  })

  it('catches a chain rehashed after the triggers were dropped (the key is not in the database)', () => {
    const db = keyed()
    for (let i = 0; i < 5; i++) appendAudit(db, entry(i))
    db.exec('DROP TRIGGER audit_log_noUpdate')
    // the attacker edits row 3 and recomputes every hash after it, unkeyed
    db.prepare("UPDATE audit_log SET actor = 'nobody' WHERE id = 3").run()
    let prev = db.prepare('SELECT hash FROM audit_log WHERE id = 2').pluck().get() as string
    for (const r of db.prepare('SELECT * FROM audit_log WHERE id >= 3 ORDER BY id').all() as {
      id: number
      at: number
      actor: string
      action: string
      entity: string
      entity_id: string
      before: string | null
      after: string | null
    }[]) {
      const hash = auditHash(prev, { ...r, entityId: r.entity_id })
      db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?').run(prev, hash, r.id)
      prev = hash
    }
    const v = verifyAuditChain(db)
    expect(v.ok).toBe(false)
    if (!v.ok) expect(v.breaks.map((b) => b.id)).toEqual([3, 4, 5])
  })

  it('catches removed newest rows and a rewritten head against an anchor kept outside', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-anchor-'))
    try {
      const db = keyed()
      for (let i = 0; i < 6; i++) appendAudit(db, entry(i))
      expect(writeAuditAnchor(path.join(dir, AUDIT_HEAD_FILE), db, 5)).toBe(true)
      expect(verifyAuditChain(db, { anchors: anchorsFor(dir) })).toEqual({ ok: true, rows: 6 })
      appendAudit(db, entry(7))
      expect(verifyAuditChain(db, { anchors: anchorsFor(dir) }).ok).toBe(true)

      db.exec('DROP TRIGGER audit_log_noDelete')
      db.prepare('DELETE FROM audit_log WHERE id >= 5').run()
      // without the anchor the shortened chain looks whole
      expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 4 })
      const v = verifyAuditChain(db, { anchors: anchorsFor(dir) })
      expect(v.ok).toBe(false)
      if (!v.ok) expect(v.reason).toMatch(/newest rows were removed/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("checks the live chain against every backup's head too", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-anchor-'))
    try {
      const db = keyed()
      for (let i = 0; i < 4; i++) appendAudit(db, entry(i))
      mkdirSync(path.join(dir, 'backups'))
      writeAuditAnchor(backupAnchorFile(path.join(dir, 'backups', 'watchroom-1.db')), db, 9)
      appendAudit(db, entry(5))
      expect(verifyAuditChain(db, { anchors: anchorsFor(dir) }).ok).toBe(true)
      // the whole chain rehashed with the key (stolen): the backup's head no longer matches
      db.exec('DROP TRIGGER audit_log_noUpdate')
      db.prepare('UPDATE audit_log SET hash = ? WHERE id = 4').run('ab'.repeat(32))
      const v = verifyAuditChain(db, { anchors: anchorsFor(dir) })
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
