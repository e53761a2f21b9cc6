import { z } from 'zod'
import { channel } from '../channel'
import {
  RECORDING_MODES,
  type RecordingOverview,
  type RecordingSetting
} from '../../domain/recording'

export const recordingContract = {
  /** Every camera's recording setting and recorder state, with the disk quota and its use. */
  'recording:overview': channel<RecordingOverview>()({
    input: z.object({}).strict(),
    permission: 'watch'
  }),
  /** Set mode and retention of some cameras (audited as recording.update). */
  'recording:setCameras': channel<RecordingSetting[]>()({
    input: z
      .object({
        cameraIds: z.array(z.number().int().positive()).min(1).max(5000),
        mode: z.enum(RECORDING_MODES),
        retentionDays: z.number().int().min(1).max(3650)
      })
      .strict(),
    permission: 'recording.edit',
    audit: 'camera'
  }),
  /** Set the global disk quota of the recording store (audited as recording.quota). */
  'recording:setQuota': channel<{ quotaBytes: number }>()({
    input: z
      .object({
        quotaBytes: z
          .number()
          .int()
          .min(64 * 1024 ** 2)
          .max(2 ** 50)
      })
      .strict(),
    permission: 'recording.edit',
    audit: 'settings'
  })
}
