/**
 * SQL of evidence exports (migration 0006): one row per export with its
 * state, its files (JSON) and the manifest's hash. Plain (db, …) functions.
 */
import type { ReadableDb, WritableDb } from '../db/database'
import type { ExportStatus } from '../../shared/domain/recording'

/** An exports row as SQLite returns it; `files` is the JSON list of the export's files. */
export type ExportRow = {
  id: number
  from_ms: number
  to_ms: number
  camera_ids: string
  status: ExportStatus
  dir: string
  manifest_sha256: string | null
  files: string
  error: string | null
  created_at: number
  created_by: string | null
  finished_at: number | null
}

export function getExportRow(db: ReadableDb, id: number): ExportRow | undefined {
  return db.prepare('SELECT * FROM exports WHERE id = ?').get(id) as ExportRow | undefined
}

export function listExportRows(db: ReadableDb, limit: number): ExportRow[] {
  return db.prepare('SELECT * FROM exports ORDER BY id DESC LIMIT ?').all(limit) as ExportRow[]
}

/** A new export, running from the start; returns its id. */
export function insertExport(
  db: WritableDb,
  e: {
    from: number
    to: number
    cameraIds: readonly number[]
    dir: string
    at: number
    actor: string | null
  }
): number {
  const row = db
    .prepare(
      `INSERT INTO exports (from_ms, to_ms, camera_ids, status, dir, created_at, created_by)
       VALUES (@from, @to, @cameraIds, 'running', @dir, @at, @actor) RETURNING id`
    )
    .get({ ...e, cameraIds: JSON.stringify(e.cameraIds) }) as { id: number }
  return row.id
}

/** An export's end: its state, and its files and manifest hash when it has them. */
export function finishExport(
  db: WritableDb,
  id: number,
  status: ExportStatus,
  patch: { files?: unknown[]; manifestSha256?: string | null; error?: string | null; at: number }
): void {
  db.prepare(
    `UPDATE exports SET status = @status, files = COALESCE(@files, files), manifest_sha256 = @manifest,
       error = @error, finished_at = @at WHERE id = @id`
  ).run({
    id,
    status,
    files: patch.files ? JSON.stringify(patch.files) : null,
    manifest: patch.manifestSha256 ?? null,
    error: patch.error ?? null,
    at: patch.at
  })
}

/** Nothing was handed over: the footage is no longer held for this export. */
export function releaseExportLocks(db: WritableDb, exportId: number): void {
  db.prepare('DELETE FROM evidence_locks WHERE export_id = ?').run(exportId)
}
