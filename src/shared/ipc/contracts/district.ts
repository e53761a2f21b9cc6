import { z } from 'zod'
import { channel } from '../channel'

/** A room server of the district, as its directory lists it. */
export type DistrictRoom = { id: string; name: string; publicUrl: string; lastSeenMs: number }

/** The rooms of a district and which camera each serves (only on a district). */
export const districtContract = {
  /** The district's rooms, and the cameras a room is named for (a camera not listed: the room showing it). */
  'district:rooms': channel<{
    rooms: DistrictRoom[]
    cameras: { cameraId: number; room: string }[]
  }>()({
    input: z.object({}).strict(),
    permission: 'watch'
  }),
  /**
   * Name the room whose server connects to a camera (the others see it
   * through that room); null: whichever room shows it. Refused on a room's
   * own file (`unavailable`, reason not_a_district) and for a room the
   * directory does not know.
   */
  'district:setCameraRoom': channel<{ cameraId: number; room: string | null }>()({
    input: z
      .object({
        cameraId: z.number().int().positive(),
        room: z.string().trim().min(1).max(64).nullable()
      })
      .strict(),
    permission: 'registry.edit',
    audit: 'camera'
  })
}
