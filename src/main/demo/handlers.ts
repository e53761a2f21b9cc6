import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { demoContract } from '../../shared/ipc/contracts/demo'
import { ApiError } from '../../shared/ipc/errors'

export function demoHandlers(deps: AppDeps): HandlersOf<typeof demoContract> {
  return {
    'demo:setFailure': ({ code, mode }) => {
      if (!deps.demo) throw new ApiError('unavailable', 'The demo camera source is not running.')
      deps.demo.setFailure(code, mode)
      return null
    }
  }
}
