/**
 * Travel-time bounds along a route, from its limit time `lt` (seconds at
 * exactly the speed limit) and the number of junctions `j` it crosses.
 *
 * - fastest: drivers who flee do up to ~1.35x the limit; a few seconds of
 *   slack cover the size of junctions (a camera reads anywhere across one)
 *   and read-time jitter;
 * - slowest: below the limit (starts, turns, traffic) plus waiting at
 *   signals: up to a full red at the first junction and a shorter wait at
 *   each further one (a vehicle that waited is released into a platoon that
 *   mostly meets green).
 */
export type TravelModel = {
  /** top speed as a multiple of the limit */
  fastFactor: number
  /** seconds subtracted from the fastest time (junction size, jitter) */
  minSlackS: number
  /** slowest moving time as a multiple of limit time */
  slowFactor: number
  /** longest wait at the first junction crossed, seconds */
  waitFirstS: number
  /** longest additional wait at each further junction, seconds */
  waitNextS: number
  /** share of legs driven without any signal wait */
  noWaitShare: number
  /** ANPR read miss rate */
  missRate: number
}

export const DEFAULT_TRAVEL_MODEL: TravelModel = {
  fastFactor: 1.4,
  minSlackS: 3,
  slowFactor: 1.3,
  waitFirstS: 75,
  waitNextS: 20,
  noWaitShare: 0.6,
  missRate: 0.08
}

export function minTravelS(m: TravelModel, lt: number): number {
  return Math.max(0, lt / m.fastFactor - m.minSlackS)
}

export function maxTravelS(m: TravelModel, lt: number, junctions: number): number {
  const waits = junctions > 0 ? m.waitFirstS + (junctions - 1) * m.waitNextS : 0
  return lt * m.slowFactor + m.minSlackS + waits
}

/** Upper end of an unhindered drive (no signal wait). */
export function freeMaxS(m: TravelModel, lt: number): number {
  return lt * m.slowFactor + m.minSlackS
}

/**
 * Probability that a leg of limit time lt over j junctions takes between a
 * and b seconds: a mixture of an unhindered drive (uniform between the
 * fastest and the slowest moving time) and a drive with waits (uniform up to
 * the slowest time with waits).
 */
export function travelProb(
  m: TravelModel,
  lt: number,
  junctions: number,
  a: number,
  b: number
): number {
  const lo = minTravelS(m, lt)
  const hiFree = freeMaxS(m, lt)
  const hiWait = maxTravelS(m, lt, junctions)
  const part = (x0: number, x1: number): number => {
    const w = x1 - x0
    if (w <= 1e-9) return a <= x0 && x0 <= b ? 1 : 0
    return Math.max(0, Math.min(b, x1) - Math.max(a, x0)) / w
  }
  if (hiWait <= hiFree + 1e-9) return part(lo, hiFree)
  return m.noWaitShare * part(lo, hiFree) + (1 - m.noWaitShare) * part(lo, hiWait)
}

/**
 * E[g(T)] for the leg time T of travelProb's mixture (limit time lt, j
 * junctions): g weighed over the unhindered and the waiting drive by a
 * midpoint rule. travelProb is this with g the indicator of [a, b].
 */
export function travelExpect(
  m: TravelModel,
  lt: number,
  junctions: number,
  g: (s: number) => number,
  steps = 16
): number {
  const lo = minTravelS(m, lt)
  const hiFree = freeMaxS(m, lt)
  const hiWait = maxTravelS(m, lt, junctions)
  const mean = (x0: number, x1: number): number => {
    if (x1 - x0 <= 1e-9) return g(x0)
    let s = 0
    for (let i = 0; i < steps; i++) s += g(x0 + ((i + 0.5) * (x1 - x0)) / steps)
    return s / steps
  }
  if (hiWait <= hiFree + 1e-9) return mean(lo, hiFree)
  return m.noWaitShare * mean(lo, hiFree) + (1 - m.noWaitShare) * mean(lo, hiWait)
}
