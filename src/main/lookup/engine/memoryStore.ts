import { ATTRIBUTE_VOCABULARIES } from '../../../shared/domain/sighting'
import type { Sighting, SightingAttributes } from '../../../shared/domain/sighting'
import { createInterner, type Interner } from '../../../shared/collections/interner'

/** The attribute fields; kept as byte codes, a word's position from 1 in its vocabulary (0: not told). */
const ATTRIBUTES = Object.keys(ATTRIBUTE_VOCABULARIES) as (keyof SightingAttributes)[]

/**
 * Where the lookup reads plate sightings from. The in-memory store below is
 * for tests and benches; the same two queries map onto SQLite indexes
 * (camera_code, ts) and (plate, ts).
 */
export interface SightingStore {
  /** sightings at these cameras with ts in [fromMs, toMs] (camera clock time, as recorded) */
  inRange(cameraCodes: readonly string[], fromMs: number, toMs: number): Sighting[]
  /** sightings whose plate is exactly one of these, ts in [fromMs, toMs] */
  byPlates(plates: readonly string[], fromMs: number, toMs: number): Sighting[]
}

type Column = { ts: Float64Array; row: Int32Array }

/** First index with ts[i] >= t. */
function lowerBound(ts: Float64Array, t: number): number {
  let lo = 0
  let hi = ts.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (ts[mid] < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Columnar store: sightings are kept once in typed arrays (about 20 bytes a
 * row, so 1.5 M rows fit comfortably) with two sorted indexes of row numbers,
 * by camera and by plate, each answered by binary search.
 */
export function createMemorySightingStore(sightings: readonly Sighting[]): SightingStore {
  const n = sightings.length
  const cameras = createInterner()
  const plates = createInterner()
  const cam = new Int32Array(n)
  const plate = new Int32Array(n)
  const ts = new Float64Array(n)
  const conf = new Float32Array(n).fill(Number.NaN)
  const attr = ATTRIBUTES.map(() => new Uint8Array(n))
  sightings.forEach((s, i) => {
    ATTRIBUTES.forEach((field, k) => {
      const v = s[field]
      if (v != null)
        attr[k][i] = (ATTRIBUTE_VOCABULARIES[field] as readonly string[]).indexOf(v) + 1
    })
    cam[i] = cameras.id(s.cameraCode)
    plate[i] = plates.id(s.plate)
    ts[i] = s.ts
    if (s.confidence !== null) conf[i] = s.confidence
  })

  const index = (key: Int32Array, nKeys: number): Column[] => {
    const count = new Int32Array(nKeys + 1)
    for (let i = 0; i < n; i++) count[key[i] + 1]++
    for (let k = 0; k < nKeys; k++) count[k + 1] += count[k]
    const order = new Int32Array(n)
    const fill = count.slice(0, nKeys)
    for (let i = 0; i < n; i++) order[fill[key[i]]++] = i
    const cols: Column[] = []
    for (let k = 0; k < nKeys; k++) {
      const rows = order.slice(count[k], count[k + 1])
      rows.sort((a, b) => ts[a] - ts[b])
      cols.push({ ts: Float64Array.from(rows, (r) => ts[r]), row: rows })
    }
    return cols
  }
  const byCam = index(cam, cameras.values.length)
  const byPlate = index(plate, plates.values.length)

  const code = (k: number, r: number): never =>
    (attr[k][r] === 0 ? null : ATTRIBUTE_VOCABULARIES[ATTRIBUTES[k]][attr[k][r] - 1]) as never
  const rowAt = (r: number): Sighting => ({
    cameraCode: cameras.values[cam[r]],
    ts: ts[r],
    plate: plates.values[plate[r]],
    confidence: Number.isNaN(conf[r]) ? null : Math.round(conf[r] * 1e4) / 1e4,
    direction: code(0, r),
    plateColor: code(1, r),
    vehicleColor: code(2, r),
    vehicleType: code(3, r),
    vehicleBrand: code(4, r)
  })
  const collect = (
    col: Column | undefined,
    fromMs: number,
    toMs: number,
    out: Sighting[]
  ): void => {
    if (!col) return
    for (let i = lowerBound(col.ts, fromMs); i < col.ts.length && col.ts[i] <= toMs; i++)
      out.push(rowAt(col.row[i]))
  }

  /** The sightings of each distinct key (a camera code, a plate) in its index, ts in [fromMs, toMs]. */
  const gather = (
    keys: readonly string[],
    interned: Interner,
    cols: Column[],
    fromMs: number,
    toMs: number
  ): Sighting[] => {
    const out: Sighting[] = []
    for (const key of new Set(keys)) {
      const id = interned.find(key)
      if (id !== undefined) collect(cols[id], fromMs, toMs, out)
    }
    return out
  }

  return {
    inRange: (codes, fromMs, toMs) => gather(codes, cameras, byCam, fromMs, toMs),
    byPlates: (wanted, fromMs, toMs) => gather(wanted, plates, byPlate, fromMs, toMs)
  }
}
