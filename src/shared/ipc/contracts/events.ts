import { z } from 'zod'
import { channel } from '../channel'
import { SYSTEM_EVENT_KINDS, type SystemEvent } from '../../domain/systemEvent'

export const eventsContract = {
  /** The newest rows of the event log, optionally before an id (paging) or of some kinds. */
  'events:list': channel<SystemEvent[]>()({
    input: z
      .object({
        beforeId: z.number().int().positive().optional(),
        kinds: z.array(z.enum(SYSTEM_EVENT_KINDS)).max(SYSTEM_EVENT_KINDS.length).optional(),
        limit: z.number().int().min(1).max(500).default(100)
      })
      .strict(),
    permission: 'watch'
  })
}
