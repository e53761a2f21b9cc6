import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { openDatabase, type WritableDb } from '../../../../src/main/db/database'
import { migrate } from '../../../../src/main/db/migrate'
import { createDbWorker, type DbWorker } from '../../../../src/main/db/dbWorker'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'
import type { Sql } from '../../../../src/main/db/sql'
import { buildStats } from '../../../../src/main/stats/service'
import {
  appendAudit,
  listAudit,
  useAuditKey,
  verifyAuditChain
} from '../../../../src/main/audit/repository'
import { listCameras } from '../../../../src/main/cameras/repository'
import { ApiError } from '../../../../src/shared/ipc/errors'
import type { ImportProgress, ImportSummary } from '../../../../src/shared/domain/import'

const NOW = Date.UTC(2026, 5, 1)
const DAY = 86_400_000
const N_INCIDENTS = 200_000

function seedIncidents(db: WritableDb, n: number): void {
  const ins = db.prepare(
    `INSERT INTO incidents (type, at, severity, status, place_kind, block, created_at, updated_at)
     VALUES (?, ?, 'low', 'closed', 'point', ?, ?, ?)`
  )
  const types = ['traffic', 'theft', 'dispute']
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = NOW - 365 * DAY + Math.floor((i / n) * 365 * DAY)
      ins.run(types[i % 3], at, `第${(i % 5) + 1}片区`, at, at)
    }
  })()
}

const camerasCsv = (n: number, badLast = false, prefix = 'W'): Uint8Array => {
  const lines = ['code,name,lat,lng,block']
  for (let i = 0; i < n; i++)
    lines.push(`${prefix}-${i},金城路 ${i},${30.17 + (i % 100) / 1e4},120.25,第一片区`)
  if (badLast) lines.push('W-bad,坏行,north,120.25,第一片区')
  return new Uint8Array(Buffer.from(lines.join('\n')))
}

describe('the database worker (issue #16, point 3)', () => {
  let dir: string
  let db: WritableDb
  let sql: Sql
  let worker: DbWorker
  const query = {
    fromMs: NOW - 365 * DAY,
    toMs: NOW,
    bucket: 'month' as const,
    slotHours: 2 as const
  }

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wr-dbworker-'))
    db = openDatabase(path.join(dir, 'room.db'))
    migrate(db)
    sql = sqliteSql(db)
    useAuditKey(db, { key: randomBytes(32), keyedFrom: 1 })
    seedIncidents(db, N_INCIDENTS)
    worker = createDbWorker(db)
  })
  afterAll(async () => {
    await worker.close()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('runs on threads of its own for a database file', () => {
    expect(worker.thread).toBe('worker')
  })

  it('computes the statistics on its read-only connection, equal to the main thread’s', async () => {
    const room = { timeZone: 'Asia/Shanghai', now: NOW }
    const viaWorker = await worker.run('stats.build', { room, query })
    expect(viaWorker.total).toBe(N_INCIDENTS)
    expect(viaWorker).toEqual(await buildStats(sql, room, query))
  })

  it('leaves the main thread free while statistics over many incidents run', async () => {
    let done = false
    let turns = 0
    const stats = worker
      .run('stats.build', { room: { timeZone: 'Asia/Shanghai', now: NOW }, query })
      .then((s) => {
        done = true
        return s
      })
    while (!done) {
      await new Promise((r) => setImmediate(r))
      turns++
    }
    expect((await stats).total).toBe(N_INCIDENTS)
    // inline, the call would hold the thread from start to end: no turn at all in between
    expect(turns).toBeGreaterThan(10)
  })

  it('commits an import on its writer, chained into the audit trail with the room’s key', async () => {
    const progress: ImportProgress[] = []
    const summary = await worker.run(
      'registry.import',
      {
        kind: 'cameras',
        source: { bytes: camerasCsv(20_000) },
        fileName: 'batch.csv',
        dryRun: false,
        actor: 'tech',
        now: NOW
      },
      (p) => progress.push(p)
    )
    expect(summary).toMatchObject({ added: 20_000, updated: 0, rejected: 0 })
    // the main connection sees the commit at once (WAL) and the chain verifies with the main key
    expect(await listCameras(sql, { includeArchived: true })).toHaveLength(20_000)
    expect(await listAudit(sql, { action: 'registry.import.cameras', limit: 5 })).toHaveLength(1)
    expect(await verifyAuditChain(sql)).toEqual({ ok: true, rows: 1 })
    expect(await worker.run('audit.verify', {})).toEqual({ ok: true, rows: 1 })
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['parse', 'check', 'write']))
  })

  it('previews without writing and refuses a file with a bad row whole, leaving nothing', async () => {
    const before = (await listCameras(sql, { includeArchived: true })).length
    const auditRows = (await listAudit(sql, { limit: 1000 })).length
    const preview = await worker.run('registry.import', {
      kind: 'cameras',
      source: { bytes: camerasCsv(25_000) },
      fileName: 'more.csv',
      dryRun: true,
      actor: 'tech',
      now: NOW
    })
    expect(preview).toMatchObject({ added: 5_000, updated: 0, unchanged: 20_000 })
    const refused = await worker
      .run('registry.import', {
        kind: 'cameras',
        source: { bytes: camerasCsv(25_000, true) },
        fileName: 'bad.csv',
        dryRun: false,
        actor: 'tech',
        now: NOW
      })
      .catch((err: unknown) => err)
    expect(refused).toBeInstanceOf(ApiError)
    expect((refused as ApiError).code).toBe('import_rejected')
    const details = (refused as ApiError).details as ImportSummary
    expect(details.errors[0]).toMatchObject({ line: 25_002, column: 'lat' })
    expect(await listCameras(sql, { includeArchived: true })).toHaveLength(before)
    expect(await listAudit(sql, { limit: 1000 })).toHaveLength(auditRows)
  })

  it('lets the main thread write while the writer thread holds the write lock', async () => {
    // a deferred read-then-write transaction fails at once (SQLITE_BUSY) while another
    // connection writes; the main connection's transactions wait their turn instead
    const appended: { row?: Promise<unknown> } = {}
    const summary = await worker.run(
      'registry.import',
      {
        kind: 'cameras',
        source: { bytes: camerasCsv(20_000, false, 'V') },
        fileName: 'more.csv',
        dryRun: false,
        actor: 'tech',
        now: NOW
      },
      (p) => {
        if (p.phase !== 'write' || appended.row) return
        appended.row = appendAudit(sql, {
          at: NOW,
          actor: 'duty',
          action: 'auth.login',
          entity: null,
          entityId: null,
          before: null,
          after: null
        }).catch((err: unknown) => err)
      }
    )
    expect(summary.added).toBe(20_000)
    expect(await appended.row).toMatchObject({ action: 'auth.login' })
    expect(await verifyAuditChain(sql)).toMatchObject({ ok: true })
  })

  it('sees an altered audit row like the main thread does', async () => {
    db.exec('DROP TRIGGER audit_log_noUpdate')
    db.prepare("UPDATE audit_log SET actor = 'someone' WHERE id = 1").run()
    const check = await worker.run('audit.verify', {})
    expect(check).toMatchObject({ ok: false, brokenAt: 1 })
    expect(check).toEqual(await verifyAuditChain(sql))
  })
})
