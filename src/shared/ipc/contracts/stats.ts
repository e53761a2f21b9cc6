import { z } from 'zod'
import { channel } from '../channel'
import type { IncidentStats } from '../../domain/stats'

const ms = z.number().int().min(0).max(8.64e15)

export const statsQuery = z
  .object({
    fromMs: ms,
    toMs: ms,
    bucket: z.enum(['week', 'month']).default('week'),
    slotHours: z
      .union([
        z.literal(1),
        z.literal(2),
        z.literal(3),
        z.literal(4),
        z.literal(6),
        z.literal(8),
        z.literal(12)
      ])
      .default(2),
    types: z.array(z.string().max(40)).max(50).optional(),
    blocks: z.array(z.string().max(100)).max(100).optional()
  })
  .strict()
  .refine((q) => q.toMs > q.fromMs && q.toMs - q.fromMs <= 3 * 366 * 86_400_000, {
    message: 'period must be positive and at most 3 years'
  })

export const statsContract = {
  /** Incidents by block × hour, per-type trend, year on year, outage minutes per block, patrol focus. */
  'stats:incidents': channel<IncidentStats>()({ input: statsQuery, permission: 'watch' }),
  /** The same figures as CSV (the export is audited). */
  'stats:exportCsv': channel<{ fileName: string; csv: string }>()({
    input: statsQuery,
    permission: 'export',
    audit: 'stats'
  })
}
