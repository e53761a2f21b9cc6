import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { Pool } from 'pg'
import type { ImportSummary } from '../../shared/domain/import'
import { parseSightingsCsv } from './parser'
import { summarizeSightingsImport } from './importSummary'
import { createPgSightingWriter } from './pgRepository'

/**
 * importSightingsFile's rules on a district's PostgreSQL: the whole file in
 * one transaction, written with COPY, rolled back if the parser refused any
 * row. The district has no camera registry table yet, so the caller names
 * the known cameras.
 */
export async function importSightingsFileToPg(
  pool: Pool,
  file: string,
  opts: {
    timeZone: string
    knownCameras: ReadonlySet<string>
    onProgress?(bytesRead: number, totalBytes: number): void
  }
): Promise<ImportSummary> {
  const totalBytes = (await stat(file)).size
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    const writer = createPgSightingWriter(client)
    const result = await parseSightingsCsv(createReadStream(file), (rows) => writer.write(rows), {
      timeZone: opts.timeZone,
      knownCameras: opts.knownCameras,
      onProgress: (bytes: number) => opts.onProgress?.(bytes, totalBytes)
    })
    await writer.end()
    const summary = summarizeSightingsImport(result)
    await client.query('COMMIT')
    await client.query('ANALYZE sightings')
    return summary
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  } finally {
    client.release()
  }
}
