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

const NEEDS_ESCAPE = /[\\\t\n\r]/

/** COPY text format: \N is NULL; backslash, tab and line breaks escaped. */
function copyText(v: string | null | undefined): string {
  if (v === null || v === undefined) return '\\N'
  // a test is far cheaper than a replace with a callback, and codes and plates never need one
  if (!NEEDS_ESCAPE.test(v)) return v
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'
  )
}

// one template per row rather than an array mapped and joined: this runs 10⁸ times in a district's load
function copyLine(s: Sighting): string {
  return `${copyText(s.cameraCode)}\t${s.ts}\t${copyText(s.plate)}\t${s.confidence ?? '\\N'}\t${copyText(s.direction)}\t${copyText(s.plateColor)}\t${copyText(s.vehicleColor)}\t${copyText(s.vehicleType)}\t${copyText(s.vehicleBrand)}\n`
}

/**
 * Lines per Buffer. A batch's text concatenated into one string cost about
 * four times the CPU of formatting it (a long rope of two-byte strings to
 * flatten and encode); short strings encoded a chunk at a time do not.
 */
const LINES_PER_CHUNK = 512

/**
 * A new day's partition built as a bulk load wants it: a plain table with the
 * parent's columns and checks, indexed after its rows are in (sorted index
 * builds cost about a third of maintaining four indexes row by row, the bulk
 * of a COPY's time), then attached. Attaching takes only a SHARE UPDATE
 * EXCLUSIVE lock on `sightings`, where CREATE TABLE … PARTITION OF would hold
 * an ACCESS EXCLUSIVE one, blocking every lookup, until the load commits.
 */
async function stageDay(client: ClientBase, day: number): Promise<string> {
  const name = partitionName(day)
  await client.query(
    `CREATE TABLE ${name} (LIKE sightings INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`
  )
  return name
}

async function attachDay(client: ClientBase, day: number): Promise<void> {
  const name = partitionName(day)
  // the parent's indexes, unnamed so that they get the names PARTITION OF gives them
  const defs = await client.query<{ def: string }>(
    "SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'sightings'::regclass"
  )
  for (const { def } of defs.rows)
    await client.query(
      def.replace(/^CREATE (UNIQUE )?INDEX \S+ ON (ONLY )?\S+ /, `CREATE $1INDEX ON ${name} `)
    )
  // a check that implies the range spares ATTACH its scan of the rows
  await client.query(
    `ALTER TABLE ${name} ADD CONSTRAINT ${name}_range CHECK (ts >= ${day} AND ts < ${day + DAY_MS})`
  )
  await client.query(
    `ALTER TABLE sightings ATTACH PARTITION ${name} FOR VALUES FROM (${day}) TO (${day + DAY_MS})`
  )
  await client.query(`ALTER TABLE ${name} DROP CONSTRAINT ${name}_range`)
}

/**
 * Writes batches of sightings with COPY inside the caller's transaction. Rows
 * on days whose partition exists go to `sightings`; a day first seen in this
 * transaction is loaded into a table of its own (stageDay), indexed and
 * attached by end(). A batch's rows go out grouped by target table, in file
 * order within each, so `seq` keeps the file order within a day (rows of two
 * days never tie on time). DDL cannot run during a COPY: a new day or a change
 * of target ends the COPY and starts the next.
 */
export function createPgSightingWriter(client: ClientBase): {
  write(rows: readonly Sighting[]): Promise<void>
  end(): Promise<void>
} {
  /** days whose partition existed: written through the parent */
  const days = new Set<number>()
  /** days first seen here: their own table until end() attaches it */
  const staged = new Map<number, string>()
  let stream: ReturnType<typeof copyFrom> | null = null
  let target = ''
  const finish = async (): Promise<void> => {
    if (!stream) return
    const s = stream
    stream = null
    s.end()
    await once(s, 'finish')
  }
  const send = async (table: string, data: Buffer): Promise<void> => {
    if (stream && target !== table) await finish()
    target = table
    // a day's own table was created in this transaction, so its rows can be
    // written frozen: no hint bits set by the first readers, no vacuum pass
    // to freeze them later (other transactions cannot see the table before
    // commit, which is what makes this safe)
    const freeze = table === 'sightings' ? '' : ' WITH (FREEZE)'
    stream ??= client.query(
      copyFrom(
        `COPY ${table} (camera_code, ts, plate, confidence, direction, plate_color, vehicle_color, vehicle_type, vehicle_brand) FROM STDIN${freeze}`
      )
    )
    if (!stream.write(data)) await once(stream, 'drain')
  }
  return {
    async write(rows) {
      const fresh = new Set<number>()
      for (const r of rows) {
        const d = dayOf(r.ts)
        if (!days.has(d) && !staged.has(d)) fresh.add(d)
      }
      if (fresh.size > 0) {
        await finish()
        // held to the end of the transaction: a second importer of the same day waits, then appends
        await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK])
        for (const d of fresh) {
          const r = await client.query<{ t: string | null }>('SELECT to_regclass($1)::text AS t', [
            partitionName(d)
          ])
          if (r.rows[0].t !== null) days.add(d)
          else staged.set(d, await stageDay(client, d))
        }
      }
      // per target table, its lines encoded a chunk at a time, in file order
      const chunks = new Map<string, Buffer[]>()
      let table = ''
      let text = ''
      let lines = 0
      const flush = (): void => {
        if (lines === 0) return
        const list = chunks.get(table)
        if (list) list.push(Buffer.from(text))
        else chunks.set(table, [Buffer.from(text)])
        text = ''
        lines = 0
      }
      for (const r of rows) {
        const to = staged.get(dayOf(r.ts)) ?? 'sightings'
        if (to !== table || lines === LINES_PER_CHUNK) {
          flush()
          table = to
        }
        text += copyLine(r)
        lines++
      }
      flush()
      // the open COPY's table first: a sorted feed then switches once a day
      const open = target
      const order = [...chunks].sort(([a], [b]) => Number(b === open) - Number(a === open))
      for (const [t, list] of order) await send(t, Buffer.concat(list))
    },
    async end() {
      await finish()
      for (const d of staged.keys()) {
        await attachDay(client, d)
        days.add(d)
      }
      staged.clear()
    }
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
