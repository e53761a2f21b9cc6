import type { PgSql } from '../db/postgres/pgSql'
import { listCameraCodes } from '../cameras/repository'
import { importSightingsFileToPg } from '../sightings/pgImport'
import type { ImportSummary } from '../../shared/domain/import'

/**
 * A sightings file into a district: importSightingsFile's rules (all or
 * nothing, bad rows listed, only registered cameras), written with COPY
 * into the day partitions, checked against the district's own registry.
 */
export async function importSightingsToDistrict(
  sql: PgSql,
  file: string,
  opts: { timeZone: string; onProgress?(bytes: number, total: number): void }
): Promise<ImportSummary> {
  return importSightingsFileToPg(sql.pool, file, {
    ...opts,
    knownCameras: await listCameraCodes(sql)
  })
}
