import { z } from 'zod'
import { channel } from '../channel'
import type { LookupResult, TrailPoint } from '../../lookup/types'

const epochMs = z.number().int().min(0).max(8.64e15)

export const lookupContract = {
  /**
   * Hit-and-run lookup: from the place and the window in which the vehicle
   * was there, the cameras it would pass next with their windows, and the
   * candidate vehicles ranked with their evidence.
   */
  'lookup:run': channel<LookupResult>()({
    input: z
      .object({
        lat: z.number().min(-90).max(90),
        lng: z.number().min(-180).max(180),
        fromMs: epochMs,
        toMs: epochMs
      })
      .strict()
      .refine((q) => q.toMs >= q.fromMs && q.toMs - q.fromMs <= 6 * 3_600_000, { message: 'the window must be 0–6 hours long' }),
    permission: 'lookup'
  }),
  /** All sightings of a plate in a period (one misread character tolerated unless `exact`). */
  'lookup:trail': channel<TrailPoint[]>()({
    input: z
      .object({ plate: z.string().trim().min(2).max(32), fromMs: epochMs, toMs: epochMs, exact: z.boolean().optional() })
      .strict(),
    permission: 'lookup'
  }),
  /** Estimated clock error of each ANPR camera, ms (camera clock minus true time). */
  'lookup:clockOffsets': channel<{ cameraCode: string; offsetMs: number }[]>()({
    input: z.object({}).strict(),
    permission: 'lookup'
  }),
  /** Plate reads from a live ANPR feed (up to 5,000 per call). */
  'sightings:ingest': channel<{ accepted: number }>()({
    input: z
      .object({
        sightings: z
          .array(
            z
              .object({
                cameraCode: z.string().min(1).max(64),
                ts: epochMs,
                plate: z.string().trim().min(1).max(32),
                confidence: z.number().min(0).max(1).nullable()
              })
              .strict()
          )
          .min(1)
          .max(5000)
      })
      .strict(),
    permission: 'registry.edit'
  })
}
