import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { setupContract } from '../../shared/ipc/contracts/setup'
import { ApiError } from '../../shared/ipc/errors'
import { countUsers, insertUser } from './repository'
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
  const refuseIfDone = () => {
    if (countUsers(deps.db) > 0)
      throw new ApiError('conflict', 'This room is set up already.', { reason: 'setup_done' })
  }
  return {
    'setup:status': () => ({ needed: countUsers(deps.db) === 0 }),
    'setup:complete': async (input, ctx) => {
      refuseIfDone()
      if (input.mode === 'demo') {
        await opts.seedDemo()
        // nobody is logged in yet: the row has no actor
        ctx.audit({ action: 'setup.demo' })
        return { restartNeeded: true }
      }
      const passwordHash = await hashPassword(input.password)
      deps.db.transaction(() => {
        // checked again inside the write: two first starts must not both create an admin
        refuseIfDone()
        const user = insertUser(
          deps.db,
          {
            username: 'admin',
            displayName: 'Administrator',
            role: 'admin',
            passwordHash,
            demo: false
          },
          deps.now()
        )
        ctx.audit({
          action: 'setup.realRoom',
          entity: 'user',
          entityId: user.id,
          after: { username: user.username, role: user.role }
        })
      })()
      return { restartNeeded: false }
    }
  }
}
