import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'
import {
  getCaseRow,
  insertCase,
  insertConfirmation,
  listConfirmations,
  updateCaseRow
} from '../../src/main/lookup/repository'
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

  it('round-trips a case, refuses a stale version, checks verdicts and cascades them', () => {
    const c = insertCase(db, {
      title: 't',
      incidentId: null,
      query: { lat: 30.18, lng: 120.26, fromMs: 1, toMs: 2, pick: 'map', label: 'x' },
      result,
      selectedPlate: null,
      at: 10,
      actor: 'wang'
    })
    expect(getCaseRow(db, c.id)).toMatchObject({
      title: 't',
      version: 1,
      createdBy: 'wang',
      result: { origin: { road: '东瑞小区地下车库出口' } }
    })
    expect(updateCaseRow(db, c.id, 1, { title: 'u' }, { at: 11, actor: 'li' })).toBe(true)
    expect(updateCaseRow(db, c.id, 1, { title: 'v' }, { at: 12, actor: 'li' })).toBe(false)
    expect(getCaseRow(db, c.id)).toMatchObject({ title: 'u', version: 2, updatedBy: 'li' })

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
    insertConfirmation(db, k)
    expect(() =>
      db.prepare("UPDATE lookup_case_confirmations SET verdict = 'maybe'").run()
    ).toThrow(/CHECK/)
    expect(() => insertConfirmation(db, { ...k, caseId: 999 })).toThrow(/FOREIGN KEY/)
    db.prepare('DELETE FROM lookup_cases WHERE id = ?').run(c.id)
    expect(listConfirmations(db, c.id)).toEqual([])
  })

  it('unlinks a case when its incident is deleted', () => {
    db.prepare(
      "INSERT INTO incidents (id, type, at, severity, place_kind, created_at, updated_at) VALUES (7, 'traffic', 0, 'low', 'point', 0, 0)"
    ).run()
    const c = insertCase(db, {
      title: '',
      incidentId: 7,
      query: { lat: 0, lng: 0, fromMs: 1, toMs: 2, pick: 'road', label: '' },
      result,
      selectedPlate: null,
      at: 1,
      actor: null
    })
    db.prepare('DELETE FROM incidents WHERE id = 7').run()
    expect(getCaseRow(db, c.id)?.incidentId).toBeNull()
  })
})
