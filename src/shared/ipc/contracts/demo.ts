import { z } from 'zod'
import { channel } from '../channel'

export const demoContract = {
  /**
   * Make a demo camera's source fail (offline: 404; stall: playlist stops;
   * corrupt: undecodable segments) or recover (null). For drills and tests.
   */
  'demo:setFailure': channel<null>()({
    input: z
      .object({
        code: z.string().min(1).max(64),
        mode: z.enum(['offline', 'stall', 'corrupt']).nullable()
      })
      .strict(),
    permission: 'settings.edit',
    audit: { none: 'a fault switch of the simulated cameras; no room data changes' }
  })
}
