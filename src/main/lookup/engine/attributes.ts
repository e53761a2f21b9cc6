import { ATTRIBUTE_VOCABULARIES, HEADINGS } from '../../../shared/domain/sighting'
import type { Heading, Sighting } from '../../../shared/domain/sighting'
import type { LookupHintMatch, LookupHints } from '../../../shared/lookup/types'
import type { RoadGraph } from './graph'
import { matchPattern } from './plates'

/**
 * Checkpoint attributes as evidence. A camera's classifier and a witness are
 * both right most of the time and, when wrong, mostly say a look-alike value
 * (silver for gray, MPV for SUV). So every comparison is a likelihood, never
 * a filter: a vehicle whose reads disagree with a hint ranks lower, it does
 * not drop out.
 */

export type AttributeField = 'vehicleColor' | 'vehicleType' | 'vehicleBrand' | 'plateColor'

type Vocabulary = {
  values: readonly string[]
  /** P(classifier says the true value | it says anything) */
  readAccuracy: number
  /** P(a witness's word is the true value) */
  witnessAccuracy: number
  /** values confused with each other more than with the rest */
  lookAlike: readonly (readonly string[])[]
}

const VOCABULARIES: Record<AttributeField, Vocabulary> = {
  vehicleColor: {
    values: ATTRIBUTE_VOCABULARIES.vehicleColor,
    readAccuracy: 0.93,
    witnessAccuracy: 0.85,
    lookAlike: [
      ['white', 'silver', 'gray'],
      ['gray', 'black'],
      ['brown', 'red'],
      ['blue', 'green'],
      ['yellow', 'brown']
    ]
  },
  vehicleType: {
    values: ATTRIBUTE_VOCABULARIES.vehicleType,
    readAccuracy: 0.93,
    witnessAccuracy: 0.85,
    lookAlike: [
      ['suv', 'mpv'],
      ['sedan', 'suv'],
      ['mpv', 'van'],
      ['van', 'truck'],
      ['truck', 'bus']
    ]
  },
  vehicleBrand: {
    values: ATTRIBUTE_VOCABULARIES.vehicleBrand,
    readAccuracy: 0.95,
    witnessAccuracy: 0.85,
    lookAlike: []
  },
  plateColor: {
    values: ATTRIBUTE_VOCABULARIES.plateColor,
    readAccuracy: 0.97,
    witnessAccuracy: 0.9,
    lookAlike: [['blue', 'green']]
  }
}

/** Share of a wrong value's mass that goes to look-alikes of the true one. */
const LOOK_ALIKE_SHARE = 0.7

type Confusion = { index: Map<string, number>; matrix: Float64Array[] }

/** P(said = j | true = i) for an observer right `accuracy` of the time. */
function confusion(v: Vocabulary, accuracy: number): Confusion {
  const n = v.values.length
  const index = new Map(v.values.map((x, i) => [x, i]))
  const near = v.values.map(() => new Set<number>())
  for (const g of v.lookAlike)
    for (const a of g) for (const b of g) if (a !== b) near[index.get(a)!].add(index.get(b)!)
  const matrix = v.values.map((_, i) => {
    const row = new Float64Array(n)
    const k = near[i].size
    const far = n - 1 - k
    for (let j = 0; j < n; j++) {
      if (j === i) row[j] = accuracy
      else if (k === 0) row[j] = (1 - accuracy) / (n - 1)
      else if (near[i].has(j)) row[j] = ((1 - accuracy) * (far > 0 ? LOOK_ALIKE_SHARE : 1)) / k
      else row[j] = ((1 - accuracy) * (1 - LOOK_ALIKE_SHARE)) / far
    }
    return row
  })
  return { index, matrix }
}

const READ_CONFUSION = new Map<AttributeField, Confusion>()
const WITNESS_CONFUSION = new Map<AttributeField, Confusion>()
for (const [f, v] of Object.entries(VOCABULARIES) as [AttributeField, Vocabulary][]) {
  READ_CONFUSION.set(f, confusion(v, v.readAccuracy))
  WITNESS_CONFUSION.set(f, confusion(v, v.witnessAccuracy))
}

/** How often each value occurs among the reads: the prior of a vehicle's true value. */
export type AttributePriors = Map<AttributeField, Float64Array>

export function attributePriors(reads: readonly Sighting[]): AttributePriors {
  const out: AttributePriors = new Map()
  for (const [f, v] of Object.entries(VOCABULARIES) as [AttributeField, Vocabulary][]) {
    const idx = READ_CONFUSION.get(f)!.index
    // one pseudo-read per value: no value is impossible
    const counts = new Float64Array(v.values.length).fill(1)
    for (const s of reads) {
      const x = s[f]
      if (x != null) counts[idx.get(x) ?? 0]++
    }
    const sum = counts.reduce((a, b) => a + b, 0)
    out.set(
      f,
      counts.map((c) => c / sum)
    )
  }
  return out
}

/** P(true value | the vehicle's reads), from the prior and each read's classifier. */
export function attributePosterior(
  field: AttributeField,
  reads: readonly Sighting[],
  priors: AttributePriors
): Float64Array {
  const { index, matrix } = READ_CONFUSION.get(field)!
  const post = Float64Array.from(priors.get(field)!)
  for (const s of reads) {
    const x = s[field]
    if (x == null) continue
    const j = index.get(x)
    if (j === undefined) continue
    for (let i = 0; i < post.length; i++) post[i] *= matrix[i][j]
  }
  const sum = post.reduce((a, b) => a + b, 0)
  for (let i = 0; i < post.length; i++) post[i] /= sum
  return post
}

/** P(a witness says `value` | the vehicle's true value is distributed as `post`). */
function saysGiven(field: AttributeField, value: string, post: Float64Array): number {
  const { index, matrix } = WITNESS_CONFUSION.get(field)!
  const j = index.get(value)
  if (j === undefined) return 1
  let p = 0
  for (let i = 0; i < post.length; i++) p += post[i] * matrix[i][j]
  return p
}

const HINT_FIELDS: readonly ['color' | 'type' | 'brand', AttributeField][] = [
  ['color', 'vehicleColor'],
  ['type', 'vehicleType'],
  ['brand', 'vehicleBrand']
]

/** A witness's plate pattern: P(said | plate), by known characters the plate misses. */
function patternLikelihood(pattern: string, plate: string): number {
  const m = matchPattern(pattern, plate)
  if (!m) return 0.01
  const other = m.misses - m.lookAlikeMisses
  return Math.pow(0.2, m.lookAlikeMisses) * Math.pow(0.03, other)
}

/** Compass index (N, E, S, W) of a bearing, radians clockwise from north. */
export function compassOf(bearing: number): Heading {
  const deg = ((bearing * 180) / Math.PI + 360) % 360
  return HEADINGS[Math.floor(((deg + 45) % 360) / 90)]
}

const HEADING_ANGLE: Record<Heading, number> = { N: 0, E: 90, S: 180, W: 270 }

/**
 * P(a heading is said | the vehicle's bearing): right within 45°, sometimes
 * the neighbouring quarter (a diagonal road), rarely the opposite way.
 */
export function headingLikelihood(said: Heading, bearing: number, accuracy: number): number {
  const deg = ((bearing * 180) / Math.PI + 360) % 360
  let d = Math.abs(deg - HEADING_ANGLE[said]) % 360
  if (d > 180) d = 360 - d
  if (d <= 40) return accuracy
  if (d <= 50) return 0.5
  if (d <= 100) return (1 - accuracy) * 0.8
  return (1 - accuracy) * 0.2
}

/** Bearing (radians clockwise from north) at the end of each arc, and at its start. */
export type ArcBearings = { end: Float64Array; start: Float64Array }

const bearingCache = new WeakMap<RoadGraph, ArcBearings>()

export function arcBearings(graph: RoadGraph): ArcBearings {
  const cached = bearingCache.get(graph)
  if (cached) return cached
  const n = graph.arcFrom.length
  const end = new Float64Array(n)
  const start = new Float64Array(n)
  for (let a = 0; a < n; a++) {
    const link = graph.links[graph.arcLink[a]]
    const forward = graph.arcFrom[a] === link.a
    const xs = forward ? link.xs : [...link.xs].reverse()
    const ys = forward ? link.ys : [...link.ys].reverse()
    const k = xs.length - 1
    // the last and first 30 m or so: the heading a camera sees, not a kink's
    let i = k - 1
    while (i > 0 && Math.hypot(xs[k] - xs[i], ys[k] - ys[i]) < 30) i--
    end[a] = Math.atan2(xs[k] - xs[i], ys[k] - ys[i])
    let j = 1
    while (j < k && Math.hypot(xs[j] - xs[0], ys[j] - ys[0]) < 30) j++
    start[a] = Math.atan2(xs[j] - xs[0], ys[j] - ys[0])
  }
  const out = { end, start }
  bearingCache.set(graph, out)
  return out
}

/** A vehicle's reads and its way through the origin, as the hints are compared with. */
export type HintSubject = {
  plate: string
  reads: readonly Sighting[]
  /** bearing at the origin of the way it went, radians; null if unknown */
  bearing: number | null
}

export type HintWeighing = {
  /** P(hints | this vehicle), up to a constant shared by all vehicles */
  likelihood: number
  matches: LookupHintMatch[]
}

const WITNESS_HEADING_ACCURACY = 0.85

/**
 * Weighs one vehicle against the hints: the product of P(hint | its reads)
 * over the hints given, and a verdict per hint for the operator.
 */
export function weighHints(
  hints: LookupHints,
  subject: HintSubject,
  priors: AttributePriors
): HintWeighing {
  let likelihood = 1
  const matches: LookupHintMatch[] = []
  for (const [hint, field] of HINT_FIELDS) {
    const value = hints[hint]
    if (value === undefined) continue
    const post = attributePosterior(field, subject.reads, priors)
    likelihood *= saysGiven(field, value, post)
    const values = VOCABULARIES[field].values
    let best = 0
    for (let i = 1; i < post.length; i++) if (post[i] > post[best]) best = i
    const told = subject.reads.some((s) => s[field] != null)
    const pHint = post[values.indexOf(value)]
    matches.push({
      hint,
      verdict: !told ? 'unknown' : pHint >= 0.5 ? 'match' : pHint < 0.2 ? 'contradict' : 'unknown',
      ...(told ? { seen: values[best] } : {})
    })
  }
  if (hints.heading !== undefined) {
    if (subject.bearing === null) matches.push({ hint: 'heading', verdict: 'unknown' })
    else {
      const l = headingLikelihood(hints.heading, subject.bearing, WITNESS_HEADING_ACCURACY)
      likelihood *= l
      matches.push({
        hint: 'heading',
        verdict: l >= 0.5 ? 'match' : 'contradict',
        seen: compassOf(subject.bearing)
      })
    }
  }
  if (hints.plate !== undefined) {
    const l = patternLikelihood(hints.plate, subject.plate)
    likelihood *= l
    matches.push({
      hint: 'plate',
      verdict: l >= 1 ? 'match' : 'contradict',
      seen: subject.plate
    })
  }
  return { likelihood, matches }
}

/** The values of an attribute, in the order of its posteriors. */
export function attributeValues(field: AttributeField): readonly string[] {
  return VOCABULARIES[field].values
}

const READ_FIELDS: readonly AttributeField[] = [
  'vehicleColor',
  'vehicleType',
  'vehicleBrand',
  'plateColor'
]

/**
 * How much likelier a read's attributes are if it is one more read of the
 * vehicle behind `host` than of any vehicle: > 1 when they agree, well
 * below 1 when they disagree beyond a classifier's usual errors.
 */
export function readCompatibility(
  read: Sighting,
  host: readonly Sighting[],
  priors: AttributePriors
): number {
  let ratio = 1
  for (const field of READ_FIELDS) {
    const x = read[field]
    if (x == null || !host.some((s) => s[field] != null)) continue
    const { index, matrix } = READ_CONFUSION.get(field)!
    const j = index.get(x)
    if (j === undefined) continue
    const post = attributePosterior(field, host, priors)
    const prior = priors.get(field)!
    let pHost = 0
    let pAny = 0
    for (let i = 0; i < post.length; i++) {
      pHost += post[i] * matrix[i][j]
      pAny += prior[i] * matrix[i][j]
    }
    ratio *= pHost / pAny
  }
  return ratio
}
