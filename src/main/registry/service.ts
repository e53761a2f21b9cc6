import type { WritableDb } from '../db/database'
import type { ImportSummary } from '../../shared/domain/import'
import { ApiError } from '../../shared/ipc/errors'
import { parseCamerasCsv } from './io/camerasCsv'
import { parseRoadsGeoJson } from './io/roadsGeojson'
import { upsertCameras } from '../cameras/repository'
import { upsertRoads } from '../roads/repository'

export type ImportOptions = { dryRun: boolean; actor: string | null; now: number }

/**
 * Imports a cameras.csv file all-or-nothing: any bad row refuses the whole
 * file (ApiError `import_rejected` with the summary in `details`); a code
 * already registered is updated, not duplicated. A dry run writes nothing
 * and returns what a commit would do.
 */
export function importCamerasCsv(db: WritableDb, file: Uint8Array, opts: ImportOptions): ImportSummary {
  const parsed = parseCamerasCsv(file)
  const cameras = parsed.rows.map((r) => r.camera)
  const summary: ImportSummary = {
    kind: 'cameras',
    total: parsed.total,
    added: 0,
    updated: 0,
    rejected: parsed.errorCount,
    errors: parsed.errors,
    unknownColumns: parsed.unknownColumns,
    encoding: parsed.encoding
  }
  return applyAllOrNothing(db, summary, opts, () => upsertCameras(db, cameras, opts.actor, opts.now))
}

/** Imports roads from GeoJSON with the same all-or-nothing rule (update by id). */
export function importRoadsGeoJson(db: WritableDb, file: Uint8Array, opts: ImportOptions): ImportSummary {
  const parsed = parseRoadsGeoJson(file)
  const summary: ImportSummary = {
    kind: 'roads',
    total: parsed.total,
    added: 0,
    updated: 0,
    rejected: parsed.errorCount,
    errors: parsed.errors,
    unknownColumns: parsed.unknownProperties
  }
  return applyAllOrNothing(db, summary, opts, () => upsertRoads(db, parsed.roads, opts.now))
}

/**
 * Runs the write in a transaction that a dry run always rolls back, so the
 * preview's added/updated counts come from the very same code path.
 */
function applyAllOrNothing(
  db: WritableDb,
  summary: ImportSummary,
  opts: ImportOptions,
  write: () => { added: number; updated: number }
): ImportSummary {
  if (summary.rejected > 0) {
    if (opts.dryRun) return summary
    throw new ApiError(
      'import_rejected',
      `${summary.rejected} bad row(s); nothing was imported.`,
      summary
    )
  }
  const rollback = new Error('dry run')
  let counts = { added: 0, updated: 0 }
  try {
    db.transaction(() => {
      counts = write()
      if (opts.dryRun) throw rollback
    }).immediate()
  } catch (err) {
    if (err !== rollback) throw err
  }
  return { ...summary, ...counts }
}
