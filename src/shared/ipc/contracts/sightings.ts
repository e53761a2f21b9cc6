import { z } from 'zod'
import { channel } from '../channel'
import { epochMs } from '../schemas'
import {
  HEADINGS,
  PLATE_COLORS,
  VEHICLE_BRANDS,
  VEHICLE_COLORS,
  VEHICLE_TYPES
} from '../../domain/sighting'
import { platePattern, type VehicleSearchResult } from './lookup'

/** Pass records (过车记录) of checkpoint and ANPR cameras: live ingest and vehicle search. */
export const sightingsContract = {
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
                confidence: z.number().min(0).max(1).nullable(),
                direction: z.enum(HEADINGS).nullable().optional(),
                plateColor: z.enum(PLATE_COLORS).nullable().optional(),
                vehicleColor: z.enum(VEHICLE_COLORS).nullable().optional(),
                vehicleType: z.enum(VEHICLE_TYPES).nullable().optional(),
                vehicleBrand: z.enum(VEHICLE_BRANDS).nullable().optional()
              })
              .strict()
          )
          .min(1)
          .max(5000)
      })
      .strict(),
    permission: 'registry.edit',
    audit: { none: 'a machine feed of plate reads; the reads are the record' }
  }),
  /**
   * Vehicle search (以车搜车): pass records matching a plate pattern (with the
   * lookup's look-alike rules: 8/B, 0/D/Q, … and one misread character),
   * attributes, cameras or an area ([lng, lat] polygon) and a period, grouped
   * by vehicle, best first. Attributes weigh the order as in the lookup; a
   * vehicle whose reads never carry a requested attribute is left out.
   */
  'sightings:search': channel<VehicleSearchResult>()({
    input: z
      .object({
        plate: platePattern.optional(),
        color: z.enum(VEHICLE_COLORS).optional(),
        type: z.enum(VEHICLE_TYPES).optional(),
        brand: z.enum(VEHICLE_BRANDS).optional(),
        heading: z.enum(HEADINGS).optional(),
        cameraCodes: z.array(z.string().min(1).max(64)).max(2000).optional(),
        area: z
          .array(z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]))
          .min(3)
          .max(500)
          .optional(),
        fromMs: epochMs,
        toMs: epochMs,
        limit: z.number().int().min(1).max(1000).default(200)
      })
      .strict()
      .refine((q) => q.toMs >= q.fromMs && q.toMs - q.fromMs <= 31 * 86_400_000, {
        message: 'the period must be 0–31 days long'
      }),
    permission: 'lookup',
    audit: 'sightings'
  })
}
