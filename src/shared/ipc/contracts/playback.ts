import { z } from 'zod'
import { channel } from '../channel'
import { epochMs } from '../schemas'
import type { CameraAvailability, PlaybackSource } from '../../domain/recording'

export const DAY_MS = 86_400_000

export const range = z
  .object({ from: epochMs, to: epochMs })
  .refine((r) => r.to > r.from, { message: 'to must be after from' })
  .refine((r) => r.to - r.from <= 8 * DAY_MS, { message: 'at most 8 days at once' })

export const playbackContract = {
  /** Recorded stretches of each camera between from and to (gaps shorter than minGapMs are closed). */
  'playback:availability': channel<CameraAvailability[]>()({
    input: z
      .object({
        cameraIds: z.array(z.number().int().positive()).min(1).max(16),
        from: epochMs,
        to: epochMs,
        minGapMs: z.number().int().min(0).max(DAY_MS).default(0)
      })
      .strict()
      .refine((r) => r.to > r.from && r.to - r.from <= 8 * DAY_MS, { message: 'invalid range' }),
    permission: 'playback'
  }),
  /**
   * VOD playlists of recorded footage for up to 16 cameras over one window
   * (at most 6 h). Each URL is signed for the caller; fetching a playlist is
   * audited as playback.view.
   */
  'playback:open': channel<PlaybackSource[]>()({
    input: z
      .object({
        cameraIds: z.array(z.number().int().positive()).min(1).max(16),
        from: epochMs,
        to: epochMs
      })
      .strict()
      .refine((r) => r.to > r.from && r.to - r.from <= 6 * 3_600_000, {
        message: 'invalid window'
      }),
    permission: 'playback',
    audit: {
      none: 'hands out signed playlist links; the media route audits what is watched (playback.view)'
    }
  })
}
