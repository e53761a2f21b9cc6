import { z } from 'zod'
import { channel } from '../channel'

/** Room-wide settings kept in SQLite. */
export const roomSettingsSchema = z
  .object({
    /** lock a workstation after this many idle minutes (0 = never) */
    lockIdleMinutes: z.number().int().min(0).max(240),
    /** scheduled database backups: every N hours (0 = off) */
    backupEveryHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 7),
    /** keep backups this many days */
    backupKeepDays: z.number().int().min(1).max(365)
  })
  .strict()
export type RoomSettings = z.infer<typeof roomSettingsSchema>

export const DEFAULT_ROOM_SETTINGS: RoomSettings = {
  lockIdleMinutes: 10,
  backupEveryHours: 24,
  backupKeepDays: 14
}

export const settingsContract = {
  /** The room settings. */
  'settings:get': channel<RoomSettings>()({ input: z.object({}).strict(), permission: 'watch' }),
  /** Change some room settings (admin). */
  'settings:update': channel<RoomSettings>()({
    input: roomSettingsSchema.partial().strict(),
    permission: 'settings.edit',
    audit: 'settings'
  })
}
