import {
  HEADINGS,
  PLATE_COLORS,
  VEHICLE_BRANDS,
  VEHICLE_COLORS,
  VEHICLE_TYPES
} from '../../../shared/domain/sighting'
import type { Sighting } from '../../../shared/domain/sighting'

/** The attribute fields and their vocabularies; kept as 1-based byte codes (0: not told). */
const ATTRIBUTES = [
  ['direction', HEADINGS],
  ['plateColor', PLATE_COLORS],
  ['vehicleColor', VEHICLE_COLORS],
  ['vehicleType', VEHICLE_TYPES],
  ['vehicleBrand', VEHICLE_BRANDS]
] as const

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
  const cameraCodes: string[] = []
  const cameraId = new Map<string, number>()
  const plates: string[] = []
  const plateId = new Map<string, number>()
  const cam = new Int32Array(n)
  const plate = new Int32Array(n)
  const ts = new Float64Array(n)
  const conf = new Float32Array(n).fill(Number.NaN)
  const attr = ATTRIBUTES.map(() => new Uint8Array(n))
  sightings.forEach((s, i) => {
    ATTRIBUTES.forEach(([field, values], k) => {
      const v = s[field]
      if (v != null) attr[k][i] = (values as readonly string[]).indexOf(v) + 1
    })
    let c = cameraId.get(s.cameraCode)
    if (c === undefined) {
      c = cameraCodes.length
      cameraCodes.push(s.cameraCode)
      cameraId.set(s.cameraCode, c)
    }
    let p = plateId.get(s.plate)
    if (p === undefined) {
      p = plates.length
      plates.push(s.plate)
      plateId.set(s.plate, p)
    }
    cam[i] = c
    plate[i] = p
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
  const byCam = index(cam, cameraCodes.length)
  const byPlate = index(plate, plates.length)

  const code = (k: number, r: number): never =>
    (attr[k][r] === 0 ? null : ATTRIBUTES[k][1][attr[k][r] - 1]) as never
  const rowAt = (r: number): Sighting => ({
    cameraCode: cameraCodes[cam[r]],
    ts: ts[r],
    plate: plates[plate[r]],
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

  return {
    inRange(codes, fromMs, toMs) {
      const out: Sighting[] = []
      for (const code of new Set(codes)) {
        const c = cameraId.get(code)
        if (c !== undefined) collect(byCam[c], fromMs, toMs, out)
      }
      return out
    },
    byPlates(wanted, fromMs, toMs) {
      const out: Sighting[] = []
      for (const p of new Set(wanted)) {
        const id = plateId.get(p)
        if (id !== undefined) collect(byPlate[id], fromMs, toMs, out)
      }
      return out
    }
  }
}
