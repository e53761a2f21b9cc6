import { z } from 'zod'
import { channel } from '../channel'
import { passwordSchema } from './users'

export const setupContract = {
  /** Whether this data directory is fresh: no account yet, so the first start asks what it is. */
  'setup:status': channel<{ needed: boolean }>()({
    input: z.object({}).strict(),
    permission: 'public'
  }),
  /**
   * First start only (refused once any account exists): a real room creates
   * `admin` with the password the user sets; the demo district seeds the demo
   * cameras and accounts, which start with the next start of the app.
   */
  'setup:complete': channel<{ restartNeeded: boolean }>()({
    input: z.discriminatedUnion('mode', [
      z.object({ mode: z.literal('real'), password: passwordSchema }).strict(),
      z.object({ mode: z.literal('demo') }).strict()
    ]),
    permission: 'public',
    audit: 'room'
  })
}
