import type { Pool } from 'pg'
import type { VehicleSearchResult } from '../../shared/ipc/contracts/lookup'
import { toSighting, type SightingRow } from './repository'
import { readSightingsAt, SIGHTING_COLUMNS } from './pgRepository'
import {
  MAX_ROWS,
  planVehicleSearch,
  rankVehicles,
  type SearchCamera,
  type VehicleSearchQuery
} from './search'

export type { SearchCamera }

const likePrefix = (p: string): string => p.replace(/[\\%_]/g, (c) => `\\${c}`) + '%'

/**
 * Vehicle search (以车搜车) on a district's PostgreSQL with the answers of
 * the room's search, by construction: the same planned scan (search.ts),
 * its reads in the order the room's indexes give them (key by key, then
 * plate in byte order, time and file order), and the same ranking
 * (rankVehicles), which thus exists once.
 */
export async function searchVehiclesInDistrict(
  pool: Pool,
  cameras: readonly SearchCamera[],
  q: VehicleSearchQuery,
  clockOffsets: ReadonlyMap<string, number>
): Promise<VehicleSearchResult> {
  const { scan, fromMs, toMs } = planVehicleSearch(cameras, q, clockOffsets)
  if (scan.by === 'cameras')
    return rankVehicles(
      q,
      await readSightingsAt(pool, 'camera_code', scan.codes, fromMs, toMs, MAX_ROWS + 1),
      clockOffsets
    )
  // ts is whole ms: the widened period's fractions change nothing
  const period = [Math.ceil(fromMs), Math.floor(toMs), MAX_ROWS + 1]
  let text: string
  let args: unknown[]
  if (scan.by === 'platePrefixes') {
    text = `SELECT ${SIGHTING_COLUMNS} FROM unnest($1::text[]) WITH ORDINALITY AS k(pattern, n)
      JOIN sightings s ON s.plate LIKE k.pattern
      WHERE s.ts BETWEEN $2 AND $3 ORDER BY k.n, s.plate COLLATE "C", s.ts, s.seq LIMIT $4`
    args = [scan.prefixes.map(likePrefix)]
  } else {
    text = `SELECT ${SIGHTING_COLUMNS} FROM sightings s
      WHERE s.vehicle_color = $1 AND s.ts BETWEEN $2 AND $3 ORDER BY s.ts, s.seq LIMIT $4`
    args = [scan.color]
  }
  const r = await pool.query<SightingRow>(text, [...args, ...period])
  return rankVehicles(q, r.rows.map(toSighting), clockOffsets)
}
