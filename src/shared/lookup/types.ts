/**
 * Result types of the hit-and-run lookup (DESIGN.md capability 6). Everything
 * here is plain JSON data: it crosses the API contract to the UI and is what
 * `watchroom lookup --json` serializes. Times are UTC epoch milliseconds.
 */

import type {
  Heading,
  SightingAttributes,
  VehicleBrand,
  VehicleColor,
  VehicleType
} from '../domain/sighting'

/**
 * What a witness or a nearby camera told about the vehicle. Each hint weighs
 * candidates (it is right most of the time, not always); none filters them.
 */
export type LookupHints = {
  color?: VehicleColor
  type?: VehicleType
  brand?: VehicleBrand
  /** the way it fled from the origin */
  heading?: Heading
  /** the characters seen, `?` for each unknown one, e.g. `浙A?3??8` */
  plate?: string
}

/** Where and when the vehicle was: the operator's map click and time window. */
export type LookupQuery = {
  lat: number
  lng: number
  /** the vehicle was at (lat, lng) at some instant in [fromMs, toMs] */
  fromMs: number
  toMs: number
  hints?: LookupHints
}

/** How a candidate compares with one hint. */
export type LookupHintMatch = {
  hint: keyof LookupHints
  /** `unknown`: its reads do not say (no attribute read, or they disagree evenly) */
  verdict: 'match' | 'contradict' | 'unknown'
  /** what its reads say (the value most of them carry, or the plate), if anything */
  seen?: string
}

/** The query point snapped onto the road graph. */
export type LookupOrigin = {
  lat: number
  lng: number
  /** name of the road the point was snapped to; null when no road is near */
  road: string | null
  roadId: string | null
  /** `road`, `parking` (car-park ramp), … as imported */
  roadKind: string | null
  snappedLat: number
  snappedLng: number
  /** distance from the clicked point to the road, metres */
  snappedM: number
  /** travel directions the road allows away from the point (0, 1 or 2) */
  directions: number
}

/**
 * Why a window was listed:
 * - `route`: the camera is one the vehicle must reach first on some way out
 *   of the origin (speed bounds only, no plate evidence);
 * - `candidate`: predicted from a candidate vehicle's sightings and route.
 */
export type LookupWindowSource = 'route' | 'candidate'

/** A camera to review and the interval in which the vehicle would pass it. */
export type LookupWindow = {
  cameraCode: string
  cameraName: string
  anpr: boolean
  /** true time (UTC), what the vehicle actually did */
  fromMs: number
  toMs: number
  /**
   * the same interval on the camera's own clock (true time + estimated clock
   * offset): the range to scrub in that camera's recording
   */
  cameraFromMs: number
  cameraToMs: number
  /** shortest road distance from the origin, metres */
  distanceM: number
  /** 1 for the first camera on a way out of the origin, 2 for the next, … */
  hops: number
  source: LookupWindowSource
  /** estimated chance that the vehicle's pass falls in this window (0-1) */
  probability: number
  /** candidates (plates) whose predicted pass this window covers, best first */
  plates: string[]
}

/** Machine codes of the reasons shown with a candidate; the UI translates them. */
export type LookupReasonCode =
  /** seen at {count} listed windows */
  | 'matched_windows'
  /** its sightings fit one drive through the origin at about {time} (±{spreadS} s) */
  | 'path_consistent'
  /** first seen {afterS} s after the origin at {camera}, no earlier sighting nearby */
  | 'first_seen_after_origin'
  /** seen at {camera} {beforeS} s before, on a road leading to the origin */
  | 'seen_before_on_route'
  /** a sighting at {camera} does not fit a drive through the origin */
  | 'contradicting_sighting'
  /** reaching the origin from {camera} needs a detour of {detourS} s */
  | 'detour'
  /** {count} ANPR cameras on its route did not read it */
  | 'missed_reads'
  /** read as {variant} at {camera}: one character differs ({lookAlike}) */
  | 'fuzzy_plate'
  /** the camera {camera} clock is corrected by {offsetS} s */
  | 'clock_corrected'
  /** only a single read supports it */
  | 'single_sighting'
  /** {count} other candidates fit exactly as well: the reads cannot tell them apart */
  | 'equally_likely'
  /** matches the {hint} hint (seen as {seen}) */
  | 'hint_match'
  /** contradicts the {hint} hint (seen as {seen}, the hint says {value}) */
  | 'hint_contradict'

export type LookupReason = {
  code: LookupReasonCode
  params: Record<string, string | number>
}

/**
 * One plate read with the camera's attributes of it, its time corrected for
 * the camera's clock, and how it matches the plate asked about.
 */
export type PlateRead = SightingAttributes & {
  cameraCode: string
  /** as recorded (camera clock) */
  ts: number
  /** estimated true time: recorded time minus the camera's estimated clock offset */
  trueTs: number
  /** the plate as read; may differ from the plate asked about by one character */
  plate: string
  confidence: number | null
  /** the read differs from the plate asked about */
  fuzzy: boolean
  /** …and the differing characters are look-alikes (8/B, 0/D, …) */
  lookAlike: boolean
}

/** One plate read offered as evidence for a candidate. */
export type LookupEvidence = PlateRead & {
  /** relative to the candidate's estimated passage at the origin */
  role: 'before' | 'after'
  /** index into LookupResult.windows of the window containing it, or null */
  windowIndex: number | null
  /** the sighting fits the drive through the origin */
  consistent: boolean
}

/** A vehicle that may be the one, with the evidence for it. */
export type LookupCandidate = {
  plate: string
  /** 0-1, higher is better; comparable within one result */
  score: number
  rank: number
  /** estimated passage at the origin (true time) and its feasible interval */
  originMs: number
  originFromMs: number
  originToMs: number
  /** number of distinct listed windows containing one of its sightings */
  matchedWindows: number
  /** 0-1: how well its sightings fit one drive through the origin */
  pathConsistency: number
  /** some of its reads differ from `plate` by one character */
  fuzzyMatched: boolean
  /** the other spellings merged into this candidate */
  plateVariants: string[]
  /** sightings that do not fit the drive through the origin */
  contradictions: number
  sightings: LookupEvidence[]
  /** one entry per hint of the query, in the order color, type, brand, heading, plate */
  hintMatches: LookupHintMatch[]
  reasons: LookupReason[]
}

export type LookupResult = {
  query: LookupQuery
  origin: LookupOrigin
  /** earliest first */
  windows: LookupWindow[]
  /** best first */
  candidates: LookupCandidate[]
  stats: {
    /** sightings read from the store */
    sightingsScanned: number
    /** distinct plates considered */
    platesConsidered: number
    elapsedMs: number
  }
}

/** One read in a plate's trail. */
export type TrailPoint = PlateRead
