/**
 * Minimal reader of a hit-and-run dataset directory (cameras.csv,
 * roads.geojson, sightings.csv, queries.jsonl, meta.json) into the domain
 * types, for the bench scripts and the fixture tests. The production
 * importers (validation, error reporting, encodings) live elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { join } from 'node:path'
import Papa from 'papaparse'
import type { CameraFields } from '../../../../../src/shared/domain/camera'
import type { LngLat, Oneway, RoadFields } from '../../../../../src/shared/domain/road'
import type { Sighting } from '../../../../../src/shared/domain/sighting'
import type { LookupHints } from '../../../../../src/shared/lookup/types'
import { SightingsCsvParser } from '../../../../../src/main/sightings/parser'

export type BenchCamera = Pick<
  CameraFields,
  'code' | 'name' | 'lat' | 'lng' | 'anpr' | 'headingDeg'
>

export type BenchQuery = {
  id: string
  kind: string
  lat: number
  lng: number
  fromMs: number
  toMs: number
  hints: LookupHints
  from: string
  to: string
  truth: {
    plate: string
    incidentMs: number
    passes: { cameraCode: string; ts: number }[]
    /** the vehicle's true attributes (vehicle_color, vehicle_type, …) */
    vehicle: Record<string, string>
  }
}

export type Dataset = {
  cameras: BenchCamera[]
  roads: RoadFields[]
  sightings: Sighting[]
  queries: BenchQuery[]
  meta: { noise_truth?: { clock_offset_s?: Record<string, number> } } & Record<string, unknown>
}

function parseCsv(text: string): Record<string, string>[] {
  const res = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true
  })
  return res.data
}

export function parseIso(s: string): number {
  const t = Date.parse(s)
  if (!Number.isFinite(t)) throw new Error(`bad time ${s}`)
  return t
}

function onewayOf(v: unknown): Oneway {
  if (v === true || v === 'yes' || v === 'true' || v === '1' || v === 1) return 'forward'
  if (v === '-1' || v === -1 || v === 'reverse') return 'backward'
  return 'no'
}

type GeoFeature = {
  id?: string | number
  properties: Record<string, unknown> | null
  geometry: { type: string; coordinates: unknown } | null
}

export function parseRoads(text: string): RoadFields[] {
  const fc = JSON.parse(text) as { features: GeoFeature[] }
  const roads: RoadFields[] = []
  fc.features.forEach((f, i) => {
    const p = f.properties ?? {}
    if (!f.geometry) return
    const lines: LngLat[][] =
      f.geometry.type === 'LineString'
        ? [f.geometry.coordinates as LngLat[]]
        : f.geometry.type === 'MultiLineString'
          ? (f.geometry.coordinates as LngLat[][])
          : []
    if (lines.length === 0) return
    const speed = Number(p.speed_kmh ?? p.maxspeed ?? 30)
    roads.push({
      externalId:
        typeof p.id === 'string' || typeof p.id === 'number'
          ? String(p.id)
          : f.id !== undefined
            ? String(f.id)
            : `F${i + 1}`,
      name: typeof p.name === 'string' ? p.name : '',
      oneway: onewayOf(p.oneway),
      speedKmh: Number.isFinite(speed) && speed > 0 ? speed : 30,
      kind: typeof p.kind === 'string' ? p.kind : null,
      lines: lines.map((l) => l.map(([lng, lat]) => [lng, lat] as LngLat))
    })
  })
  return roads
}

export function parseCameras(text: string): BenchCamera[] {
  return parseCsv(text).map((r) => ({
    code: r.code,
    name: r.name ?? r.code,
    lat: Number(r.lat),
    lng: Number(r.lng),
    headingDeg: r.heading_deg ? Number(r.heading_deg) : null,
    anpr: r.anpr === '1' || r.anpr === 'true'
  }))
}

/** Through the production parser, so attributes and their vocabularies are read the same way. */
export function parseSightings(text: string): Sighting[] {
  const parser = new SightingsCsvParser({ batchSize: 1 << 20, timeZone: 'Asia/Shanghai' })
  parser.push(text)
  parser.end()
  if (parser.errorList.count > 0)
    throw new Error(`bad sightings: ${JSON.stringify(parser.errorList.errors.slice(0, 3))}`)
  return parser.ready.flat()
}

type RawQuery = {
  id: string
  kind: string
  lat: number
  lng: number
  from: string
  to: string
  hints?: LookupHints
  truth: {
    plate: string
    incident_ts: string
    passes: { camera_code: string; ts: string }[]
    vehicle?: Record<string, string>
  }
}

export function parseQueries(text: string): BenchQuery[] {
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const q = JSON.parse(l) as RawQuery
      return {
        id: q.id,
        kind: q.kind,
        lat: Number(q.lat),
        lng: Number(q.lng),
        from: q.from,
        to: q.to,
        fromMs: parseIso(q.from),
        toMs: parseIso(q.to),
        hints: q.hints ?? {},
        truth: {
          plate: q.truth.plate,
          incidentMs: parseIso(q.truth.incident_ts),
          vehicle: q.truth.vehicle ?? {},
          passes: q.truth.passes.map((p) => ({ cameraCode: p.camera_code, ts: parseIso(p.ts) }))
        }
      }
    })
}

export function loadDataset(dir: string): Dataset {
  const read = (f: string): string => readFileSync(join(dir, f), 'utf8')
  const sightText = existsSync(join(dir, 'sightings.csv'))
    ? read('sightings.csv')
    : gunzipSync(readFileSync(join(dir, 'sightings.csv.gz'))).toString('utf8')
  return {
    cameras: parseCameras(read('cameras.csv')),
    roads: parseRoads(read('roads.geojson')),
    sightings: parseSightings(sightText),
    queries: existsSync(join(dir, 'queries.jsonl')) ? parseQueries(read('queries.jsonl')) : [],
    meta: existsSync(join(dir, 'meta.json'))
      ? (JSON.parse(read('meta.json')) as Dataset['meta'])
      : {}
  }
}
