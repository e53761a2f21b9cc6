import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { recordingContract } from '../../shared/ipc/contracts/recording'
import { ApiError } from '../../shared/ipc/errors'
import { appendAudit } from '../audit/repository'
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
      const actor = ctx.session?.user.username ?? null
      const at = deps.now()
      const out = db.transaction(() =>
        cameraIds.map((cameraId) => {
          const before = recordingSettingOf(db, cameraId)
          const after = upsertRecordingSetting(db, { cameraId, mode, retentionDays, at, actor })
          appendAudit(db, {
            at,
            actor,
            action: 'recording.update',
            entity: 'camera',
            entityId: String(cameraId),
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
      appendAudit(db, {
        at: deps.now(),
        actor: ctx.session?.user.username ?? null,
        action: 'recording.quota',
        entity: 'settings',
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
