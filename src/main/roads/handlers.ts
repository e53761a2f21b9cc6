import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { roadsContract } from '../../shared/ipc/contracts/roads'
import { listRoads } from './repository'

export function roadsHandlers(deps: AppDeps): HandlersOf<typeof roadsContract> {
  return {
    'roads:list': () => listRoads(deps.sql)
  }
}
