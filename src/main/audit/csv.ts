/** The audit view's CSV: what leaves the room when someone exports the trail. */
import type { AuditRecord } from '../../shared/domain/audit'

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return ''
  let s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v)
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** Audit rows as CSV (UTF-8 with BOM), oldest first, with both hashes so a copy can be checked later. */
export function auditToCsv(rows: readonly AuditRecord[]): string {
  const head = [
    'id',
    'at_utc',
    'actor',
    'action',
    'entity',
    'entity_id',
    'before',
    'after',
    'prev_hash',
    'hash'
  ]
  const lines = [head.join(',')]
  for (const r of [...rows].reverse())
    lines.push(
      [
        r.id,
        new Date(r.at).toISOString(),
        r.actor,
        r.action,
        r.entity,
        r.entityId,
        r.before,
        r.after,
        r.prevHash,
        r.hash
      ]
        .map(cell)
        .join(',')
    )
  return '\uFEFF' + lines.join('\r\n') + '\r\n'
}
