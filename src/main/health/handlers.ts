import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { healthContract } from '../../shared/ipc/contracts/health'
import { listStatusHistory } from '../registry/repository'
import type { HealthProber } from './prober'

export function healthHandlers(
  deps: AppDeps,
  prober: HealthProber
): HandlersOf<typeof healthContract> {
  return {
    'health:history': ({ cameraId, limit }) => listStatusHistory(deps.sql, cameraId, limit),
    'health:summary': () => prober.summary(),
    'health:probeNow': async ({ ids }) => {
      await prober.runCycle(ids)
      return null
    }
  }
}
