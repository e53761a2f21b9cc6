import { describe, expect, it } from 'vitest'
import { createTestDb } from '../helpers/db'
import { appendAudit, listAudit, verifyAuditChain } from '../../src/main/audit/repository'

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
