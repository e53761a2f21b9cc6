import { z } from 'zod'
import { channel } from '../channel'
import type { Bookmark, CameraAvailability, PlaybackSource } from '../../domain/recording'

const epochMs = z.number().int().min(0).max(8.64e15)
const DAY_MS = 86_400_000

const range = z
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
    permission: 'playback'
  }),
  /** Bookmarks between from and to, oldest first. */
  'bookmarks:list': channel<Bookmark[]>()({
    input: range,
    permission: 'playback'
  }),
  /** A note at a moment of the timeline. */
  'bookmarks:add': channel<Bookmark>()({
    input: z
      .object({
        at: epochMs,
        note: z.string().trim().min(1).max(500),
        cameraIds: z.array(z.number().int().positive()).max(16).default([])
      })
      .strict(),
    permission: 'playback'
  }),
  'bookmarks:delete': channel<null>()({
    input: z.object({ id: z.number().int().positive() }).strict(),
    permission: 'playback'
  })
}
