import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { WritableDb } from '../db/database'
import type { ImportRowError, ImportSummary } from '../../shared/domain/import'
import { ApiError } from '../../shared/ipc/errors'
import { parseSightingsCsv } from '../registry/io/sightingsCsv'
import { listCameraCodes } from '../cameras/repository'
import { countSightings, prepareSightingInsert } from './repository'

const INDEXES = {
  sightings_byCameraTs: 'CREATE INDEX sightings_byCameraTs ON sightings (camera_code, ts)',
  sightings_byPlateTs: 'CREATE INDEX sightings_byPlateTs ON sightings (plate, ts)'
}

/**
 * Bulk-imports a sightings.csv file (millions of rows) all-or-nothing: one
 * write transaction for the whole file, rolled back if any row is bad (an
 * unparsable field or a camera that is not registered). Into an empty table
 * the indexes are dropped and rebuilt after the load, which is several times
 * faster than maintaining them row by row.
 *
 * The transaction stays open across the parser's awaits, so the connection
 * must not be shared with other writers meanwhile (the CLI, or a worker).
 */
export async function importSightingsFile(
  db: WritableDb,
  file: string,
  opts: { onProgress?(bytesRead: number, totalBytes: number): void } = {}
): Promise<ImportSummary> {
  const totalBytes = (await stat(file)).size
  const cameras = listCameraCodes(db)
  const unknownCameraErrors: ImportRowError[] = []
  let unknownCount = 0
  const insert = prepareSightingInsert(db)
  const emptyBefore = countSightings(db) === 0
  const unknown = new Set<string>()

  db.exec('BEGIN IMMEDIATE')
  try {
    if (emptyBefore)
      for (const name of Object.keys(INDEXES)) db.exec(`DROP INDEX IF EXISTS ${name}`)
    const result = await parseSightingsCsv(
      createReadStream(file),
      (rows) => {
        for (const r of rows) if (!cameras.has(r.cameraCode)) unknown.add(r.cameraCode)
        if (unknown.size === 0) insert(rows)
      },
      { onProgress: (bytes: number) => opts.onProgress?.(bytes, totalBytes) }
    )
    if (unknown.size > 0)
      unknownCount = await reportUnknownCameras(file, unknown, unknownCameraErrors)
    const errors = [...result.errors, ...unknownCameraErrors]
      .sort((a, b) => a.line - b.line)
      .slice(0, 1000)
    const rejected = (result.errorCount ?? result.errors.length) + unknownCount
    const summary: ImportSummary = {
      kind: 'sightings',
      total: result.total,
      added: rejected ? 0 : result.total,
      updated: 0,
      rejected,
      errors,
      unknownColumns: result.unknownColumns ?? []
    }
    if (rejected > 0)
      throw new ApiError(
        'import_rejected',
        `${rejected} bad row(s); nothing was imported.`,
        summary
      )
    if (emptyBefore) for (const sql of Object.values(INDEXES)) db.exec(sql)
    db.exec('COMMIT')
    db.exec('ANALYZE sightings')
    return summary
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw err
  }
}

/**
 * Valid rows reach us without their line numbers; on the (rare) error path
 * of unregistered cameras, scan the file once more to name the lines.
 */
async function reportUnknownCameras(
  file: string,
  unknown: Set<string>,
  out: ImportRowError[]
): Promise<number> {
  const { createInterface } = await import('node:readline')
  let line = 0
  let count = 0
  for await (const text of createInterface({
    input: createReadStream(file),
    crlfDelay: Infinity
  })) {
    line++
    if (line === 1) continue
    const code = text
      .slice(0, text.indexOf(','))
      .replace(/^\uFEFF/, '')
      .replace(/^"|"$/g, '')
      .trim()
    if (!unknown.has(code)) continue
    count++
    if (out.length < 1000)
      out.push({
        line,
        column: 'camera_code',
        code: 'unknown_camera',
        message: `No registered camera has the code "${code}"`
      })
  }
  return count
}
