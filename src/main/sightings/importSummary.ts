import type { ImportSummary } from '../../shared/domain/import'
import { ApiError } from '../../shared/ipc/errors'
import type { SightingsParseResult } from './parser'

/**
 * The all-or-nothing rule of a sightings import, whichever store it went
 * to: the summary of a clean file, or `import_rejected` carrying it (the
 * caller's transaction then rolls back, so nothing was imported).
 */
export function summarizeSightingsImport(result: SightingsParseResult): ImportSummary {
  const rejected = result.errorCount
  const summary: ImportSummary = {
    kind: 'sightings',
    total: result.total,
    added: rejected ? 0 : result.total,
    updated: 0,
    rejected,
    errors: result.errors.slice(0, 1000),
    unknownColumns: result.unknownColumns
  }
  if (rejected > 0)
    throw new ApiError('import_rejected', `${rejected} bad row(s); nothing was imported.`, summary)
  return summary
}
