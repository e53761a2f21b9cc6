import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { auditContract } from '../../shared/ipc/contracts/audit'
import { auditFacets, queryAudit, verifyAuditChain, type AuditAnchor } from './repository'
import { auditToCsv } from './csv'

const MAX_EXPORT_ROWS = 100_000

export function auditHandlers(
  deps: AppDeps,
  opts: { anchors?: () => AuditAnchor[] } = {}
): HandlersOf<typeof auditContract> {
  return {
    'audit:list': (q) => queryAudit(deps.db, q),
    'audit:facets': () => auditFacets(deps.db),
    'audit:exportCsv': (filter, ctx) => {
      const rows = queryAudit(deps.db, { ...filter, limit: MAX_EXPORT_ROWS })
      const csv = auditToCsv(rows)
      const fileName = `audit_${new Date(deps.now()).toISOString().slice(0, 10)}.csv`
      ctx.audit({ action: 'export.audit', after: { filter, rows: rows.length, fileName } })
      return { fileName, csv, rows: rows.length }
    },
    'audit:verify': () => verifyAuditChain(deps.db, { anchors: opts.anchors?.() })
  }
}
