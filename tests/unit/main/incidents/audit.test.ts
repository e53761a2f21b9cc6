import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { openDatabase } from '../../../../src/main/db/database'
import { migrate } from '../../../../src/main/db/migrate'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'
import { verifyAuditChain } from '../../../../src/main/audit/repository'
import {
  createIncident,
  transitionIncident,
  updateIncident
} from '../../../../src/main/incidents/service'
import { addLogEntry } from '../../../../src/main/duty/service'
import { runCli } from '../../../../src/main/cli/index'
import { describeBackends } from '../../../helpers/backends'
import { createHarness, fields, seedCameras } from './helpers'
import type { AuditRecord } from '../../../../src/shared/domain/audit'

afterEach(() => vi.restoreAllMocks())

describeBackends('audit trail of incidents', (backend) => {
  it('appends every change with who, when, before and after', async () => {
    const h = await createHarness(backend.sql())
    const duty = h.as('duty', 'zhang')
    const admin = h.as('admin', 'root')
    const i = await h.ok(
      duty<{ id: number; version: number }>('incidents:create', { fields: fields() })
    )
    await h.ok(
      duty('incidents:update', { id: i.id, version: 1, fields: fields({ description: '改' }) })
    )
    await h.ok(duty('incidents:transition', { id: i.id, action: 'acknowledge' }))
    await h.ok(duty('duty:addEntry', { text: '巡查金城路，无异常' }))
    await h.ok(
      admin('incidents:setConfig', {
        types: [{ code: 'theft', name: '盗窃' }],
        departments: [{ code: 'police', name: '公安' }]
      })
    )
    const rows = await h.ok(admin<AuditRecord[]>('audit:list', { limit: 50 }))
    expect(rows.map((r) => r.action).reverse()).toEqual([
      'incident.create',
      'incident.update',
      'incident.acknowledge',
      'duty.log',
      'settings.update'
    ])
    const upd = rows.find((r) => r.action === 'incident.update')!
    expect(upd).toMatchObject({
      actor: 'zhang',
      entity: 'incident',
      entityId: String(i.id),
      before: { description: fields().description },
      after: { description: '改' }
    })
    // filters and export; duty staff cannot read the audit
    expect(
      (await h.ok(admin<AuditRecord[]>('audit:list', { action: 'incident.', limit: 50 }))).length
    ).toBe(3)
    expect(
      (
        await h.ok(
          admin<AuditRecord[]>('audit:list', {
            entity: 'incident',
            entityId: String(i.id),
            limit: 50
          })
        )
      ).length
    ).toBe(3)
    const csv = await h.ok(
      admin<{ csv: string; rows: number }>('audit:exportCsv', { actor: 'zhang' })
    )
    expect(csv.rows).toBe(4)
    expect(csv.csv.split('\r\n')[0]).toBe(
      '\uFEFFid,at_utc,actor,action,entity,entity_id,before,after,prev_hash,hash'
    )
    expect(await duty('audit:list', { limit: 5 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' }
    })
    // the export itself is audited
    expect(
      (await h.ok(admin<AuditRecord[]>('audit:list', { action: 'export.', limit: 5 })))[0]
    ).toMatchObject({ action: 'export.audit', actor: 'root' })
    expect(await h.ok(admin('audit:verify', {}))).toMatchObject({ ok: true })
  })
})

describe('audit trail of incidents in a room file', () => {
  it('`watchroom audit verify` fails (exit 1) after an incident audit row is altered by hand', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-audit-'))
    const file = path.join(dir, 'watchroom.db')
    const db = openDatabase(file)
    migrate(db)
    const sql = sqliteSql(db)
    await seedCameras(sql)
    const a = { sql, now: Date.UTC(2026, 5, 1, 6), actor: 'zhang' }
    const inc = await createIncident(a, fields())
    await updateIncident(
      { ...a, now: a.now + 1000 },
      inc.id,
      1,
      fields({ description: '第二版描述' })
    )
    await transitionIncident({ ...a, now: a.now + 2000 }, inc.id, 'acknowledge', null)
    await addLogEntry({ ...a, now: a.now + 3000 }, '交接：金城路口信号灯故障已报修', null)
    expect(await verifyAuditChain(sql)).toEqual({ ok: true, rows: 4 })
    db.close()

    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(await runCli(['node', 'watchroom', '--db', file, 'audit', 'verify'])).toBe(0)
    expect(String(out.mock.calls.at(-1)?.[0])).toMatch(/audit chain ok: 4 row/)

    // someone edits history by hand: the incident's update now claims another description
    const raw = openDatabase(file)
    raw.exec('DROP TRIGGER audit_log_noUpdate')
    const row = raw
      .prepare("SELECT id, after FROM audit_log WHERE action = 'incident.update'")
      .get() as { id: number; after: string }
    raw
      .prepare('UPDATE audit_log SET after = ? WHERE id = ?')
      .run(row.after.replace('第二版描述', '无事发生'), row.id)
    raw.close()

    expect(await runCli(['node', 'watchroom', '--db', file, 'audit', 'verify'])).toBe(1)
    expect(String(err.mock.calls.at(-1)?.[0])).toMatch(
      new RegExp(`audit chain broken at row ${row.id}: row content does not match`)
    )
  })
})
