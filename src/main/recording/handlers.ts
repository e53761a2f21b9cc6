import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { recordingContract } from '../../shared/ipc/contracts/recording'
import { ApiError } from '../../shared/ipc/errors'
import { getCamera } from '../cameras/repository'
import {
  getQuotaBytes,
  recordingSettingOf,
  setQuotaBytes,
  upsertRecordingSetting
} from './repository'
import type { RecordingServices } from './service'

export function recordingHandlers(
  deps: AppDeps,
  services: RecordingServices
): HandlersOf<typeof recordingContract> {
  const { db } = deps
  return {
    'recording:overview': () => ({
      quotaBytes: getQuotaBytes(db),
      usedBytes: services.recorder.usedBytes(),
      cameras: services.recorder.status()
    }),
    'recording:setCameras': ({ cameraIds, mode, retentionDays }, ctx) => {
      for (const id of cameraIds)
        if (!getCamera(db, id)) throw new ApiError('not_found', `Unknown camera ${id}`)
      const actor = ctx.actor
      const at = deps.now()
      const out = db.transaction(() =>
        cameraIds.map((cameraId) => {
          const before = recordingSettingOf(db, cameraId)
          const after = upsertRecordingSetting(db, { cameraId, mode, retentionDays, at, actor })
          ctx.audit({
            at,
            action: 'recording.update',
            entityId: cameraId,
            before: { mode: before.mode, retentionDays: before.retentionDays },
            after: { mode, retentionDays }
          })
          return after
        })
      )()
      services.recorder.refresh()
      deps.bus.emit('recording:changed', { cameraIds })
      return out
    },
    'recording:setQuota': ({ quotaBytes }, ctx) => {
      const before = getQuotaBytes(db)
      setQuotaBytes(db, quotaBytes)
      ctx.audit({
        action: 'recording.quota',
        entityId: 'recording.quotaBytes',
        before: { quotaBytes: before },
        after: { quotaBytes }
      })
      void services.recorder.sweep()
      deps.bus.emit('recording:changed', { cameraIds: [] })
      return { quotaBytes }
    }
  }
}
