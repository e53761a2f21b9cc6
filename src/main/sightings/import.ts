import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { WritableDb } from '../db/database'
import { sqliteSql } from '../db/sqliteSql'
import type { ImportSummary } from '../../shared/domain/import'
import { parseSightingsCsv } from './parser'
import { summarizeSightingsImport } from './importSummary'
import { beginImmediate, commit, rollbackIfOpen } from '../db/repository'
import { listCameraCodes } from '../cameras/repository'
import {
  analyzeSightings,
  createSightingIndexes,
  dropSightingIndexes,
  hasSightings,
  prepareSightingColumnsInsert,
  prepareSightingInsert,
  setBulkLoadCache
} from './repository'
import { parseSightingsInWorker } from './parseWorker'
import { defaultWorkerFile } from '../lookup/runner'

export type ImportPhase = 'rows' | 'indexes' | 'commit' | 'statistics'

/**
 * Bulk-imports a sightings.csv file (millions of rows) all-or-nothing: one
 * write transaction for the whole file, rolled back if the parser refused any
 * row (an unparsable field, a word outside a vocabulary, or a camera that is
 * not registered: all checked in the parser, so every error has its line,
 * whatever the column order or encoding). Into an empty table the indexes are
 * dropped and rebuilt after the load: maintaining them row by row costs more
 * than the rebuild (measured on 1.5 M reads: keeping the camera index alone
 * doubled the CPU time of the inserts, 4.3 s against 2.1 s).
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
    /** called as each phase ends (benches time them) */
    onPhase?(phase: ImportPhase): void
    /**
     * The worker bundle that parses on another thread while this one inserts
     * (default: the one next to the running bundle; null parses here).
     */
    parseWorkerFile?: string | null
  }
): Promise<ImportSummary> {
  const totalBytes = (await stat(file)).size
  const knownCameras = await listCameraCodes(sqliteSql(db))
  const workerFile = opts.parseWorkerFile === undefined ? defaultWorkerFile() : opts.parseWorkerFile
  const emptyBefore = !hasSightings(db)
  let restoreCache = (): void => undefined

  beginImmediate(db)
  try {
    if (emptyBefore) {
      dropSightingIndexes(db)
      restoreCache = setBulkLoadCache(db)
    }
    const onProgress = (bytes: number): void => opts.onProgress?.(bytes, totalBytes)
    const result = workerFile
      ? await parseSightingsInWorker(
          workerFile,
          { file, timeZone: opts.timeZone, knownCameras: [...knownCameras] },
          prepareSightingColumnsInsert(db),
          onProgress
        )
      : await parseSightingsCsv(createReadStream(file), prepareSightingInsert(db), {
          timeZone: opts.timeZone,
          knownCameras,
          onProgress
        })
    opts.onPhase?.('rows')
    const summary = summarizeSightingsImport(result)
    if (emptyBefore) createSightingIndexes(db)
    opts.onPhase?.('indexes')
    commit(db)
    opts.onPhase?.('commit')
    analyzeSightings(db)
    opts.onPhase?.('statistics')
    return summary
  } catch (err) {
    rollbackIfOpen(db)
    throw err
  } finally {
    restoreCache()
  }
}
