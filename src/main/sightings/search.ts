import type { ReadableDb } from '../db/database'
import type { Camera } from '../../shared/domain/camera'
import type {
  Heading,
  Sighting,
  VehicleBrand,
  VehicleColor,
  VehicleType
} from '../../shared/domain/sighting'
import { sightingAttributes } from '../../shared/domain/sighting'
import type { TrailPoint } from '../../shared/lookup/types'
import type { VehicleSearchResult } from '../../shared/ipc/contracts/lookup'
import { attributePosterior, attributePriors, attributeValues } from '../lookup/engine/attributes'
import type { AttributeField } from '../lookup/engine/attributes'
import { isLookAlike, matchPattern, matchPlates, wildcardHashes } from '../lookup/engine/plates'
import { prepareSightingReads } from './repository'
import type { SightingReads } from './repository'

export type VehicleSearchQuery = {
  plate?: string
  color?: VehicleColor
  type?: VehicleType
  brand?: VehicleBrand
  heading?: Heading
  cameraCodes?: string[]
  /** [lng, lat] polygon */
  area?: [number, number][]
  fromMs: number
  toMs: number
  limit: number
}

/** Rows read at most for one search; beyond, the answer says it is truncated. */
export const MAX_ROWS = 2_000_000

/** What the search needs of the registry: areas resolve to cameras, "everywhere" is every camera. */
export type SearchCamera = Pick<Camera, 'code' | 'name' | 'lat' | 'lng' | 'archived'>

function insidePolygon(lng: number, lat: number, poly: readonly [number, number][]): boolean {
  let inside = false
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]
    const [xj, yj] = poly[j]
    if (yi > lat !== yj > lat && lng < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/**
 * A read fits the pattern when every known character is there, or all but
 * one and that one a look-alike (a misread, as the lookup allows).
 */
function plateFit(pattern: string | undefined, plate: string): number {
  if (pattern === undefined) return 1
  const m = matchPattern(pattern, plate)
  if (!m) return 0
  if (m.misses === 0) return 1
  if (m.misses === 1 && m.lookAlikeMisses === 1) return 0.3
  return 0
}

/** Prefixes to scan the plate index with: the known head of the pattern and its look-alike misreads. */
export function patternPrefixes(pattern: string): string[] {
  const head = [...pattern.slice(0, Math.max(0, pattern.indexOf('?')) || pattern.length)]
  if (head.length < 2) return []
  const out = [head.join('')]
  head.forEach((c, i) => {
    for (const d of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ')
      if (d !== c && isLookAlike(c, d))
        out.push([...head.slice(0, i), d, ...head.slice(i + 1)].join(''))
  })
  return out
}

const ATTRIBUTE_HINTS: readonly ['color' | 'type' | 'brand', AttributeField][] = [
  ['color', 'vehicleColor'],
  ['type', 'vehicleType'],
  ['brand', 'vehicleBrand']
]

/** Which pass records a search reads, in the order its ranking takes them. */
export type SearchScan =
  /** camera by camera in this order, each by time then file order */
  | { by: 'cameras'; codes: string[] }
  /** prefix by prefix in this order, each by plate (byte order), time, file order */
  | { by: 'platePrefixes'; prefixes: string[] }
  /** reads of this body colour by time then file order */
  | { by: 'color'; color: VehicleColor }

/**
 * What a search reads, the same on every backend: the cameras asked for (or
 * an area's), else the plate pattern's prefixes, else the colour, else every
 * camera; over the period widened by the largest clock error (the period is
 * in true time). At most MAX_ROWS + 1 reads are taken, to tell a full answer
 * from a cut one.
 */
export function planVehicleSearch(
  /** the registry, archived cameras included */
  registry: readonly SearchCamera[],
  q: VehicleSearchQuery,
  clockOffsets: ReadonlyMap<string, number>
): { scan: SearchScan; fromMs: number; toMs: number } {
  let cameras: string[] | null = q.cameraCodes ? [...new Set(q.cameraCodes)] : null
  if (q.area) {
    const inArea = registry
      .filter((c) => !c.archived && insidePolygon(c.lng, c.lat, q.area!))
      .map((c) => c.code)
    cameras = cameras ? cameras.filter((c) => inArea.includes(c)) : inArea
  }
  let pad = 0
  for (const v of clockOffsets.values()) pad = Math.max(pad, Math.abs(v))
  const period = { fromMs: q.fromMs - pad, toMs: q.toMs + pad }
  const prefixes = q.plate ? patternPrefixes(q.plate) : []
  if (cameras !== null) return { scan: { by: 'cameras', codes: cameras }, ...period }
  if (prefixes.length > 0) return { scan: { by: 'platePrefixes', prefixes }, ...period }
  if (q.color) return { scan: { by: 'color', color: q.color }, ...period }
  return { scan: { by: 'cameras', codes: [...new Set(registry.map((c) => c.code))] }, ...period }
}

const readsOf = new WeakMap<ReadableDb, SightingReads>()

/** Vehicle search on the room's file: the planned scan with prepared statements, then the ranking. */
export function searchVehicles(
  db: ReadableDb,
  /** the registry, archived cameras included */
  registry: readonly SearchCamera[],
  q: VehicleSearchQuery,
  clockOffsets: ReadonlyMap<string, number>
): VehicleSearchResult {
  let reads = readsOf.get(db)
  if (!reads) {
    reads = prepareSightingReads(db)
    readsOf.set(db, reads)
  }
  const r = reads
  const { scan, fromMs: from, toMs: to } = planVehicleSearch(registry, q, clockOffsets)
  const limit = MAX_ROWS + 1
  let got: Sighting[]
  if (scan.by === 'cameras') got = r.atCameras(scan.codes, from, to, limit)
  else if (scan.by === 'color') got = r.ofColor(scan.color, from, to, limit)
  else {
    got = []
    for (const p of scan.prefixes) {
      for (const s of r.withPlatePrefix(p, from, to, limit)) got.push(s)
      if (got.length > MAX_ROWS) break
    }
  }
  return rankVehicles(q, got, clockOffsets)
}

/**
 * Vehicle search (以车搜车): pass records in a period matching a plate
 * pattern, attributes, a heading, cameras or an area, grouped by vehicle (a
 * single misread is merged into the plate it is one look-alike from), best
 * first. Attributes are weighed, not matched read by read: a vehicle is kept
 * when one of its reads carries the value asked for, and ranked by how likely
 * its reads make that value (a silver car read once as gray still comes up
 * for gray, below the gray ones). `scanned` are the planned scan's reads in
 * its order; beyond MAX_ROWS the answer says it is cut.
 */
export function rankVehicles(
  q: VehicleSearchQuery,
  scanned: readonly Sighting[],
  clockOffsets: ReadonlyMap<string, number>
): VehicleSearchResult {
  const cut = scanned.length > MAX_ROWS
  const rows: { s: Sighting; trueTs: number; fit: number }[] = []
  for (let i = 0; i < Math.min(scanned.length, MAX_ROWS); i++) {
    const s = scanned[i]
    const trueTs = s.ts - (clockOffsets.get(s.cameraCode) ?? 0)
    if (trueTs < q.fromMs || trueTs > q.toMs) continue
    if (q.heading && s.direction !== null && s.direction !== q.heading) continue
    const fit = plateFit(q.plate, s.plate)
    if (fit === 0) continue
    rows.push({ s, trueTs, fit })
  }

  // group by plate; a lone read one look-alike away from a larger group is its misread
  const groups = new Map<string, typeof rows>()
  for (const r of rows) {
    const g = groups.get(r.s.plate)
    if (g) g.push(r)
    else groups.set(r.s.plate, [r])
  }
  const byHash = new Map<number, string[]>()
  for (const p of groups.keys())
    for (const h of wildcardHashes(p)) byHash.set(h, [...(byHash.get(h) ?? []), p])
  const hostOf = new Map<string, string>()
  for (const [p, g] of groups) {
    if (g.length !== 1) continue
    let host: string | null = null
    for (const h of wildcardHashes(p))
      for (const o of byHash.get(h) ?? []) {
        if (o === p || (groups.get(o)?.length ?? 0) < 2) continue
        if (
          matchPlates(o, p)?.lookAlike &&
          (!host || groups.get(o)!.length > groups.get(host)!.length)
        )
          host = o
      }
    if (host) hostOf.set(p, host)
  }
  for (const [p, host] of hostOf) {
    groups.get(host)!.push(...groups.get(p)!)
    groups.delete(p)
  }

  const priors = attributePriors(rows.map((r) => r.s))
  const vehicles: { plate: string; score: number; fit: number; points: TrailPoint[] }[] = []
  for (const [plate, g] of groups) {
    const reads = g.map((r) => r.s)
    let score = 1
    let kept = true
    for (const [hint, field] of ATTRIBUTE_HINTS) {
      const value = q[hint]
      if (value === undefined) continue
      if (!reads.some((s) => s[field] === value)) {
        kept = false
        break
      }
      const post = attributePosterior(field, reads, priors)
      const values = attributeValues(field)
      score *= post[values.indexOf(value)]
    }
    if (!kept) continue
    if (q.heading && !reads.some((s) => s.direction === q.heading)) continue
    const fit = Math.max(...g.filter((r) => r.s.plate === plate).map((r) => r.fit), 0)
    g.sort((a, b) => a.trueTs - b.trueTs)
    vehicles.push({
      plate,
      score,
      fit,
      points: g.map((r) => {
        const m = r.s.plate === plate ? null : matchPlates(plate, r.s.plate)
        return {
          cameraCode: r.s.cameraCode,
          ts: r.s.ts,
          trueTs: r.trueTs,
          plate: r.s.plate,
          confidence: r.s.confidence,
          ...sightingAttributes(r.s),
          fuzzy: m !== null,
          lookAlike: m?.lookAlike ?? false
        }
      })
    })
  }
  vehicles.sort(
    (a, b) =>
      b.fit - a.fit ||
      b.score - a.score ||
      b.points.length - a.points.length ||
      (a.plate < b.plate ? -1 : a.plate > b.plate ? 1 : 0)
  )
  return {
    vehicles: vehicles.slice(0, q.limit).map((v) => ({ plate: v.plate, sightings: v.points })),
    total: vehicles.length,
    truncated: cut || vehicles.length > q.limit
  }
}
