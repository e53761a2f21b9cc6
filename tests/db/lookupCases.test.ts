import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import {
  countConfirmations,
  deleteConfirmation,
  getCaseRow,
  getConfirmation,
  insertCase,
  insertConfirmation,
  listCaseRows,
  listClockOffsets,
  listConfirmations,
  replaceClockOffsets,
  setConfirmationSnapshot,
  touchCase,
  updateCaseRow
} from '../../src/main/lookup/repository'
import { describeBackends } from '../helpers/backends'
import type { LookupCaseResult } from '../../src/shared/ipc/contracts/lookup'

const result: LookupCaseResult = {
  origin: {
    lat: 30.18,
    lng: 120.26,
    road: '东瑞小区地下车库出口',
    roadId: 'R0001',
    roadKind: 'parking',
    snappedLat: 30.18,
    snappedLng: 120.26,
    snappedM: 2,
    directions: 1
  },
  windows: [],
  candidates: [],
  candidateCount: 0
}

describe('0008-lookup-cases', () => {
  const db = openMemoryDatabase()
  migrate(db, MIGRATIONS.slice(0, MIGRATIONS.findIndex((m) => m.name === '0008-lookup-cases') + 1))

  it('creates the case and verdict tables with their indexes', () => {
    const names = db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')")
      .pluck()
      .all() as string[]
    expect(names).toEqual(
      expect.arrayContaining([
        'lookup_cases',
        'lookup_case_confirmations',
        'lookup_cases_byIncidentId',
        'lookup_case_confirmations_byCaseId'
      ])
    )
  })
})

describeBackends('lookup cases repository', (b) => {
  it('round-trips a case, refuses a stale version, checks verdicts and cascades them', async () => {
    const sql = b.sql()
    const c = await insertCase(sql, {
      title: 't',
      incidentId: null,
      query: { lat: 30.18, lng: 120.26, fromMs: 1, toMs: 2, pick: 'map', label: 'x' },
      result,
      selectedPlate: null,
      at: 10,
      actor: 'wang'
    })
    expect(await getCaseRow(sql, c.id)).toMatchObject({
      title: 't',
      version: 1,
      createdBy: 'wang',
      result: { origin: { road: '东瑞小区地下车库出口' } }
    })
    expect(await updateCaseRow(sql, c.id, 1, { title: 'u' }, { at: 11, actor: 'li' })).toBe(true)
    expect(await updateCaseRow(sql, c.id, 1, { title: 'v' }, { at: 12, actor: 'li' })).toBe(false)
    expect(await getCaseRow(sql, c.id)).toMatchObject({ title: 'u', version: 2, updatedBy: 'li' })

    const k = {
      caseId: c.id,
      windowIndex: 0,
      cameraCode: 'BG-0026',
      plate: '浙A01199',
      verdict: 'seen' as const,
      videoAt: 5,
      note: '',
      snapshotFile: null,
      snapshotSha256: null,
      createdAt: 12,
      createdBy: 'li'
    }
    const first = await insertConfirmation(sql, k)
    await insertConfirmation(sql, { ...k, windowIndex: 1, verdict: 'not_seen' })
    await setConfirmationSnapshot(sql, first.id, 'lookup-cases/1/snap-1.png', 'ab'.repeat(32))
    expect(await getConfirmation(sql, first.id)).toEqual({
      ...k,
      id: first.id,
      snapshotFile: 'lookup-cases/1/snap-1.png',
      snapshotSha256: 'ab'.repeat(32)
    })
    expect((await listConfirmations(sql, c.id)).map((x) => x.windowIndex)).toEqual([0, 1])
    expect(await countConfirmations(sql, [c.id, 999])).toEqual(new Map([[c.id, 2]]))
    await touchCase(sql, c.id, { at: 13, actor: 'zhao' })
    expect(await getCaseRow(sql, c.id)).toMatchObject({ version: 3, updatedBy: 'zhao' })
    await expect(touchCase(sql, 999, { at: 13, actor: 'zhao' })).rejects.toThrow(/vanished/)
    expect(await deleteConfirmation(sql, first.id)).toBe(true)
    expect(await deleteConfirmation(sql, first.id)).toBe(false)

    await expect(sql.run("UPDATE lookup_case_confirmations SET verdict = 'maybe'")).rejects.toThrow(
      /CHECK|check constraint/
    )
    await expect(insertConfirmation(sql, { ...k, caseId: 999 })).rejects.toThrow(
      /FOREIGN KEY|foreign key/
    )
    await sql.run('DELETE FROM lookup_cases WHERE id = ?', [c.id])
    expect(await listConfirmations(sql, c.id)).toEqual([])
  })

  it('lists cases newest first, per incident, and unlinks a case when its incident is deleted', async () => {
    const sql = b.sql()
    await sql.run(
      "INSERT INTO incidents (id, type, at, severity, place_kind, created_at, updated_at) VALUES (7, 'traffic', 0, 'low', 'point', 0, 0)"
    )
    const make = (incidentId: number | null, at: number) =>
      insertCase(sql, {
        title: '',
        incidentId,
        query: { lat: 0, lng: 0, fromMs: 1, toMs: 2, pick: 'road', label: '' },
        result,
        selectedPlate: null,
        at,
        actor: null
      })
    const a = await make(7, 1)
    const c = await make(null, 2)
    expect((await listCaseRows(sql, { limit: 10 })).map((x) => x.id)).toEqual([c.id, a.id])
    expect((await listCaseRows(sql, { limit: 1 })).map((x) => x.id)).toEqual([c.id])
    expect((await listCaseRows(sql, { incidentId: 7, limit: 10 })).map((x) => x.id)).toEqual([a.id])
    await sql.run('DELETE FROM incidents WHERE id = 7')
    expect((await getCaseRow(sql, a.id))?.incidentId).toBeNull()
  })

  it('replaces the clock offsets whole', async () => {
    const sql = b.sql()
    await replaceClockOffsets(
      sql,
      new Map([
        ['K1', 1500],
        ['K2', -250.5]
      ]),
      10
    )
    await replaceClockOffsets(sql, new Map([['K2', 30_000]]), 11)
    expect(await listClockOffsets(sql)).toEqual(new Map([['K2', 30_000]]))
  })
})
