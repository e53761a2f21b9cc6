import type { CameraFields } from '../../../shared/domain/camera'
import type { ImportRowError } from '../../../shared/domain/import'
import type { LngLat, Oneway, RoadFields } from '../../../shared/domain/road'
import { CAMERA_COLUMNS, FIELD_OF_COLUMN } from './camerasCsv'
import { decodeText } from './encoding'
import {
  ErrorList,
  hasControlChars,
  isLatitude,
  isLongitude,
  lookup,
  parseDecimal,
  showValue,
  type ImportErrorCode
} from './validate'

export type SkippedFeature = {
  /** 1-based feature index, as `line` in errors */
  index: number
  /** the feature's id when it had one */
  id: string | null
  reason: string
}

export type RoadsGeoJsonResult = {
  roads: RoadFields[]
  /** errors; `line` is the 1-based feature index, 0 for the file as a whole */
  errors: ImportRowError[]
  errorCount: number
  /** features that are not roads (points, polygons, no geometry): reported, not imported */
  skipped: SkippedFeature[]
  /** property names WatchRoom does not use, sorted */
  unknownProperties: string[]
  /** features in the collection */
  total: number
}

export type ParseRoadsOptions = { maxErrors?: number; maxSkipped?: number }

/** Speed when neither speed_kmh nor a usable maxspeed is given and the OSM class is unknown. */
export const DEFAULT_SPEED_KMH = 30
export const MAX_SPEED_KMH = 250
export const MAX_ROAD_NAME_LENGTH = 200

/** Default urban speed by OSM `highway` class, km/h (used when maxspeed is absent or symbolic). */
export const HIGHWAY_SPEED_KMH: Readonly<Record<string, number>> = {
  motorway: 100,
  motorway_link: 60,
  trunk: 80,
  trunk_link: 50,
  primary: 60,
  primary_link: 40,
  secondary: 50,
  secondary_link: 40,
  tertiary: 40,
  tertiary_link: 30,
  unclassified: 30,
  residential: 30,
  road: 30,
  living_street: 15,
  service: 20,
  track: 20
}

/** Symbolic maxspeed zones ("RU:urban", "DE:rural", …) by their suffix, km/h. */
const ZONE_SPEED_KMH: Readonly<Record<string, number>> = {
  urban: 50,
  rural: 90,
  trunk: 90,
  motorway: 110,
  living_street: 20,
  walk: 5,
  bicycle_road: 30
}

/** Properties read by the parser; all others are reported as unknown. */
const KNOWN_PROPERTIES = new Set([
  'id',
  '@id',
  'osm_id',
  'name',
  'name:zh',
  'name:zh-hans',
  'name:zh-Hans',
  'ref',
  'oneway',
  'speed_kmh',
  'maxspeed',
  'kind',
  'highway',
  'service',
  'junction',
  'other_tags',
  'tags'
])

type Props = Record<string, unknown>

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Parses roads.geojson: WatchRoom's own export, or an OpenStreetMap export
 * (overpass-turbo with `@id` and flat tags, osmtogeojson with nested `tags`,
 * or GDAL/QGIS with `osm_id` and an hstore `other_tags`). Non-line features
 * are skipped with a reason; bad lines are typed errors. Never throws.
 */
export function parseRoadsGeoJson(
  input: string | Uint8Array,
  opts: ParseRoadsOptions = {}
): RoadsGeoJsonResult {
  const errors = new ErrorList(opts.maxErrors)
  const maxSkipped = opts.maxSkipped ?? 1000
  const roads: RoadFields[] = []
  const skipped: SkippedFeature[] = []
  const unknown = new Set<string>()
  const result = (total: number): RoadsGeoJsonResult => ({
    roads,
    errors: errors.errors,
    errorCount: errors.count,
    skipped,
    unknownProperties: [...unknown].sort(),
    total
  })

  let text = typeof input === 'string' ? input : decodeText(input).text
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch (e) {
    errors.add(
      0,
      null,
      'invalid_json',
      `The file is not valid JSON: ${e instanceof Error ? e.message : String(e)}`
    )
    return result(0)
  }

  let features: unknown[]
  if (isObject(doc) && doc.type === 'FeatureCollection' && Array.isArray(doc.features)) {
    features = doc.features
  } else if (isObject(doc) && doc.type === 'Feature') {
    features = [doc]
  } else {
    const type = isObject(doc)
      ? showValue(doc.type)
      : Array.isArray(doc)
        ? 'an array'
        : showValue(doc)
    errors.add(0, null, 'invalid_geojson', `Expected a GeoJSON FeatureCollection, found ${type}`)
    return result(0)
  }

  // Explicit ids first, so generated ones never collide with a later explicit one.
  const explicitIds = new Set<string>()
  const prepared = features.map((f) => {
    if (!isObject(f)) return null
    const props = flattenProperties(f.properties)
    const id = featureId(f, props)
    if (id !== null) explicitIds.add(id)
    return { feature: f, props, id }
  })

  const firstIndexOfId = new Map<string, number>()
  prepared.forEach((p, i) => {
    const index = i + 1
    if (p === null) {
      errors.add(
        index,
        null,
        'invalid_feature',
        `Feature ${index} is ${showValue(features[i])}, not a GeoJSON Feature object`
      )
      return
    }
    const { feature, props } = p
    const skip = (reason: string): void => {
      if (skipped.length < maxSkipped) skipped.push({ index, id: p.id, reason })
    }
    if (feature.type !== 'Feature') {
      errors.add(
        index,
        null,
        'invalid_feature',
        `Feature ${index} has type ${showValue(feature.type)}, not "Feature"`
      )
      return
    }
    const geom = feature.geometry
    if (geom === null || geom === undefined) {
      skip('no geometry')
      return
    }
    if (!isObject(geom)) {
      errors.add(
        index,
        'geometry',
        'invalid_geometry',
        `Geometry ${showValue(geom)} is not a GeoJSON geometry object`
      )
      return
    }
    if (geom.type !== 'LineString' && geom.type !== 'MultiLineString') {
      skip(
        `${typeof geom.type === 'string' ? geom.type : showValue(geom.type)} geometry is not a road line`
      )
      return
    }
    const notRoad = nonRoadReason(props)
    if (notRoad !== null) {
      skip(notRoad)
      return
    }
    for (const key of Object.keys(props)) {
      if (!KNOWN_PROPERTIES.has(key)) unknown.add(key)
    }

    const before = errors.count
    const lines = readLines(geom.type, geom.coordinates, index, errors)

    let id = p.id
    if (id === null) {
      id = `R${index}`
      for (let k = 2; explicitIds.has(id); k++) id = `R${index}_${k}`
      explicitIds.add(id)
    }
    const firstIndex = firstIndexOfId.get(id)
    if (firstIndex !== undefined) {
      errors.add(
        index,
        'id',
        'duplicate_id',
        `Id ${showValue(id)} is already used by feature ${firstIndex}`
      )
    } else firstIndexOfId.set(id, index)
    plainText(id, 200, { index, field: 'id', code: 'invalid_value', label: 'Id' }, errors)

    const name = roadName(props, index, errors)
    const oneway = readOneway(props, index, errors)
    const speedKmh = readSpeed(props, index, errors)
    const kind = readKind(props, index, errors)

    if (
      errors.count !== before ||
      lines === null ||
      name === null ||
      oneway === null ||
      speedKmh === null
    )
      return
    roads.push({ externalId: id, name, oneway, speedKmh, kind, lines })
  })
  return result(features.length)
}

/** Merges OSM tag containers (osmtogeojson `tags`, GDAL `other_tags`) into one flat property bag. */
function flattenProperties(raw: unknown): Props {
  // null prototype: a "__proto__" key in the file stays an ordinary property
  const props = Object.create(null) as Props
  if (!isObject(raw)) return props
  if (isObject(raw.tags)) Object.assign(props, raw.tags)
  if (typeof raw.other_tags === 'string') Object.assign(props, parseHstore(raw.other_tags))
  for (const [k, v] of Object.entries(raw)) {
    if (k === 'tags' || k === 'other_tags') continue
    props[k] = v
  }
  return props
}

/** GDAL's OSM driver writes extra tags as `"k"=>"v","k2"=>"v2"`. */
function parseHstore(s: string): Props {
  const out = Object.create(null) as Props
  const re = /"((?:[^"\\]|\\.)*)"\s*=>\s*"((?:[^"\\]|\\.)*)"/g
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    out[m[1].replace(/\\(.)/g, '$1')] = m[2].replace(/\\(.)/g, '$1')
  }
  return out
}

/** OSM `highway` values that vehicles do not drive on; a route through them would be wrong. */
const NON_VEHICLE_HIGHWAYS = new Set([
  'footway',
  'path',
  'cycleway',
  'steps',
  'pedestrian',
  'bridleway',
  'corridor',
  'platform',
  'elevator',
  'proposed',
  'construction',
  'abandoned',
  'razed',
  'via_ferrata',
  'bus_stop'
])

/** OSM tags that classify a line as something other than a road (rivers, railways, fences, routes…). */
const NON_ROAD_TAGS = [
  'railway',
  'waterway',
  'barrier',
  'power',
  'natural',
  'building',
  'landuse',
  'boundary',
  'route',
  'amenity',
  'leisure',
  'man_made',
  'aeroway',
  'aerialway',
  'public_transport'
]

/**
 * Why an OSM line is not a road, or null. Lines without any OSM classifying
 * tag (WatchRoom's own format) are roads.
 */
function nonRoadReason(props: Props): string | null {
  const highway = props.highway
  if (typeof highway === 'string') {
    return NON_VEHICLE_HIGHWAYS.has(highway) ? `highway=${highway} is not for vehicles` : null
  }
  if (props.type === 'route' || props.type === 'multipolygon')
    return `an OSM ${String(props.type)} relation is not a road`
  for (const tag of NON_ROAD_TAGS) {
    const v = props[tag]
    if (typeof v === 'string') return `${tag}=${v} is not a road`
  }
  return null
}

function idString(v: unknown): string | null {
  if (typeof v === 'string') {
    const s = v.trim()
    return s.length > 0 ? s : null
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

function featureId(feature: Record<string, unknown>, props: Props): string | null {
  return (
    idString(props.id) ?? idString(feature.id) ?? idString(props['@id']) ?? idString(props.osm_id)
  )
}

function readLines(
  type: 'LineString' | 'MultiLineString',
  coords: unknown,
  index: number,
  errors: ErrorList
): LngLat[][] | null {
  const bad = (why: string): null => {
    errors.add(index, 'geometry', 'invalid_geometry', `${type} ${why}`)
    return null
  }
  if (!Array.isArray(coords)) return bad(`coordinates ${showValue(coords)} are not an array`)
  const parts: unknown[] = type === 'LineString' ? [coords] : coords
  if (parts.length === 0) return bad('has no lines')
  const lines: LngLat[][] = []
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]
    const where = type === 'MultiLineString' ? ` (line ${p + 1})` : ''
    if (!Array.isArray(part))
      return bad(`line ${p + 1} is ${showValue(part)}, not an array of positions`)
    if (part.length < 2) return bad(`needs at least 2 positions${where}, has ${part.length}`)
    const line: LngLat[] = []
    for (let k = 0; k < part.length; k++) {
      const pos: unknown = part[k]
      if (
        !Array.isArray(pos) ||
        pos.length < 2 ||
        typeof pos[0] !== 'number' ||
        typeof pos[1] !== 'number'
      ) {
        return bad(`position ${k + 1}${where} is ${showValue(pos)}, not [lng, lat]`)
      }
      const lng = pos[0] === 0 ? 0 : pos[0]
      const lat = pos[1] === 0 ? 0 : pos[1]
      if (!isLongitude(lng) || !isLatitude(lat)) {
        errors.add(
          index,
          'geometry',
          'out_of_range',
          `Position ${k + 1}${where} [${lng}, ${lat}] is outside lng -180..180 / lat -90..90 (GeoJSON order is [lng, lat])`
        )
        return null
      }
      line.push([lng, lat])
    }
    lines.push(line)
  }
  return lines
}

function textProp(props: Props, key: string): string | null {
  const v = props[key]
  if (typeof v === 'string') {
    const s = v.trim()
    return s.length > 0 ? s : null
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v)
  return null
}

function roadName(props: Props, index: number, errors: ErrorList): string | null {
  const name =
    textProp(props, 'name') ??
    textProp(props, 'name:zh') ??
    textProp(props, 'name:zh-Hans') ??
    textProp(props, 'name:zh-hans') ??
    textProp(props, 'ref') ??
    textProp(props, 'highway')
  if (name === null) {
    if (props.name !== undefined && props.name !== null && typeof props.name !== 'string') {
      errors.add(index, 'name', 'invalid_value', `Name ${showValue(props.name)} is not text`)
    } else {
      errors.add(
        index,
        'name',
        'required',
        'The road has no name (nor an OSM ref or highway type to name it by)'
      )
    }
    return null
  }
  if (name.length > MAX_ROAD_NAME_LENGTH) {
    errors.add(
      index,
      'name',
      'too_long',
      `Name ${showValue(name)} is ${name.length} characters; at most ${MAX_ROAD_NAME_LENGTH}`
    )
    return null
  }
  if (hasControlChars(name)) {
    errors.add(index, 'name', 'invalid_text', `Name ${showValue(name)} contains control characters`)
    return null
  }
  return name
}

const ONEWAY_WORDS: Readonly<Record<string, Oneway>> = {
  yes: 'forward',
  true: 'forward',
  '1': 'forward',
  forward: 'forward',
  no: 'no',
  false: 'no',
  '0': 'no',
  // Time-dependent directions: both are possible, and a lookup must not miss a route.
  reversible: 'no',
  alternating: 'no',
  '-1': 'backward',
  reverse: 'backward',
  backward: 'backward'
}

/** oneway from a boolean, a number 1/0/-1, or an OSM word; implied by roundabouts and motorways when absent. */
function readOneway(props: Props, index: number, errors: ErrorList): Oneway | null {
  const v = props.oneway
  if (v === undefined || v === null || v === '') {
    const junction = textProp(props, 'junction')
    if (junction === 'roundabout' || junction === 'circular') return 'forward'
    if (textProp(props, 'highway') === 'motorway') return 'forward'
    return 'no'
  }
  if (typeof v === 'boolean') return v ? 'forward' : 'no'
  const key =
    typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim().toLowerCase() : null
  const w = key === null ? undefined : lookup(ONEWAY_WORDS, key)
  if (w === undefined) {
    errors.add(
      index,
      'oneway',
      'invalid_oneway',
      `oneway ${showValue(v)} is not true/false, yes/no, 1/0 or -1`
    )
    return null
  }
  return w
}

/**
 * speed_kmh (WatchRoom's own, strict) or OSM maxspeed (lenient: "50",
 * "30 mph", "50 km/h", "50;30" → the highest, "RU:urban" → zone default;
 * anything else → the highway class default).
 */
function readSpeed(props: Props, index: number, errors: ErrorList): number | null {
  const own = props.speed_kmh
  if (own !== undefined && own !== null && own !== '') {
    const n = typeof own === 'number' ? own : typeof own === 'string' ? parseDecimal(own) : null
    if (n === null || !Number.isFinite(n)) {
      errors.add(
        index,
        'speed_kmh',
        'invalid_number',
        `speed_kmh ${showValue(own)} is not a number`
      )
      return null
    }
    if (!(n > 0 && n <= MAX_SPEED_KMH)) {
      errors.add(
        index,
        'speed_kmh',
        'out_of_range',
        `speed_kmh ${n} is outside 0 (exclusive)..${MAX_SPEED_KMH}`
      )
      return null
    }
    return n
  }
  const fromMax = parseMaxspeed(props.maxspeed)
  if (fromMax !== null) return fromMax
  const highway = textProp(props, 'highway')
  return (highway !== null ? lookup(HIGHWAY_SPEED_KMH, highway) : undefined) ?? DEFAULT_SPEED_KMH
}

/** An OSM maxspeed value in km/h, or null when it is absent or symbolic without a known zone. */
export function parseMaxspeed(v: unknown): number | null {
  if (typeof v === 'number') return v > 0 && v <= MAX_SPEED_KMH ? v : null
  if (typeof v !== 'string') return null
  let best: number | null = null
  for (const part of v.split(';')) {
    const s = part.trim().toLowerCase()
    let kmh: number | null = null
    const m = /^(\d+(?:\.\d+)?)\s*(mph|km\/h|kmh|kph|knots)?$/.exec(s)
    if (m !== null) {
      const n = Number(m[1])
      kmh = m[2] === 'mph' ? n * 1.609344 : m[2] === 'knots' ? n * 1.852 : n
      kmh = Math.round(kmh * 10) / 10
    } else {
      const zone = /^[a-z]{2}:(?:zone:?)?(\d+)$/.exec(s)
      if (zone !== null) kmh = Number(zone[1])
      else {
        const sym = /^(?:[a-z]{2}:)?([a-z_]+)$/.exec(s)
        if (sym !== null) kmh = lookup(ZONE_SPEED_KMH, sym[1]) ?? null
      }
    }
    if (kmh !== null && kmh > 0 && kmh <= MAX_SPEED_KMH && (best === null || kmh > best)) best = kmh
  }
  return best
}

/** Whether `s` fits in `max` characters without control characters; the feature's error says so if not. */
function plainText(
  s: string,
  max: number,
  at: { index: number; field: string; code: ImportErrorCode; label: string },
  errors: ErrorList
): boolean {
  if (s.length <= max && !hasControlChars(s)) return true
  errors.add(
    at.index,
    at.field,
    at.code,
    `${at.label} ${showValue(s)} is too long or contains control characters`
  )
  return false
}

/** WatchRoom's `kind`, or for OSM data `parking` for car-park service ways and `road` for other highways. */
function readKind(props: Props, index: number, errors: ErrorList): string | null {
  const v = props.kind
  if (v !== undefined && v !== null) {
    if (typeof v !== 'string') {
      errors.add(index, 'kind', 'invalid_value', `kind ${showValue(v)} is not text`)
      return null
    }
    const s = v.trim()
    if (!plainText(s, 50, { index, field: 'kind', code: 'invalid_text', label: 'kind' }, errors))
      return null
    return s.length > 0 ? s : null
  }
  const highway = textProp(props, 'highway')
  if (highway === null) return null
  const service = textProp(props, 'service')
  if (highway === 'service' && (service === 'parking_aisle' || service === 'parking'))
    return 'parking'
  return 'road'
}

function onewayToJson(o: Oneway): boolean | string {
  return o === 'no' ? false : o === 'forward' ? true : '-1'
}

/**
 * Writes roads as a GeoJSON FeatureCollection that {@link parseRoadsGeoJson}
 * reads back unchanged: `oneway` is true/false, or "-1" (OSM's spelling)
 * for travel against the vertex order; one line → LineString, more →
 * MultiLineString.
 */
export function serializeRoadsGeoJson(roads: readonly RoadFields[]): string {
  const features = roads.map((r) => {
    const properties: Record<string, unknown> = {
      id: r.externalId,
      name: r.name,
      oneway: onewayToJson(r.oneway),
      speed_kmh: r.speedKmh
    }
    if (r.kind !== null) properties.kind = r.kind
    const geometry =
      r.lines.length === 1
        ? { type: 'LineString', coordinates: r.lines[0] }
        : { type: 'MultiLineString', coordinates: r.lines }
    return { type: 'Feature', id: r.externalId, properties, geometry }
  })
  return featureCollection(features)
}

/** The cameras.csv columns a Point feature carries as properties; lat and lng are its geometry. */
const POINT_COLUMNS = CAMERA_COLUMNS.filter((col) => col !== 'lat' && col !== 'lng')

/** Writes cameras as GeoJSON Point features (for GIS tools); properties use the CSV column names. */
export function serializeCamerasGeoJson(cameras: readonly CameraFields[]): string {
  const features = cameras.map((c) => ({
    type: 'Feature',
    id: c.code,
    properties: Object.fromEntries(POINT_COLUMNS.map((col) => [col, c[FIELD_OF_COLUMN[col]]])),
    geometry: { type: 'Point', coordinates: [c.lng, c.lat] }
  }))
  return featureCollection(features)
}

// One feature per line: diffable, and readable without a GeoJSON viewer.
function featureCollection(features: readonly unknown[]): string {
  if (features.length === 0) return '{"type":"FeatureCollection","features":[]}\n'
  return `{"type":"FeatureCollection","features":[\n${features.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`
}
