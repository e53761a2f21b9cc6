import type { ReadableDb, WritableDb } from '../db/database'
import type { Sql } from '../db/sql'
import {
  HEADINGS,
  PLATE_COLORS,
  VEHICLE_BRANDS,
  VEHICLE_COLORS,
  VEHICLE_TYPES
} from '../../shared/domain/sighting'
import type {
  Heading,
  PlateColor,
  Sighting,
  SightingAttributes,
  VehicleBrand,
  VehicleColor,
  VehicleType
} from '../../shared/domain/sighting'

/** A read with its attributes as words (PostgreSQL keeps them so). */
export type SightingRow = {
  camera_code: string
  ts: number
  plate: string
  confidence: number | null
  direction: string | null
  plate_color: string | null
  vehicle_color: string | null
  vehicle_type: string | null
  vehicle_brand: string | null
}

/** Values were checked against the vocabularies on the way in (parser, API). */
export const toSighting = (r: SightingRow): Sighting => ({
  cameraCode: r.camera_code,
  ts: r.ts,
  plate: r.plate,
  confidence: r.confidence,
  direction: r.direction as Heading | null,
  plateColor: r.plate_color as PlateColor | null,
  vehicleColor: r.vehicle_color as VehicleColor | null,
  vehicleType: r.vehicle_type as VehicleType | null,
  vehicleBrand: r.vehicle_brand as VehicleBrand | null
})

// ---------------------------------------------------------------------------
// Attribute codes (migration 0012): a word is stored as its position from 1 in
// its vocabulary, NULL when the camera could not tell. The vocabularies only
// ever grow at their end, so a stored code keeps its word.

const CODED: readonly (readonly [keyof SightingAttributes, string, readonly string[]])[] = [
  ['direction', 'direction', HEADINGS],
  ['plateColor', 'plate_color', PLATE_COLORS],
  ['vehicleColor', 'vehicle_color', VEHICLE_COLORS],
  ['vehicleType', 'vehicle_type', VEHICLE_TYPES],
  ['vehicleBrand', 'vehicle_brand', VEHICLE_BRANDS]
]
const CODE_OF = CODED.map(([, , words]) => new Map(words.map((w, i) => [w, i + 1])))
/** word by code; code 0 (not told) is null */
const WORD_OF = CODED.map(([, , words]) => [null, ...words])
/** bits per field when the five codes are read back as one integer */
const BITS = 6
const MASK = (1 << BITS) - 1

/** The stored code of an attribute word (null: not told or not a word of the field). */
export function attributeCode(field: keyof SightingAttributes, word: string): number | null {
  return CODE_OF[CODED.findIndex(([f]) => f === field)].get(word) ?? null
}

// The five codes come back as one integer: a lookup reads thousands of rows,
// and one number per row costs less than five.
const PACKED = CODED.map(([, column], i) => `(ifnull(s.${column}, 0) << ${i * BITS})`).join(' | ')

function decode(
  cameraCode: string,
  ts: number,
  plate: string,
  confidence: number | null,
  a: number
): Sighting {
  return {
    cameraCode,
    ts,
    plate,
    confidence,
    direction: WORD_OF[0][a & MASK] as Heading | null,
    plateColor: WORD_OF[1][(a >> BITS) & MASK] as PlateColor | null,
    vehicleColor: WORD_OF[2][(a >> (2 * BITS)) & MASK] as VehicleColor | null,
    vehicleType: WORD_OF[3][(a >> (3 * BITS)) & MASK] as VehicleType | null,
    vehicleBrand: WORD_OF[4][(a >> (4 * BITS)) & MASK] as VehicleBrand | null
  }
}

/** The reads of the lookup, the trail and the vehicle search, statements prepared once. */
export type SightingReads = {
  /**
   * Reads at these cameras with ts in [fromMs, toMs]: camera by camera in the
   * order given (duplicates dropped), each by time then file order; at most
   * `limit` rows.
   */
  atCameras(codes: readonly string[], fromMs: number, toMs: number, limit?: number): Sighting[]
  /** Reads of exactly these plates, ordered as atCameras orders cameras. */
  ofPlates(plates: readonly string[], fromMs: number, toMs: number): Sighting[]
  /** Reads whose plate starts with `prefix`, by plate then time. */
  withPlatePrefix(prefix: string, fromMs: number, toMs: number, limit?: number): Sighting[]
  /** Reads the camera classified as this body colour, by time. */
  ofColor(color: VehicleColor, fromMs: number, toMs: number, limit?: number): Sighting[]
}

/** raw rows: [key index or camera code, ts, plate or camera code, confidence, packed codes] */
type RawRead = [number | string, number, string, number | null, number]

export function prepareSightingReads(db: ReadableDb): SightingReads {
  // CROSS JOIN keeps the keys as the outer loop: one range scan of the
  // (key, ts) index per key, in the keys' order, and no sort. The key comes
  // back as its index, so each row costs no camera code or plate string.
  const atCameras = db
    .prepare(
      `SELECT j.key, s.ts, s.plate, s.confidence, ${PACKED}
       FROM json_each(?) AS j CROSS JOIN sightings AS s
       ON s.camera_code = j.value AND s.ts BETWEEN ? AND ? LIMIT ?`
    )
    .raw()
  const ofPlates = db
    .prepare(
      `SELECT j.key, s.ts, s.camera_code, s.confidence, ${PACKED}
       FROM json_each(?) AS j CROSS JOIN sightings AS s
       ON s.plate = j.value AND s.ts BETWEEN ? AND ?`
    )
    .raw()
  const prefix = db
    .prepare(
      `SELECT s.camera_code, s.ts, s.plate, s.confidence, ${PACKED} FROM sightings AS s
       WHERE s.plate >= ? AND s.plate < ? AND s.ts BETWEEN ? AND ? LIMIT ?`
    )
    .raw()
  const color = db
    .prepare(
      `SELECT s.camera_code, s.ts, s.plate, s.confidence, ${PACKED} FROM sightings AS s
       WHERE s.vehicle_color = ? AND s.ts BETWEEN ? AND ? LIMIT ?`
    )
    .raw()
  const flat = (rows: RawRead[]): Sighting[] => {
    const out = new Array<Sighting>(rows.length)
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]
      out[i] = decode(r[0] as string, r[1], r[2], r[3], r[4])
    }
    return out
  }
  return {
    atCameras(codes, fromMs, toMs, limit = -1) {
      const keys = [...new Set(codes)]
      if (keys.length === 0) return []
      const rows = atCameras.all(JSON.stringify(keys), fromMs, toMs, limit) as RawRead[]
      const out = new Array<Sighting>(rows.length)
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]
        out[i] = decode(keys[r[0] as number], r[1], r[2], r[3], r[4])
      }
      return out
    },
    ofPlates(plates, fromMs, toMs) {
      const keys = [...new Set(plates)]
      if (keys.length === 0) return []
      const rows = ofPlates.all(JSON.stringify(keys), fromMs, toMs) as RawRead[]
      const out = new Array<Sighting>(rows.length)
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i]
        out[i] = decode(r[2], r[1], keys[r[0] as number], r[3], r[4])
      }
      return out
    },
    withPlatePrefix: (p, fromMs, toMs, limit = -1) =>
      flat(prefix.all(p, p + '\uffff', fromMs, toMs, limit) as RawRead[]),
    ofColor: (c, fromMs, toMs, limit = -1) =>
      flat(color.all(attributeCode('vehicleColor', c), fromMs, toMs, limit) as RawRead[])
  }
}

/** Attribute fields per read (direction, plate colour, body colour, type, brand). */
export const ATTRIBUTE_COUNT = CODED.length

/** Writes the five attribute codes of a read at out[o..o+4] (0: not told). */
export function writeAttributeCodes(s: Sighting, out: Uint8Array, o: number): void {
  for (let k = 0; k < ATTRIBUTE_COUNT; k++) {
    const w = s[CODED[k][0]]
    out[o + k] = w == null ? 0 : (CODE_OF[k].get(w) ?? 0)
  }
}

/** Valid reads in columns (from the parsing thread): NaN confidence and code 0 are "not told". */
export type SightingColumns = {
  n: number
  /** the batch's camera codes, indexed by `camera` */
  cameras: string[]
  camera: Uint32Array
  ts: Float64Array
  /** the plates joined by newlines */
  plates: string
  confidence: Float64Array
  /** ATTRIBUTE_COUNT codes per row */
  attributes: Uint8Array
}

/** Rows per INSERT statement: one call binds many rows, so the per-call cost is shared. */
const ROWS_PER_INSERT = 64
const INSERT_COLUMNS =
  'INSERT INTO sightings (camera_code, ts, plate, confidence, direction, plate_color, vehicle_color, vehicle_type, vehicle_brand) VALUES '
const ROW_PARAMS = '(?, ?, ?, ?, ?, ?, ?, ?, ?)'

/** Returns an inserter bound to prepared statements; call inside a transaction. */
export function prepareSightingInsert(db: WritableDb): (rows: readonly Sighting[]) => void {
  const many = db.prepare(INSERT_COLUMNS + Array(ROWS_PER_INSERT).fill(ROW_PARAMS).join(', '))
  const one = db.prepare(INSERT_COLUMNS + ROW_PARAMS)
  const args: unknown[] = new Array<unknown>(9 * ROWS_PER_INSERT)
  const dir = CODE_OF[0]
  const plateColor = CODE_OF[1]
  const vehicleColor = CODE_OF[2]
  const vehicleType = CODE_OF[3]
  const vehicleBrand = CODE_OF[4]
  const put = (s: Sighting, a: unknown[], o: number): void => {
    a[o] = s.cameraCode
    a[o + 1] = s.ts
    a[o + 2] = s.plate
    a[o + 3] = s.confidence
    a[o + 4] = s.direction == null ? null : (dir.get(s.direction) ?? null)
    a[o + 5] = s.plateColor == null ? null : (plateColor.get(s.plateColor) ?? null)
    a[o + 6] = s.vehicleColor == null ? null : (vehicleColor.get(s.vehicleColor) ?? null)
    a[o + 7] = s.vehicleType == null ? null : (vehicleType.get(s.vehicleType) ?? null)
    a[o + 8] = s.vehicleBrand == null ? null : (vehicleBrand.get(s.vehicleBrand) ?? null)
  }
  const single = new Array<unknown>(9)
  return (rows) => {
    let i = 0
    for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
      for (let k = 0; k < ROWS_PER_INSERT; k++) put(rows[i + k], args, 9 * k)
      many.run(args)
    }
    for (; i < rows.length; i++) {
      put(rows[i], single, 0)
      one.run(single)
    }
  }
}

const DAY_MS = 86_400_000
/** pg_advisory_xact_lock key: two importers must not race to create the same day. */
export const PARTITION_LOCK = 0x5752_0002

/** sightings_dYYYYMMDD: the UTC day starting at dayMs (PostgreSQL's partitions). */
export function partitionName(dayMs: number): string {
  return `sightings_d${new Date(dayMs).toISOString().slice(0, 10).replaceAll('-', '')}`
}

export const dayOf = (ts: number): number => Math.floor(ts / DAY_MS) * DAY_MS

/**
 * A modest batch of reads (the demo's hour) through the storage seam, in one
 * transaction. The room's file stores attribute codes, a district's
 * PostgreSQL the words, in day partitions made here when missing; bulk
 * imports have their own paths (import.ts, pgImport.ts).
 */
export function insertSightings(sql: Sql, rows: readonly Sighting[]): Promise<void> {
  return sql.tx(async (t) => {
    const words = t.dialect === 'postgres'
    if (words) {
      await t.run('SELECT pg_advisory_xact_lock(?)', [PARTITION_LOCK])
      for (const day of new Set(rows.map((r) => dayOf(r.ts))))
        await t.run(
          `CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF sightings FOR VALUES FROM (${day}) TO (${day + DAY_MS})`
        )
    }
    const attribute = (s: Sighting, k: number): string | number | null => {
      const w = s[CODED[k][0]]
      if (w == null) return null
      return words ? w : (CODE_OF[k].get(w) ?? null)
    }
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + ROWS_PER_INSERT)
      const args: unknown[] = []
      for (const s of chunk) {
        args.push(s.cameraCode, s.ts, s.plate, s.confidence)
        for (let k = 0; k < ATTRIBUTE_COUNT; k++) args.push(attribute(s, k))
      }
      await t.run(INSERT_COLUMNS + chunk.map(() => ROW_PARAMS).join(', '), args)
    }
  })
}

/** The indexes every read above relies on (the bulk import drops and rebuilds them). */
const INDEXES: Readonly<Record<string, string>> = {
  sightings_byCameraTs: 'CREATE INDEX sightings_byCameraTs ON sightings (camera_code, ts)',
  sightings_byPlateTs: 'CREATE INDEX sightings_byPlateTs ON sightings (plate, ts)',
  sightings_byColorTs: 'CREATE INDEX sightings_byColorTs ON sightings (vehicle_color, ts)'
}

export function dropSightingIndexes(db: WritableDb): void {
  for (const name of Object.keys(INDEXES)) db.exec(`DROP INDEX IF EXISTS ${name}`)
}

export function createSightingIndexes(db: WritableDb): void {
  for (const sql of Object.values(INDEXES)) db.exec(sql)
}

/**
 * Page cache of the bulk load, KiB. SQLite sorts index keys in runs of the
 * cache's size: runs of 1 MiB stay in the CPU's caches and sort in about half
 * the time of the default 16 MiB (measured on 1.5 M reads: 1.7 s against
 * 3.2 s of CPU for the three indexes), and appended table pages need no more.
 */
const BULK_CACHE_KIB = 1024

/** Sets the bulk load's page cache; returns what puts the connection's back. */
export function setBulkLoadCache(db: WritableDb): () => void {
  const before = db.pragma('cache_size', { simple: true }) as number
  db.pragma(`cache_size = -${BULK_CACHE_KIB}`)
  return () => db.pragma(`cache_size = ${before}`)
}

/**
 * Planner statistics from a sample (the indexes are few and their use is
 * plain; a full ANALYZE of millions of rows costs a third of a second per
 * 1.5 M and tells the planner nothing more).
 */
export function analyzeSightings(db: WritableDb): void {
  db.pragma('analysis_limit = 1000')
  db.exec('ANALYZE sightings')
  db.pragma('analysis_limit = 0')
}

export function hasSightings(db: ReadableDb): boolean {
  return db.prepare('SELECT EXISTS (SELECT 1 FROM sightings)').pluck().get() === 1
}

/** Like prepareSightingInsert, for batches in columns. */
export function prepareSightingColumnsInsert(db: WritableDb): (c: SightingColumns) => void {
  const many = db.prepare(INSERT_COLUMNS + Array(ROWS_PER_INSERT).fill(ROW_PARAMS).join(', '))
  const one = db.prepare(INSERT_COLUMNS + ROW_PARAMS)
  const args: unknown[] = new Array<unknown>(9 * ROWS_PER_INSERT)
  const single = new Array<unknown>(9)
  return (c) => {
    const plates = c.plates.split('\n')
    const a = c.attributes
    const put = (i: number, out: unknown[], o: number): void => {
      out[o] = c.cameras[c.camera[i]]
      out[o + 1] = c.ts[i]
      out[o + 2] = plates[i]
      const conf = c.confidence[i]
      out[o + 3] = Number.isNaN(conf) ? null : conf
      const k = i * ATTRIBUTE_COUNT
      out[o + 4] = a[k] || null
      out[o + 5] = a[k + 1] || null
      out[o + 6] = a[k + 2] || null
      out[o + 7] = a[k + 3] || null
      out[o + 8] = a[k + 4] || null
    }
    let i = 0
    for (; i + ROWS_PER_INSERT <= c.n; i += ROWS_PER_INSERT) {
      for (let k = 0; k < ROWS_PER_INSERT; k++) put(i + k, args, 9 * k)
      many.run(args)
    }
    for (; i < c.n; i++) {
      put(i, single, 0)
      one.run(single)
    }
  }
}

export function countSightings(db: ReadableDb): number {
  return db.prepare('SELECT COUNT(*) FROM sightings').pluck().get() as number
}
