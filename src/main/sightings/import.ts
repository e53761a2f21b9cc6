import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { WritableDb } from '../db/database'
import type { ImportSummary } from '../../shared/domain/import'
import { parseSightingsCsv } from './parser'
import { summarizeSightingsImport } from './importSummary'
import { listCameraCodes } from '../cameras/repository'
import { countSightings, prepareSightingInsert } from './repository'

const INDEXES = {
  sightings_byCameraTs: 'CREATE INDEX sightings_byCameraTs ON sightings (camera_code, ts)',
  sightings_byPlateTs: 'CREATE INDEX sightings_byPlateTs ON sightings (plate, ts)',
  sightings_byColorTs: 'CREATE INDEX sightings_byColorTs ON sightings (vehicle_color, ts)'
}

/**
 * Bulk-imports a sightings.csv file (millions of rows) all-or-nothing: one
 * write transaction for the whole file, rolled back if the parser refused any
 * row (an unparsable field, a word outside a vocabulary, or a camera that is
 * not registered: all checked in the parser, so every error has its line,
 * whatever the column order or encoding). Into an empty table the indexes are
 * dropped and rebuilt after the load, which is several times faster than
 * maintaining them row by row.
 *
 * The transaction stays open across the parser's awaits, so the connection
 * must not be shared with other writers meanwhile (the CLI, or a worker).
 */
export async function importSightingsFile(
  db: WritableDb,
  file: string,
  opts: {
    /** the room's zone, for times written without an offset */
    timeZone: string
    onProgress?(bytesRead: number, totalBytes: number): void
  }
): Promise<ImportSummary> {
  const totalBytes = (await stat(file)).size
  const knownCameras = listCameraCodes(db)
  const insert = prepareSightingInsert(db)
  const emptyBefore = countSightings(db) === 0

  db.exec('BEGIN IMMEDIATE')
  try {
    if (emptyBefore)
      for (const name of Object.keys(INDEXES)) db.exec(`DROP INDEX IF EXISTS ${name}`)
    const result = await parseSightingsCsv(createReadStream(file), insert, {
      timeZone: opts.timeZone,
      knownCameras,
      onProgress: (bytes: number) => opts.onProgress?.(bytes, totalBytes)
    })
    const summary = summarizeSightingsImport(result)
    if (emptyBefore) for (const sql of Object.values(INDEXES)) db.exec(sql)
    db.exec('COMMIT')
    db.exec('ANALYZE sightings')
    return summary
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw err
  }
}
