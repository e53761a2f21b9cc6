import { once } from 'node:events'
import type { ClientBase, Pool } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Sighting } from '../../shared/domain/sighting'
import type { AsyncSightingStore } from './asyncStore'
import { dayOf, PARTITION_LOCK, partitionName, toSighting, type SightingRow } from './repository'

export { dayOf, partitionName }

const DAY_MS = 86_400_000

// ts as float8: bigint would come back as a string; epoch ms are exact below 2^53
export const SIGHTING_COLUMNS =
  's.camera_code, s.ts::float8 AS ts, s.plate, s.confidence, s.direction, s.plate_color, s.vehicle_color, s.vehicle_type, s.vehicle_brand'

/** Creates the day partitions these rows need (idempotent; inside the caller's transaction). */
export async function ensureSightingPartitions(
  client: ClientBase,
  days: Iterable<number>
): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK])
  for (const day of days)
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${partitionName(day)} PARTITION OF sightings FOR VALUES FROM (${day}) TO (${day + DAY_MS})`
    )
}

/** The day partitions that exist, oldest first (UTC day start in ms). */
export async function listSightingDays(client: ClientBase | Pool): Promise<number[]> {
  const r = await client.query<{ name: string }>(
    "SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'sightings'::regclass"
  )
  return r.rows
    .map((x) => /^sightings_d(\d{4})(\d{2})(\d{2})$/.exec(x.name))
    .filter((m) => m !== null)
    .map((m) => Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
    .sort((a, b) => a - b)
}

/**
 * Retention: every day wholly before `beforeMs` goes by dropping its
 * partition, which is instant and returns the disk at once (a DELETE of
 * 2.4 × 10⁸ rows would not). Returns the days dropped.
 */
export async function dropSightingsBefore(client: ClientBase, beforeMs: number): Promise<number[]> {
  const dropped: number[] = []
  for (const day of await listSightingDays(client)) {
    if (day + DAY_MS > beforeMs) break
    await client.query(`DROP TABLE ${partitionName(day)}`)
    dropped.push(day)
  }
  return dropped
}

export async function countPgSightings(client: ClientBase | Pool): Promise<number> {
  const r = await client.query<{ n: string }>('SELECT count(*) AS n FROM sightings')
  return Number(r.rows[0].n)
}

/** COPY text format: \N is NULL; backslash, tab and line breaks escaped. */
function copyField(v: string | number | null | undefined): string {
  if (v === null || v === undefined) return '\\N'
  if (typeof v === 'number') return String(v)
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'
  )
}

function copyLine(s: Sighting): string {
  return (
    [
      s.cameraCode,
      s.ts,
      s.plate,
      s.confidence,
      s.direction,
      s.plateColor,
      s.vehicleColor,
      s.vehicleType,
      s.vehicleBrand
    ]
      .map(copyField)
      .join('\t') + '\n'
  )
}

/**
 * Writes batches of sightings with COPY inside the caller's transaction. One
 * COPY stream runs as long as the rows fall on days whose partitions exist;
 * a row on a new day ends it, creates the partition (DDL cannot run during a
 * COPY) and starts the next.
 */
export function createPgSightingWriter(client: ClientBase): {
  write(rows: readonly Sighting[]): Promise<void>
  end(): Promise<void>
} {
  const days = new Set<number>()
  let stream: ReturnType<typeof copyFrom> | null = null
  const finish = async (): Promise<void> => {
    if (!stream) return
    const s = stream
    stream = null
    s.end()
    await once(s, 'finish')
  }
  return {
    async write(rows) {
      const fresh = new Set<number>()
      for (const r of rows) {
        const d = dayOf(r.ts)
        if (!days.has(d)) fresh.add(d)
      }
      if (fresh.size > 0) {
        await finish()
        await ensureSightingPartitions(client, fresh)
        for (const d of fresh) days.add(d)
      }
      if (rows.length === 0) return
      stream ??= client.query(
        copyFrom(
          'COPY sightings (camera_code, ts, plate, confidence, direction, plate_color, vehicle_color, vehicle_type, vehicle_brand) FROM STDIN'
        )
      )
      let text = ''
      for (const r of rows) text += copyLine(r)
      if (!stream.write(text)) await once(stream, 'drain')
    },
    end: finish
  }
}

/**
 * Reads at these keys (camera codes or plates) with ts in [fromMs, toMs],
 * ordered as the room's index scans return them: key by key in first-seen
 * order, then time, then file order; at most `limit` rows.
 */
export async function readSightingsAt(
  pool: Pool,
  column: 'camera_code' | 'plate',
  keys: readonly string[],
  fromMs: number,
  toMs: number,
  limit: number | null = null
): Promise<Sighting[]> {
  const unique = [...new Set(keys)]
  if (unique.length === 0) return []
  // ts is whole ms: a fractional bound (a widened period) changes nothing
  const r = await pool.query<SightingRow>(
    `SELECT ${SIGHTING_COLUMNS} FROM unnest($1::text[]) WITH ORDINALITY AS k(key, n)
     JOIN sightings s ON s.${column} = k.key
     WHERE s.ts BETWEEN $2 AND $3
     ORDER BY k.n, s.ts, s.seq LIMIT $4`,
    [unique, Math.ceil(fromMs), Math.floor(toMs), limit]
  )
  return r.rows.map(toSighting)
}

/**
 * The lookup's reads on PostgreSQL, ordered as the SQLite store returns them
 * so that the lookup gives the same answer on both backends.
 */
export function createPgSightingStore(pool: Pool): AsyncSightingStore {
  return {
    inRange: (codes, fromMs, toMs) => readSightingsAt(pool, 'camera_code', codes, fromMs, toMs),
    byPlates: (plates, fromMs, toMs) => readSightingsAt(pool, 'plate', plates, fromMs, toMs)
  }
}
