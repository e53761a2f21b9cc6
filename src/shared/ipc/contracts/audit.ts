import { z } from 'zod'
import { channel } from '../channel'
import type { AuditCheck, AuditRecord } from '../../domain/audit'

const ms = z.number().int().min(0).max(8.64e15)

/** Filters of the audit view; `action` matches as a prefix (incident. → every incident action). */
export const auditFilter = {
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  fromMs: ms.optional(),
  toMs: ms.optional()
}

export const auditContract = {
  /** Audit rows newest first; read-only (nothing in the API edits or deletes them). */
  'audit:list': channel<AuditRecord[]>()({
    input: z
      .object({
        ...auditFilter,
        beforeId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).default(100)
      })
      .strict(),
    permission: 'audit.view'
  }),
  /** Distinct actors, actions and entities, for the filter pickers. */
  'audit:facets': channel<{ actors: string[]; actions: string[]; entities: string[] }>()({
    input: z.object({}).strict(),
    permission: 'audit.view'
  }),
  /** The filtered rows as CSV (up to 100,000; the export itself is audited). */
  'audit:exportCsv': channel<{ fileName: string; csv: string; rows: number }>()({
    input: z.object(auditFilter).strict(),
    permission: 'audit.view',
    audit: 'audit'
  }),
  /** Walk the hash chain (what `watchroom audit verify` does). */
  'audit:verify': channel<AuditCheck>()({ input: z.object({}).strict(), permission: 'audit.view' })
}
