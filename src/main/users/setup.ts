import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { setupContract } from '../../shared/ipc/contracts/setup'
import { ApiError } from '../../shared/ipc/errors'
import { countUsers, insertUserUnlessTaken } from './repository'
import { hashPassword } from './password'

/**
 * The first start of a fresh data directory (no account yet): the user says
 * whether this is a real room (and sets the admin's password) or the demo
 * district. Both are refused once any account exists.
 */
export function setupHandlers(
  deps: AppDeps,
  opts: { seedDemo: () => Promise<void> }
): HandlersOf<typeof setupContract> {
  const refuseIfDone = async (): Promise<void> => {
    if ((await countUsers(deps.sql)) > 0)
      throw new ApiError('conflict', 'This room is set up already.', { reason: 'setup_done' })
  }
  return {
    'setup:status': async () => ({ needed: (await countUsers(deps.sql)) === 0 }),
    'setup:complete': async (input, ctx) => {
      await refuseIfDone()
      if (input.mode === 'demo') {
        await opts.seedDemo()
        // nobody is logged in yet: the row has no actor
        await ctx.audit({ action: 'setup.demo' })
        return { restartNeeded: true }
      }
      const passwordHash = await hashPassword(input.password)
      await deps.sql.tx(async (t) => {
        // checked again inside the write: two first starts must not both create an admin (on
        // PostgreSQL both may count none; the name's unique index then decides)
        await refuseIfDone()
        const user = await insertUserUnlessTaken(
          t,
          {
            username: 'admin',
            displayName: 'Administrator',
            role: 'admin',
            passwordHash,
            demo: false
          },
          deps.now()
        )
        if (!user)
          throw new ApiError('conflict', 'This room is set up already.', { reason: 'setup_done' })
        await ctx.audit({
          action: 'setup.realRoom',
          entity: 'user',
          entityId: user.id,
          after: { username: user.username, role: user.role }
        })
      })
      return { restartNeeded: false }
    }
  }
}
