import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { camerasContract } from '../../shared/ipc/contracts/cameras'
import { ApiError } from '../../shared/ipc/errors'
import { getCamera, getCameraCredentials, setCameraCredentials } from './repository'

export function cameraCredentialsHandlers(
  deps: AppDeps
): HandlersOf<Pick<typeof camerasContract, 'cameras:setCredentials'>> {
  return {
    'cameras:setCredentials': ({ id, user, password }, ctx) => {
      const secrets = deps.secrets
      if (!secrets)
        throw new ApiError('unavailable', 'Stream passwords cannot be stored here.', {
          reason: 'no_secret_box'
        })
      return deps.db
        .transaction(() => {
          const before = getCamera(deps.db, id)
          const stored = getCameraCredentials(deps.db, id)
          if (!before || !stored) throw new ApiError('not_found', `No camera ${id}`)
          // without a password in the call the stored one stays; user names are kept as typed
          const sealed =
            password === undefined
              ? stored.sealedPassword
              : password
                ? secrets.seal(password)
                : null
          setCameraCredentials(deps.db, { id }, user || null, sealed)
          const after = getCamera(deps.db, id)!
          ctx.audit({
            action: 'camera.credentials',
            entityId: before.code,
            // who changed which camera's account; the password itself is never written anywhere
            before: { streamUser: before.streamUser, streamPasswordSet: before.streamPasswordSet },
            after: { streamUser: after.streamUser, streamPasswordSet: after.streamPasswordSet }
          })
          deps.bus.emit('registry:changed', { what: 'cameras' })
          return after
        })
        .immediate()
    }
  }
}
