import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { camerasContract } from '../../shared/ipc/contracts/cameras'
import { ApiError } from '../../shared/ipc/errors'
import { getCamera, getCameraCredentials, setCameraCredentials } from './repository'

export function cameraCredentialsHandlers(
  deps: AppDeps
): HandlersOf<Pick<typeof camerasContract, 'cameras:setCredentials'>> {
  return {
    'cameras:setCredentials': async ({ id, user, password }, ctx) => {
      const secrets = deps.secrets
      if (!secrets)
        throw new ApiError('unavailable', 'Stream passwords cannot be stored here.', {
          reason: 'no_secret_box'
        })
      const changed = await deps.sql.tx(async (t) => {
        const before = await getCamera(t, id)
        const stored = await getCameraCredentials(t, id)
        if (!before || !stored) throw new ApiError('not_found', `No camera ${id}`)
        // without a password in the call the stored one stays; user names are kept as typed
        const sealed =
          password === undefined ? stored.sealedPassword : password ? secrets.seal(password) : null
        await setCameraCredentials(t, { id }, user || null, sealed)
        const after = (await getCamera(t, id))!
        await ctx.audit({
          action: 'camera.credentials',
          entityId: before.code,
          // who changed which camera's account; the password itself is never written anywhere
          before: { streamUser: before.streamUser, streamPasswordSet: before.streamPasswordSet },
          after: { streamUser: after.streamUser, streamPasswordSet: after.streamPasswordSet }
        })
        return after
      })
      // after the commit: on PostgreSQL other connections see the change only then
      deps.bus.emit('registry:changed', { what: 'cameras' })
      return changed
    }
  }
}
