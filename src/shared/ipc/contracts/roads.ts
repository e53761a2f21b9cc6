import { z } from 'zod'
import { channel } from '../channel'
import type { Road } from '../../domain/road'

export const roadsContract = {
  /** All roads of the site map. */
  'roads:list': channel<Road[]>()({ input: z.object({}).strict(), permission: 'watch' })
}
