import { z } from 'zod'
import { channel } from '../channel'
import { epochMs, rowId as id } from '../schemas'
import { HEADINGS, VEHICLE_BRANDS, VEHICLE_COLORS, VEHICLE_TYPES } from '../../domain/sighting'
import { UI_LANGUAGES } from '../../domain/language'
import type {
  LookupCandidate,
  LookupOrigin,
  LookupQuery,
  LookupResult,
  LookupWindow,
  TrailPoint
} from '../../lookup/types'

/**
 * A plate as far as it was seen: letters, digits and Chinese characters, `?`
 * for each one not seen (`浙A?3??8`), at least one character known.
 */
export const platePattern = z
  .string()
  .trim()
  .toUpperCase()
  .min(2)
  .max(16)
  .regex(/^[\p{L}\p{N}?]+$/u, { message: 'letters, digits and ? only' })
  .refine((p) => /[^?]/.test(p), { message: 'at least one known character' })

export const lookupHints = z
  .object({
    color: z.enum(VEHICLE_COLORS).optional(),
    type: z.enum(VEHICLE_TYPES).optional(),
    brand: z.enum(VEHICLE_BRANDS).optional(),
    heading: z.enum(HEADINGS).optional(),
    plate: platePattern.optional()
  })
  .strict()

/** Where and when the vehicle was, and what a witness saw of it. */
const lookupQueryFields = z.object({
  lat: z.number().min(-90).max(90),
  lng: z.number().min(-180).max(180),
  fromMs: epochMs,
  toMs: epochMs,
  hints: lookupHints.optional()
})

/** The window in which the vehicle was at the origin: 0–6 hours. */
function isLookupWindow(q: { fromMs: number; toMs: number }): boolean {
  return q.toMs >= q.fromMs && q.toMs - q.fromMs <= 6 * 3_600_000
}
const LOOKUP_WINDOW_MESSAGE = 'the window must be 0–6 hours long'

const lookupQuery = lookupQueryFields
  .strict()
  .refine(isLookupWindow, { message: LOOKUP_WINDOW_MESSAGE })

/** How the operator chose the origin: a map click, a camera, or a road and a position along it. */
export const ORIGIN_PICKS = ['map', 'camera', 'road'] as const
export type OriginPick = (typeof ORIGIN_PICKS)[number]

/** A road piece the vehicle could have driven from the origin, for the map highlight. */
export type ReachableRoad = {
  road: string
  kind: string | null
  /** [lng, lat] vertices, in driving direction away from the origin */
  points: [number, number][]
  /** junctions crossed before this piece (0 on the origin's road) */
  hops: number
  /** earliest and latest true time the vehicle can be at the far end */
  earliestMs: number
  latestMs: number
}

/** One vehicle found by a vehicle search: its plate and its matching reads, in time order. */
export type VehicleSearchHit = { plate: string; sightings: TrailPoint[] }

export type VehicleSearchResult = {
  /** best first: the plate's fit to the pattern, then the attributes' fit, then reads */
  vehicles: VehicleSearchHit[]
  /** vehicles matching in all (only the first `limit` are returned) */
  total: number
  truncated: boolean
}

/** The query of a saved case, with how its origin was picked. */
export type LookupCaseQuery = LookupQuery & { pick: OriginPick; label: string }

/** A review verdict on one window: the vehicle was (not) seen at that camera. */
export type LookupConfirmation = {
  id: number
  caseId: number
  windowIndex: number
  cameraCode: string
  /** candidate plate confirmed or rejected; null: no candidate was selected */
  plate: string | null
  verdict: 'seen' | 'not_seen'
  /** moment of the video on the camera's clock */
  videoAt: number
  note: string
  /** URL under the media base (`…/lookup-cases/<case>/snap-<n>.jpg`), or null */
  snapshotUrl: string | null
  snapshotSha256: string | null
  createdAt: number
  createdBy: string | null
}

/** What a case keeps of the lookup result: all windows, the best candidates. */
export type LookupCaseResult = {
  origin: LookupOrigin
  windows: LookupWindow[]
  candidates: LookupCandidate[]
  /** candidates in the full result (the case keeps the best CASE_CANDIDATES) */
  candidateCount: number
}

/** A saved hit-and-run lookup: the query, its result, the review verdicts. */
export type LookupCase = {
  id: number
  title: string
  incidentId: number | null
  query: LookupCaseQuery
  result: LookupCaseResult
  selectedPlate: string | null
  /** URL of the map image saved with the last report, or null */
  mapUrl: string | null
  version: number
  createdAt: number
  createdBy: string | null
  updatedAt: number
  updatedBy: string | null
  confirmations: LookupConfirmation[]
}

export type LookupCaseSummary = Pick<
  LookupCase,
  'id' | 'title' | 'incidentId' | 'selectedPlate' | 'createdAt' | 'createdBy' | 'updatedAt'
> & {
  query: LookupCaseQuery
  windows: number
  topPlate: string | null
  confirmations: number
}

/** How many candidates a case keeps. */
export const CASE_CANDIDATES = 50

const caseQuery = lookupQueryFields
  .extend({ pick: z.enum(ORIGIN_PICKS), label: z.string().max(200) })
  .strict()
  .refine(isLookupWindow, { message: LOOKUP_WINDOW_MESSAGE })

const plate = z.string().trim().min(2).max(32)
const title = z.string().trim().max(200)
const MAX_IMAGE_BYTES = 8 * 1024 * 1024
/** Host mode reads bodies up to this for channels that carry an image. */
const IMAGE_BODY_BYTES = Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 64 * 1024
const imageDataUrl = (mime: RegExp) =>
  z
    .string()
    .max(Math.ceil(MAX_IMAGE_BYTES / 3) * 4 + 100)
    .regex(mime)

export const lookupContract = {
  /**
   * Hit-and-run lookup: from the place and the window in which the vehicle
   * was there, the cameras it would pass next with their windows, and the
   * candidate vehicles ranked with their evidence.
   */
  'lookup:run': channel<LookupResult>()({
    input: lookupQuery,
    permission: 'lookup',
    audit: 'lookup'
  }),
  /**
   * The road pieces a vehicle leaving the origin in the window can reach up
   * to the lookup's window cameras, with the earliest and latest time at
   * their far ends (the map highlight).
   */
  'lookup:reach': channel<ReachableRoad[]>()({
    input: lookupQuery,
    permission: 'lookup'
  }),
  /** All sightings of a plate in a period (one misread character tolerated unless `exact`). */
  'lookup:trail': channel<TrailPoint[]>()({
    input: z
      .object({
        plate: z.string().trim().min(2).max(32),
        fromMs: epochMs,
        toMs: epochMs,
        exact: z.boolean().optional()
      })
      .strict(),
    permission: 'lookup',
    audit: 'plate'
  }),
  /** Estimated clock error of each ANPR camera, ms (camera clock minus true time). */
  'lookup:clockOffsets': channel<{ cameraCode: string; offsetMs: number }[]>()({
    input: z.object({}).strict(),
    permission: 'lookup'
  }),
  /** Saved lookup cases, newest first (optionally those of one incident). */
  'lookup:cases:list': channel<LookupCaseSummary[]>()({
    input: z
      .object({ incidentId: id.optional(), limit: z.number().int().min(1).max(500).default(100) })
      .strict(),
    permission: 'lookup'
  }),
  'lookup:cases:get': channel<LookupCase>()({
    input: z.object({ id }).strict(),
    permission: 'lookup'
  }),
  /**
   * Save a lookup as a case. Main runs the lookup again for the query, so the
   * saved windows and candidates are the server's, not the caller's.
   */
  'lookup:cases:create': channel<LookupCase>()({
    input: z
      .object({
        query: caseQuery,
        title,
        incidentId: id.nullable().default(null),
        selectedPlate: plate.nullable().default(null)
      })
      .strict(),
    permission: 'lookup',
    audit: 'lookup_case'
  }),
  /** Change the title, the linked incident or the followed candidate over `version` (refused with `conflict` otherwise). */
  'lookup:cases:update': channel<LookupCase>()({
    input: z
      .object({
        id,
        version: z.number().int().positive(),
        title: title.optional(),
        incidentId: id.nullable().optional(),
        selectedPlate: plate.nullable().optional()
      })
      .strict(),
    permission: 'lookup',
    audit: 'lookup_case'
  }),
  /** The operator's verdict on one window from the review: seen here / not here, with a snapshot. */
  'lookup:cases:confirm': channel<LookupCase>()({
    input: z
      .object({
        caseId: id,
        windowIndex: z.number().int().min(0).max(10_000),
        plate: plate.nullable(),
        verdict: z.enum(['seen', 'not_seen']),
        videoAt: epochMs,
        note: z.string().max(2000).default(''),
        snapshotDataUrl: imageDataUrl(/^data:image\/(jpeg|png);base64,/).optional()
      })
      .strict(),
    permission: 'lookup',
    audit: 'lookup_case',
    maxBodyBytes: IMAGE_BODY_BYTES
  }),
  /** Withdraw a verdict (audited). */
  'lookup:cases:unconfirm': channel<LookupCase>()({
    input: z.object({ caseId: id, confirmationId: id }).strict(),
    permission: 'lookup',
    audit: 'lookup_case'
  }),
  /**
   * Write the case report (self-contained HTML and PDF: map image, query,
   * windows, candidates with evidence, confirmed sightings with snapshots,
   * who made it and when) under the data directory; returns their URLs
   * under the media base. The map image is the renderer's map as PNG; it is
   * kept with the case for later reports.
   */
  'lookup:report': channel<{ htmlUrl: string; pdfUrl: string }>()({
    input: z
      .object({
        caseId: id,
        mapPngDataUrl: imageDataUrl(/^data:image\/png;base64,/).optional(),
        language: z.enum(UI_LANGUAGES).default('zh-CN')
      })
      .strict(),
    permission: 'lookup',
    audit: 'lookup_case',
    maxBodyBytes: IMAGE_BODY_BYTES
  })
}
