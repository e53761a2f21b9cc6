/**
 * SQL of evidence exports (migration 0006): one row per export with its
 * state, its files (JSON) and the manifest's hash. Plain async (sql, …) functions.
 */
import type { Sql } from '../db/sql'
import type { ExportStatus } from '../../shared/domain/recording'

/** An exports row as the database returns it; `files` is the JSON list of the export's files. */
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

/**
 * `room`: the room server whose exports directory holds the files (its
 * room.id on a district, '' on a room's own file); another room's export is
 * not found here.
 */
export function getExportRow(sql: Sql, id: number, room = ''): Promise<ExportRow | undefined> {
  return sql.get('SELECT * FROM exports WHERE id = ? AND room = ?', [id, room])
}

export function listExportRows(sql: Sql, limit: number, room = ''): Promise<ExportRow[]> {
  return sql.all('SELECT * FROM exports WHERE room = ? ORDER BY id DESC LIMIT ?', [room, limit])
}

/** A new export, running from the start; returns its id. */
export async function insertExport(
  sql: Sql,
  e: {
    room?: string
    from: number
    to: number
    cameraIds: readonly number[]
    dir: string
    at: number
    actor: string | null
  }
): Promise<number> {
  const row = (await sql.get<{ id: number }>(
    `INSERT INTO exports (room, from_ms, to_ms, camera_ids, status, dir, created_at, created_by)
     VALUES (@room, @from, @to, @cameraIds, 'running', @dir, @at, @actor) RETURNING id`,
    { ...e, room: e.room ?? '', cameraIds: JSON.stringify(e.cameraIds) }
  )) as { id: number }
  return row.id
}

/** An export's end: its state, and its files and manifest hash when it has them. */
export async function finishExport(
  sql: Sql,
  id: number,
  status: ExportStatus,
  patch: { files?: unknown[]; manifestSha256?: string | null; error?: string | null; at: number }
): Promise<void> {
  await sql.run(
    `UPDATE exports SET status = @status, files = COALESCE(@files, files), manifest_sha256 = @manifest,
       error = @error, finished_at = @at WHERE id = @id`,
    {
      id,
      status,
      files: patch.files ? JSON.stringify(patch.files) : null,
      manifest: patch.manifestSha256 ?? null,
      error: patch.error ?? null,
      at: patch.at
    }
  )
}

/** Nothing was handed over: the footage is no longer held for this export. */
export async function releaseExportLocks(sql: Sql, exportId: number): Promise<void> {
  await sql.run('DELETE FROM evidence_locks WHERE export_id = ?', [exportId])
}
