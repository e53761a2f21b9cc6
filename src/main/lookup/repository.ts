/**
 * SQL of lookup cases and their review verdicts (migration 0008) and of the
 * camera clock offsets the lookup corrects reads with (0007). Plain
 * (db, …) functions; JSON columns are parsed here so callers see typed rows.
 */
import type { Sql } from '../db/sql'
import { roomFileOf } from '../sightings/store'
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

export async function insertCase(
  sql: Sql,
  c: {
    title: string
    incidentId: number | null
    query: LookupCaseQuery
    result: LookupCaseResult
    selectedPlate: string | null
    at: number
    actor: string | null
  }
): Promise<CaseRow> {
  const row = await sql.get<RawCase>(
    `INSERT INTO lookup_cases (title, incident_id, query_json, result_json, selected_plate, created_at, created_by, updated_at, updated_by)
     VALUES (@title, @incidentId, @query, @result, @selectedPlate, @at, @actor, @at, @actor) RETURNING *`,
    {
      title: c.title,
      incidentId: c.incidentId,
      query: JSON.stringify(c.query),
      result: JSON.stringify(c.result),
      selectedPlate: c.selectedPlate,
      at: c.at,
      actor: c.actor
    }
  )
  return toCase(row as RawCase)
}

export async function getCaseRow(sql: Sql, id: number): Promise<CaseRow | undefined> {
  const r = await sql.get<RawCase>('SELECT * FROM lookup_cases WHERE id = ?', [id])
  return r && toCase(r)
}

export async function listCaseRows(
  sql: Sql,
  f: { incidentId?: number; limit: number }
): Promise<CaseRow[]> {
  const rows =
    f.incidentId === undefined
      ? await sql.all<RawCase>(
          'SELECT * FROM lookup_cases ORDER BY created_at DESC, id DESC LIMIT ?',
          [f.limit]
        )
      : await sql.all<RawCase>(
          'SELECT * FROM lookup_cases WHERE incident_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
          [f.incidentId, f.limit]
        )
  return rows.map(toCase)
}

/** Counts of verdicts per case, for the list. */
export async function countConfirmations(
  sql: Sql,
  caseIds: readonly number[]
): Promise<Map<number, number>> {
  if (caseIds.length === 0) return new Map()
  const rows = await sql.all<{ case_id: number; n: number }>(
    `SELECT case_id, COUNT(*) AS n FROM lookup_case_confirmations WHERE case_id IN (${caseIds.map(() => '?').join(',')}) GROUP BY case_id`,
    caseIds
  )
  return new Map(rows.map((r) => [r.case_id, Number(r.n)]))
}

/**
 * Writes the changed fields over `version`; false when someone else saved in
 * between (the version moved) and nothing changed.
 */
export async function updateCaseRow(
  sql: Sql,
  id: number,
  version: number,
  patch: {
    title?: string
    incidentId?: number | null
    selectedPlate?: string | null
    mapFile?: string | null
  },
  meta: { at: number; actor: string | null }
): Promise<boolean> {
  const cur = await getCaseRow(sql, id)
  if (!cur || cur.version !== version) return false
  const info = await sql.run(
    `UPDATE lookup_cases SET title = @title, incident_id = @incidentId, selected_plate = @selectedPlate, map_file = @mapFile,
       version = version + 1, updated_at = @at, updated_by = @actor
     WHERE id = @id AND version = @version`,
    {
      id,
      version,
      title: patch.title ?? cur.title,
      incidentId: patch.incidentId === undefined ? cur.incidentId : patch.incidentId,
      selectedPlate: patch.selectedPlate === undefined ? cur.selectedPlate : patch.selectedPlate,
      mapFile: patch.mapFile === undefined ? cur.mapFile : patch.mapFile,
      at: meta.at,
      actor: meta.actor
    }
  )
  return info.changes === 1
}

/** Bumps the version and the update stamp (a verdict was added or withdrawn). */
export async function touchCase(
  sql: Sql,
  id: number,
  meta: { at: number; actor: string | null }
): Promise<void> {
  const info = await sql.run(
    'UPDATE lookup_cases SET version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?',
    [meta.at, meta.actor, id]
  )
  if (info.changes !== 1) throw new Error(`lookup case ${id} vanished`)
}

export async function insertConfirmation(
  sql: Sql,
  c: Omit<ConfirmationRow, 'id'>
): Promise<ConfirmationRow> {
  const row = await sql.get<RawConfirmation>(
    `INSERT INTO lookup_case_confirmations
       (case_id, window_index, camera_code, plate, verdict, video_at, note, snapshot_file, snapshot_sha256, created_at, created_by)
     VALUES (@caseId, @windowIndex, @cameraCode, @plate, @verdict, @videoAt, @note, @snapshotFile, @snapshotSha256, @createdAt, @createdBy)
     RETURNING *`,
    c
  )
  return toConfirmation(row as RawConfirmation)
}

export async function setConfirmationSnapshot(
  sql: Sql,
  id: number,
  file: string,
  sha256: string
): Promise<void> {
  const info = await sql.run(
    'UPDATE lookup_case_confirmations SET snapshot_file = ?, snapshot_sha256 = ? WHERE id = ?',
    [file, sha256, id]
  )
  if (info.changes !== 1) throw new Error(`confirmation ${id} vanished`)
}

export async function listConfirmations(sql: Sql, caseId: number): Promise<ConfirmationRow[]> {
  const rows = await sql.all<RawConfirmation>(
    'SELECT * FROM lookup_case_confirmations WHERE case_id = ? ORDER BY window_index, created_at, id',
    [caseId]
  )
  return rows.map(toConfirmation)
}

export async function getConfirmation(sql: Sql, id: number): Promise<ConfirmationRow | undefined> {
  const r = await sql.get<RawConfirmation>('SELECT * FROM lookup_case_confirmations WHERE id = ?', [
    id
  ])
  return r && toConfirmation(r)
}

export async function deleteConfirmation(sql: Sql, id: number): Promise<boolean> {
  return (await sql.run('DELETE FROM lookup_case_confirmations WHERE id = ?', [id])).changes === 1
}

// --- camera clock offsets (migration 0007) ---------------------------------

export async function listClockOffsets(sql: Sql): Promise<Map<string, number>> {
  const rows = await sql.all<{ camera_code: string; offset_ms: number }>(
    'SELECT camera_code, offset_ms FROM camera_clock_offsets'
  )
  return new Map(rows.map((r) => [r.camera_code, r.offset_ms]))
}

/** The new estimate replaces the old one whole: a camera no longer estimated has no offset. */
export function replaceClockOffsets(
  sql: Sql,
  offsets: Map<string, number>,
  at: number
): Promise<void> {
  return sql.tx(async (t) => {
    await t.run('DELETE FROM camera_clock_offsets')
    for (const [code, ms] of offsets)
      await t.run(
        'INSERT INTO camera_clock_offsets (camera_code, offset_ms, estimated_at) VALUES (?, ?, ?)',
        [code, ms, at]
      )
  })
}

/**
 * Every plate read of the room, a plate's reads together in time order: what
 * the clock estimate reads. Plates in byte order on both backends (SQLite's
 * BINARY collation; PostgreSQL's "C"), so the estimate sees the same sequence.
 * On the room's file the reads stream (millions of rows need not be objects
 * at once); PostgreSQL's come as one result.
 */
export async function sightingsByPlate(sql: Sql): Promise<Iterable<Sighting>> {
  type Row = { camera_code: string; ts: number; plate: string; confidence: number | null }
  const toRead = (r: Row): Sighting => ({
    cameraCode: r.camera_code,
    ts: r.ts,
    plate: r.plate,
    confidence: r.confidence
  })
  const file = roomFileOf(sql)
  if (file) {
    const rows = file
      .prepare('SELECT camera_code, ts, plate, confidence FROM sightings ORDER BY plate, ts')
      .iterate() as IterableIterator<Row>
    return (function* () {
      for (const r of rows) yield toRead(r)
    })()
  }
  const rows = await sql.all<Row>(
    'SELECT camera_code, ts::float8 AS ts, plate, confidence FROM sightings ORDER BY plate COLLATE "C", ts, seq'
  )
  return rows.map(toRead)
}
