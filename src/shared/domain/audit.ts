/** A row of the append-only audit trail as the API shows it. */
export type AuditRecord = {
  id: number
  at: number
  actor: string | null
  /** e.g. incident.update, shift.end, export.audit, access.denied */
  action: string
  entity: string | null
  entityId: string | null
  before: unknown
  after: unknown
  prevHash: string
  hash: string
}

/** One place where the chain does not hold. */
export type AuditBreak = { id: number; reason: string }

/** The chain check; when broken, `breaks` lists every break and `brokenAt`/`reason` the first. */
export type AuditCheck =
  | { ok: true; rows: number }
  | { ok: false; rows: number; brokenAt: number; reason: string; breaks: AuditBreak[] }
