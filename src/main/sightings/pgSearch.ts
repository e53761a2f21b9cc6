import type { Pool } from 'pg'
import { openMemoryDatabase } from '../db/database'
import { migrate } from '../db/migrate'
import type { VehicleSearchResult } from '../../shared/ipc/contracts/lookup'
import { prepareSightingInsert, toSighting, type SightingRow } from './repository'
import {
  MAX_ROWS,
  patternPrefixes,
  searchVehicles,
  type SearchCamera,
  type VehicleSearchQuery
} from './search'

export type { SearchCamera }

const likePrefix = (p: string): string => p.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'

const SELECT = `SELECT s.camera_code, s.ts::float8 AS ts, s.plate, s.confidence, s.direction, s.plate_color,
  s.vehicle_color, s.vehicle_type, s.vehicle_brand FROM sightings s`

/**
 * Vehicle search (以车搜车) on a district's PostgreSQL with the answers of
 * the room's search, by construction: PostgreSQL reads, with its indexes,
 * every pass record the room's search would read (the same scan: cameras or
 * an area's cameras, else the plate pattern's prefixes, else the colour,
 * else every camera; over the period widened by the clock errors), and the
 * room's own searchVehicles ranks them in a scratch in-memory database
 * holding just those rows in file order. The ranking (misread merging,
 * attribute weighing, order) thus exists once.
 */
export async function searchVehiclesInDistrict(
  pool: Pool,
  cameras: readonly SearchCamera[],
  q: VehicleSearchQuery,
  clockOffsets: ReadonlyMap<string, number>
): Promise<VehicleSearchResult> {
  let pad = 0
  for (const v of clockOffsets.values()) pad = Math.max(pad, Math.abs(v))
  const from = Math.ceil(q.fromMs - pad)
  const to = Math.floor(q.toMs + pad)

  let codes: string[] | null = q.cameraCodes ? [...new Set(q.cameraCodes)] : null
  if (q.area) {
    // the area's bounding box: a superset of the cameras inside it, which the search then decides
    const lngs = q.area.map((p) => p[0])
    const lats = q.area.map((p) => p[1])
    const [w, e, s, n] = [
      Math.min(...lngs),
      Math.max(...lngs),
      Math.min(...lats),
      Math.max(...lats)
    ]
    const inBox = cameras
      .filter((c) => !c.archived && c.lng >= w && c.lng <= e && c.lat >= s && c.lat <= n)
      .map((c) => c.code)
    codes = codes ? codes.filter((c) => inBox.includes(c)) : inBox
  }
  const prefixes = q.plate ? patternPrefixes(q.plate) : []
  let sql: string
  let args: unknown[]
  if (codes !== null) {
    sql = `${SELECT} WHERE s.camera_code = ANY($1) AND s.ts BETWEEN $2 AND $3`
    args = [codes]
  } else if (prefixes.length > 0) {
    sql = `${SELECT} WHERE s.plate LIKE ANY($1) AND s.ts BETWEEN $2 AND $3`
    args = [prefixes.map(likePrefix)]
  } else if (q.color) {
    sql = `${SELECT} WHERE s.vehicle_color = $1 AND s.ts BETWEEN $2 AND $3`
    args = [q.color]
  } else {
    sql = `${SELECT} WHERE s.camera_code = ANY($1) AND s.ts BETWEEN $2 AND $3`
    args = [[...new Set(cameras.map((c) => c.code))]]
  }
  const r = await pool.query<SightingRow>(`${sql} ORDER BY s.seq LIMIT $4`, [
    ...args,
    from,
    to,
    MAX_ROWS + 1
  ])

  const scratch = openMemoryDatabase()
  try {
    migrate(scratch)
    scratch.transaction(() => prepareSightingInsert(scratch)(r.rows.map(toSighting)))()
    return searchVehicles(scratch, cameras, q, clockOffsets)
  } finally {
    scratch.close()
  }
}
