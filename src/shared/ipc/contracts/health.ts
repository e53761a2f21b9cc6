import { z } from 'zod'
import { channel } from '../channel'
import type { StatusChange } from '../../domain/registry'

export type HealthSummary = {
  /** start of the last finished probe cycle, UTC ms (null before the first) */
  lastCycleAt: number | null
  lastCycleMs: number | null
  probed: number
  intervalMs: number
}

export const healthContract = {
  /** Status changes of one camera, newest first. */
  'health:history': channel<StatusChange[]>()({
    input: z
      .object({
        cameraId: z.number().int().positive(),
        limit: z.number().int().min(1).max(500).default(50)
      })
      .strict(),
    permission: 'watch'
  }),
  /** How the stream-health prober is doing. */
  'health:summary': channel<HealthSummary>()({ input: z.object({}).strict(), permission: 'watch' }),
  /** Probe some cameras (or all) now instead of waiting for the next cycle. */
  'health:probeNow': channel<null>()({
    input: z.object({ ids: z.array(z.number().int().positive()).max(20_000).optional() }).strict(),
    permission: 'registry.edit',
    audit: { none: 'only asks the cameras again; what they answer goes to the status history' }
  })
}
