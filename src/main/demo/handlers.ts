import type { HandlersOf } from '../api/dispatch'
import type { demoContract } from '../../shared/ipc/contracts/demo'
import { ApiError } from '../../shared/ipc/errors'
import type { DemoCameras } from './cameras'

export function demoHandlers(demo: DemoCameras | null): HandlersOf<typeof demoContract> {
  return {
    'demo:setFailure': ({ code, mode }) => {
      if (!demo) throw new ApiError('unavailable', 'The demo camera source is not running.')
      demo.setFailure(code, mode)
      return null
    }
  }
}
