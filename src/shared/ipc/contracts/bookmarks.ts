import { z } from 'zod'
import { channel } from '../channel'
import type { Bookmark } from '../../domain/recording'
import { deleteById, epochMs } from '../schemas'
import { range } from './playback'

export const bookmarksContract = {
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
    permission: 'playback',
    audit: { none: 'a bookmark carries who set it and when; deleting one is audited' }
  }),
  'bookmarks:delete': deleteById('playback', 'bookmark')
}
