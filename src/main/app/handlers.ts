import type { AppDeps } from './deps'
import type { HandlersOf } from '../api/dispatch'
import type { appContract } from '../../shared/ipc/contracts/app'
import { countCamerasByStatus } from '../cameras/repository'
import { countRoads } from '../roads/repository'

export function appHandlers(deps: AppDeps): HandlersOf<typeof appContract> {
  return {
    'app:info': () => ({ ...deps.info, now: deps.now() }),
    'app:counts': async () => {
      const byStatus = await countCamerasByStatus(deps.sql)
      const cameras = byStatus.online + byStatus.offline + byStatus.degraded + byStatus.unknown
      return { cameras, ...byStatus, roads: await countRoads(deps.sql) }
    }
  }
}
