/**
 * SQL of lookup cases and their review verdicts (migration 0008) and of the
 * camera clock offsets the lookup corrects reads with (0007). Plain
 * (db, …) functions; JSON columns are parsed here so callers see typed rows.
 */
import type { ReadableDb, WritableDb } from '../db/database'
import type {
  LookupCaseQuery,
  LookupCaseResult,
  LookupConfirmation
} from '../../shared/ipc/contracts/lookup'
import type { Sighting } from '../../shared/domain/sighting'

export type CaseRow = {
  id: number
  title: string
  incidentId: number | null
  query: LookupCaseQuery
  result: LookupCaseResult
  selectedPlate: string | null
  mapFile: string | null
  version: number
  createdAt: number
  createdBy: string | null
  updatedAt: number
  updatedBy: string | null
}

/** A verdict as stored: its snapshot as a path under the data dir, not yet a URL. */
export type ConfirmationRow = Omit<LookupConfirmation, 'snapshotUrl'> & {
  snapshotFile: string | null
}

type RawCase = {
  id: number
  title: string
  incident_id: number | null
  query_json: string
  result_json: string
  selected_plate: string | null
  map_file: string | null
  version: number
  created_at: number
  created_by: string | null
  updated_at: number
  updated_by: string | null
}

type RawConfirmation = {
  id: number
  case_id: number
  window_index: number
  camera_code: string
  plate: string | null
  verdict: 'seen' | 'not_seen'
  video_at: number
  note: string
  snapshot_file: string | null
  snapshot_sha256: string | null
  created_at: number
  created_by: string | null
}

const toCase = (r: RawCase): CaseRow => ({
  id: r.id,
  title: r.title,
  incidentId: r.incident_id,
  query: JSON.parse(r.query_json) as LookupCaseQuery,
  result: JSON.parse(r.result_json) as LookupCaseResult,
  selectedPlate: r.selected_plate,
  mapFile: r.map_file,
  version: r.version,
  createdAt: r.created_at,
  createdBy: r.created_by,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by
})

const toConfirmation = (r: RawConfirmation): ConfirmationRow => ({
  id: r.id,
  caseId: r.case_id,
  windowIndex: r.window_index,
  cameraCode: r.camera_code,
  plate: r.plate,
  verdict: r.verdict,
  videoAt: r.video_at,
  note: r.note,
  snapshotFile: r.snapshot_file,
  snapshotSha256: r.snapshot_sha256,
  createdAt: r.created_at,
  createdBy: r.created_by
})

export function insertCase(
  db: WritableDb,
  c: {
    title: string
    incidentId: number | null
    query: LookupCaseQuery
    result: LookupCaseResult
    selectedPlate: string | null
    at: number
    actor: string | null
  }
): CaseRow {
  const row = db
    .prepare(
      `INSERT INTO lookup_cases (title, incident_id, query_json, result_json, selected_plate, created_at, created_by, updated_at, updated_by)
       VALUES (@title, @incidentId, @query, @result, @selectedPlate, @at, @actor, @at, @actor) RETURNING *`
    )
    .get({ ...c, query: JSON.stringify(c.query), result: JSON.stringify(c.result) }) as RawCase
  return toCase(row)
}

export function getCaseRow(db: ReadableDb, id: number): CaseRow | undefined {
  const r = db.prepare('SELECT * FROM lookup_cases WHERE id = ?').get(id) as RawCase | undefined
  return r && toCase(r)
}

export function listCaseRows(db: ReadableDb, f: { incidentId?: number; limit: number }): CaseRow[] {
  const rows =
    f.incidentId === undefined
      ? db
          .prepare('SELECT * FROM lookup_cases ORDER BY created_at DESC, id DESC LIMIT ?')
          .all(f.limit)
      : db
          .prepare(
            'SELECT * FROM lookup_cases WHERE incident_id = ? ORDER BY created_at DESC, id DESC LIMIT ?'
          )
          .all(f.incidentId, f.limit)
  return (rows as RawCase[]).map(toCase)
}

/** Counts of verdicts per case, for the list. */
export function countConfirmations(
  db: ReadableDb,
  caseIds: readonly number[]
): Map<number, number> {
  if (caseIds.length === 0) return new Map()
  const rows = db
    .prepare(
      `SELECT case_id, COUNT(*) AS n FROM lookup_case_confirmations WHERE case_id IN (${caseIds.map(() => '?').join(',')}) GROUP BY case_id`
    )
    .all(...caseIds) as { case_id: number; n: number }[]
  return new Map(rows.map((r) => [r.case_id, r.n]))
}

/**
 * Writes the changed fields over `version`; false when someone else saved in
 * between (the version moved) and nothing changed.
 */
export function updateCaseRow(
  db: WritableDb,
  id: number,
  version: number,
  patch: {
    title?: string
    incidentId?: number | null
    selectedPlate?: string | null
    mapFile?: string | null
  },
  meta: { at: number; actor: string | null }
): boolean {
  const cur = getCaseRow(db, id)
  if (!cur || cur.version !== version) return false
  const info = db
    .prepare(
      `UPDATE lookup_cases SET title = @title, incident_id = @incidentId, selected_plate = @selectedPlate, map_file = @mapFile,
         version = version + 1, updated_at = @at, updated_by = @actor
       WHERE id = @id AND version = @version`
    )
    .run({
      id,
      version,
      title: patch.title ?? cur.title,
      incidentId: patch.incidentId === undefined ? cur.incidentId : patch.incidentId,
      selectedPlate: patch.selectedPlate === undefined ? cur.selectedPlate : patch.selectedPlate,
      mapFile: patch.mapFile === undefined ? cur.mapFile : patch.mapFile,
      at: meta.at,
      actor: meta.actor
    })
  return info.changes === 1
}

/** Bumps the version and the update stamp (a verdict was added or withdrawn). */
export function touchCase(
  db: WritableDb,
  id: number,
  meta: { at: number; actor: string | null }
): void {
  const info = db
    .prepare(
      'UPDATE lookup_cases SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?'
    )
    .run(meta.at, meta.actor, id)
  if (info.changes !== 1) throw new Error(`lookup case ${id} vanished`)
}

export function insertConfirmation(
  db: WritableDb,
  c: Omit<ConfirmationRow, 'id'>
): ConfirmationRow {
  const row = db
    .prepare(
      `INSERT INTO lookup_case_confirmations
         (case_id, window_index, camera_code, plate, verdict, video_at, note, snapshot_file, snapshot_sha256, created_at, created_by)
       VALUES (@caseId, @windowIndex, @cameraCode, @plate, @verdict, @videoAt, @note, @snapshotFile, @snapshotSha256, @createdAt, @createdBy)
       RETURNING *`
    )
    .get(c) as RawConfirmation
  return toConfirmation(row)
}

export function setConfirmationSnapshot(
  db: WritableDb,
  id: number,
  file: string,
  sha256: string
): void {
  const info = db
    .prepare(
      'UPDATE lookup_case_confirmations SET snapshot_file = ?, snapshot_sha256 = ? WHERE id = ?'
    )
    .run(file, sha256, id)
  if (info.changes !== 1) throw new Error(`confirmation ${id} vanished`)
}

export function listConfirmations(db: ReadableDb, caseId: number): ConfirmationRow[] {
  return (
    db
      .prepare(
        'SELECT * FROM lookup_case_confirmations WHERE case_id = ? ORDER BY window_index, created_at, id'
      )
      .all(caseId) as RawConfirmation[]
  ).map(toConfirmation)
}

export function getConfirmation(db: ReadableDb, id: number): ConfirmationRow | undefined {
  const r = db.prepare('SELECT * FROM lookup_case_confirmations WHERE id = ?').get(id) as
    RawConfirmation | undefined
  return r && toConfirmation(r)
}

export function deleteConfirmation(db: WritableDb, id: number): boolean {
  return db.prepare('DELETE FROM lookup_case_confirmations WHERE id = ?').run(id).changes === 1
}

// --- camera clock offsets (migration 0007) ---------------------------------

export function listClockOffsets(db: ReadableDb): Map<string, number> {
  const rows = db.prepare('SELECT camera_code, offset_ms FROM camera_clock_offsets').all() as {
    camera_code: string
    offset_ms: number
  }[]
  return new Map(rows.map((r) => [r.camera_code, r.offset_ms]))
}

/** The new estimate replaces the old one whole: a camera no longer estimated has no offset. */
export function replaceClockOffsets(
  db: WritableDb,
  offsets: Map<string, number>,
  at: number
): void {
  db.transaction(() => {
    db.prepare('DELETE FROM camera_clock_offsets').run()
    const ins = db.prepare(
      'INSERT INTO camera_clock_offsets (camera_code, offset_ms, estimated_at) VALUES (?, ?, ?)'
    )
    for (const [code, ms] of offsets) ins.run(code, ms, at)
  })()
}

/** Every plate read of the room, a plate's reads together in time order: what the clock estimate reads. */
export function* iterateSightingsByPlate(db: ReadableDb): Generator<Sighting> {
  type Row = { camera_code: string; ts: number; plate: string; confidence: number | null }
  for (const r of db
    .prepare('SELECT camera_code, ts, plate, confidence FROM sightings ORDER BY plate, ts')
    .iterate() as IterableIterator<Row>)
    yield { cameraCode: r.camera_code, ts: r.ts, plate: r.plate, confidence: r.confidence }
}
