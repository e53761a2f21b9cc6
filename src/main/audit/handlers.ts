import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { auditContract } from '../../shared/ipc/contracts/audit'
import { auditFacets, queryAudit, type AuditAnchor } from './repository'
import { auditToCsv } from './csv'
import { inlineDbWorker, type DbWorker } from '../db/dbWorker'

const MAX_EXPORT_ROWS = 100_000

export function auditHandlers(
  deps: AppDeps,
  opts: { anchors?: () => AuditAnchor[]; worker?: DbWorker } = {}
): HandlersOf<typeof auditContract> {
  // verifying hashes every row and an export reads up to 100,000: both on the database worker
  const worker = opts.worker ?? inlineDbWorker(deps.sql)
  return {
    'audit:list': (q) => queryAudit(deps.sql, q),
    'audit:facets': () => auditFacets(deps.sql),
    'audit:exportCsv': async (filter, ctx) => {
      const rows = await worker.run('audit.query', { ...filter, limit: MAX_EXPORT_ROWS })
      const csv = auditToCsv(rows)
      const fileName = `audit_${new Date(deps.now()).toISOString().slice(0, 10)}.csv`
      await ctx.audit({ action: 'export.audit', after: { filter, rows: rows.length, fileName } })
      return { fileName, csv, rows: rows.length }
    },
    'audit:verify': () => worker.run('audit.verify', { anchors: opts.anchors?.() })
  }
}
