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
  const { sql } = deps
  return {
    'recording:overview': async () => ({
      quotaBytes: await getQuotaBytes(sql),
      usedBytes: await services.recorder.usedBytes(),
      cameras: await services.recorder.status()
    }),
    'recording:setCameras': async ({ cameraIds, mode, retentionDays }, ctx) => {
      for (const id of cameraIds)
        if (!(await getCamera(sql, id))) throw new ApiError('not_found', `Unknown camera ${id}`)
      const actor = ctx.actor
      const at = deps.now()
      const out = await sql.tx(async (t) => {
        const rows = []
        for (const cameraId of cameraIds) {
          const before = await recordingSettingOf(t, cameraId)
          rows.push(await upsertRecordingSetting(t, { cameraId, mode, retentionDays, at, actor }))
          await ctx.audit({
            at,
            action: 'recording.update',
            entityId: cameraId,
            before: { mode: before.mode, retentionDays: before.retentionDays },
            after: { mode, retentionDays }
          })
        }
        return rows
      })
      await services.recorder.refresh()
      deps.bus.emit('recording:changed', { cameraIds })
      return out
    },
    'recording:setQuota': async ({ quotaBytes }, ctx) => {
      const before = await getQuotaBytes(sql)
      await setQuotaBytes(sql, quotaBytes)
      await ctx.audit({
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
