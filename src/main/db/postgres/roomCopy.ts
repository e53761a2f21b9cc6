import { once } from 'node:events'
import type { ClientBase } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { ReadableDb, WritableDb } from '../database'
import {
  appendAudit,
  auditHead,
  useAuditKey,
  verifyAuditChain,
  type AuditAnchor,
  type AuditKey,
  type AuditVerification
} from '../../audit/repository'
import { bigramText } from '../../incidents/search'
import { typeName } from '../../incidents/config'
import { createPgSightingWriter } from '../../sightings/pgRepository'
import {
  HEADINGS,
  PLATE_COLORS,
  VEHICLE_BRANDS,
  VEHICLE_COLORS,
  VEHICLE_TYPES
} from '../../../shared/domain/sighting'
import { ApiError } from '../../../shared/ipc/errors'
import { clientSql } from './pgSql'
import { auditKeySha256 } from '../../audit/anchor'
import { sqliteSql } from '../sqliteSql'

/**
 * The room's tables `watchroom migrate` copies, parents before children
 * (PostgreSQL checks every foreign key as rows arrive). Ids are kept, so
 * every reference and the audit chain (whose key starts at an id) hold.
 */
export const COPIED_TABLES = [
  'settings',
  'users',
  'blocks',
  'communities',
  'cameras',
  'camera_groups',
  'camera_group_members',
  'camera_status_history',
  'roads',
  'layouts',
  'workstation_layouts',
  'system_events',
  'audit_log',
  'incidents',
  'incident_steps',
  'incident_cameras',
  'incident_attachments',
  'incident_notifications',
  'shifts',
  'duty_log',
  'camera_clock_offsets',
  'lookup_cases',
  'lookup_case_confirmations',
  'bookmarks',
  'recording_settings',
  'recording_segments',
  'evidence_locks',
  'exports',
  'onvif_links',
  'alarm_rules',
  'alarms',
  'sightings'
] as const

/** Full-text tables: SQLite's are contentless, so their text is made again from the rows. */
export const REBUILT_TABLES = ['incidents_fts', 'duty_log_fts'] as const

/**
 * Rows naming the room server whose data directory holds their files: the
 * room's file leaves them '' (every row is its own); on the district they
 * name the room (its room.id), which keeps recording into that directory.
 */
export const ROOM_OWNED_TABLES = ['recording_segments', 'exports'] as const

/** pg_advisory_xact_lock key: two migrations into one district run one after the other. */
const MIGRATE_ROOM_LOCK = 0x5752_0004
const PAGE = 5000

export type RoomMigrationReport = {
  /** rows copied per table (the full-text tables: rows made) */
  counts: Record<string, number>
  audit: {
    before: AuditVerification
    after: AuditVerification
    /** the district's head after the row recording this migration */
    head: { id: number; hash: string } | null
    keyed: boolean
    keySha256: string | null
  }
}

type Cell = string | number | bigint | null | Buffer

/** COPY text format: \N is NULL; backslash, tab and line breaks escaped. */
function copyField(v: Cell, where: () => string): string {
  if (v === null) return '\\N'
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  // bytea's hex input form, its backslash escaped for COPY
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`
  if (v.includes('\u0000'))
    throw new ApiError(
      'invalid_input',
      `${where()} contains a NUL character, which PostgreSQL cannot store; edit that row in the room first`
    )
  return v.replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'
  )
}

/** Streams lines into one COPY; a failure while producing them cancels the COPY. */
async function copyInto(
  client: ClientBase,
  table: string,
  columns: readonly string[],
  pages: () => Generator<string>
): Promise<void> {
  const stream = client.query(
    copyFrom(`COPY ${table} (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN`)
  )
  const finished = once(stream, 'finish')
  // the rejection is awaited below; keep it from counting as unhandled meanwhile
  finished.catch(() => undefined)
  try {
    for (const text of pages()) if (!stream.write(text)) await once(stream, 'drain')
  } catch (err) {
    stream.destroy(err as Error)
    await finished.catch(() => undefined)
    throw err
  }
  stream.end()
  await finished
}

type TableInfo = { columns: string[]; rowid: boolean; pk: string[] }

function tableInfo(db: ReadableDb, table: string): TableInfo {
  const cols = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; pk: number }[]
  const sql = db
    .prepare('SELECT sql FROM sqlite_master WHERE name = ?')
    .pluck()
    .get(table) as string
  return {
    columns: cols.map((c) => c.name),
    rowid: !/WITHOUT\s+ROWID/i.test(sql),
    pk: cols
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name)
  }
}

/** Every row of a table in pages, in rowid (or primary key) order, as arrays in column order. */
function* pagesOf(db: ReadableDb, table: string, info: TableInfo): Generator<Cell[][]> {
  const cols = info.columns.map((c) => `"${c}"`).join(', ')
  if (info.rowid) {
    const stmt = db
      .prepare(`SELECT rowid, ${cols} FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE}`)
      .raw(true)
    let after = -Infinity
    for (;;) {
      const rows = stmt.all(after) as Cell[][]
      if (rows.length === 0) return
      after = rows[rows.length - 1][0] as number
      yield rows.map((r) => r.slice(1))
      if (rows.length < PAGE) return
    }
  }
  const stmt = db
    .prepare(`SELECT ${cols} FROM ${table} ORDER BY ${info.pk.join(', ')} LIMIT ${PAGE} OFFSET ?`)
    .raw(true)
  for (let offset = 0; ; offset += PAGE) {
    const rows = stmt.all(offset) as Cell[][]
    if (rows.length > 0) yield rows
    if (rows.length < PAGE) return
  }
}

async function copyTable(db: ReadableDb, client: ClientBase, table: string): Promise<number> {
  const info = tableInfo(db, table)
  let n = 0
  await copyInto(client, table, info.columns, function* () {
    for (const rows of pagesOf(db, table, info)) {
      let text = ''
      for (const row of rows) {
        n++
        const where = (i: number) => () =>
          `${table} row ${n} (${info.pk.map((p) => `${p} ${String(row[info.columns.indexOf(p)])}`).join(', ') || 'no key'}), column ${info.columns[i]},`
        text += row.map((v, i) => copyField(v, where(i))).join('\t') + '\n'
      }
      yield text
    }
  })
  return n
}

/**
 * A room may store the attribute words as small integer codes (their
 * position from 1 in the vocabularies) instead of the words; the district
 * keeps the words. Either form is read here.
 */
const VOCABULARIES = {
  direction: HEADINGS,
  plateColor: PLATE_COLORS,
  vehicleColor: VEHICLE_COLORS,
  vehicleType: VEHICLE_TYPES,
  vehicleBrand: VEHICLE_BRANDS
} as const
type AttributeKey = keyof typeof VOCABULARIES

function word(field: AttributeKey, v: string | number | null, id: number): string | null {
  if (v === null || typeof v === 'string') return v
  const w = (VOCABULARIES[field] as readonly string[])[v - 1]
  if (w === undefined)
    throw new ApiError('invalid_input', `sightings row ${id}: ${field} code ${v} is no known word`)
  return w
}

type RoomSightingRow = { id: number; cameraCode: string; ts: number; plate: string } & {
  confidence: number | null
} & Record<AttributeKey, string | number | null>

/** Pass records through the district's own writer: day partitions, file order kept. */
async function copySightings(db: ReadableDb, client: ClientBase): Promise<number> {
  const writer = createPgSightingWriter(client)
  const stmt = db.prepare(
    `SELECT id, camera_code AS cameraCode, ts, plate, confidence, direction, plate_color AS plateColor,
       vehicle_color AS vehicleColor, vehicle_type AS vehicleType, vehicle_brand AS vehicleBrand
     FROM sightings WHERE id > ? ORDER BY id LIMIT ${PAGE * 4}`
  )
  let after = 0
  let n = 0
  for (;;) {
    const rows = stmt.all(after) as RoomSightingRow[]
    if (rows.length === 0) break
    after = rows[rows.length - 1].id
    n += rows.length
    await writer.write(
      rows.map((r) => {
        const words: Record<string, string | null> = {}
        for (const f of Object.keys(VOCABULARIES) as AttributeKey[]) words[f] = word(f, r[f], r.id)
        // the words were checked against the vocabularies when the room stored them
        return {
          cameraCode: r.cameraCode,
          ts: r.ts,
          plate: r.plate,
          confidence: r.confidence,
          ...words
        }
      })
    )
  }
  await writer.end()
  return n
}

/** Rows of `sql` (which takes the last id seen and ends `ORDER BY id LIMIT n`) in pages. */
function* byId<T extends { id: number }>(db: ReadableDb, sql: string): Generator<T[]> {
  const stmt = db.prepare(`${sql} LIMIT ${PAGE}`)
  let after = 0
  for (;;) {
    const rows = stmt.all(after) as T[]
    if (rows.length > 0) yield rows
    if (rows.length < PAGE) return
    after = rows[rows.length - 1].id
  }
}

/**
 * The text the room's full-text indexes hold, made again as
 * incidents/repository.ts (type name, place, block, community, description)
 * and duty/repository.ts (the entry's text) make it.
 */
async function rebuildFullText(
  db: ReadableDb,
  client: ClientBase
): Promise<Record<string, number>> {
  const types = db.prepare('SELECT DISTINCT type FROM incidents').pluck().all() as string[]
  const room = sqliteSql(db as WritableDb)
  const names = new Map<string, string>()
  for (const code of types) names.set(code, await typeName(room, code))
  type IncidentText = {
    id: number
    type: string
    place_name: string
    block: string | null
    community: string | null
    description: string
  }
  let ni = 0
  await copyInto(client, 'incidents_fts', ['rowid', 'body'], function* () {
    for (const rows of byId<IncidentText>(
      db,
      'SELECT id, type, place_name, block, community, description FROM incidents WHERE id > ? ORDER BY id'
    )) {
      let text = ''
      for (const r of rows) {
        ni++
        const body = bigramText(
          [
            names.get(r.type) ?? r.type,
            r.place_name,
            r.block ?? '',
            r.community ?? '',
            r.description
          ].join(' \n ')
        )
        text += `${r.id}\t${copyField(body, () => `incident ${r.id}`)}\n`
      }
      yield text
    }
  })
  let nd = 0
  await copyInto(client, 'duty_log_fts', ['rowid', 'body'], function* () {
    for (const rows of byId<{ id: number; text: string }>(
      db,
      'SELECT id, text FROM duty_log WHERE id > ? ORDER BY id'
    )) {
      let text = ''
      for (const r of rows) {
        nd++
        text += `${r.id}\t${copyField(bigramText(r.text), () => `duty log entry ${r.id}`)}\n`
      }
      yield text
    }
  })
  return { incidents_fts: ni, duty_log_fts: nd }
}

function describeBreaks(v: AuditVerification): string {
  if (v.ok) return 'ok'
  const first = v.breaks
    .slice(0, 3)
    .map((b) => `row ${b.id}: ${b.reason}`)
    .join('; ')
  return v.breaks.length > 3 ? `${first}; … ${v.breaks.length - 3} more` : first
}

/**
 * Moves a room's data into an empty district, in one PostgreSQL
 * transaction: either everything is there (and a marker row says so) or
 * nothing is. The room's audit chain is verified before anything is written
 * and again on the district after the copy, with the same key and the same
 * anchors (the heads kept outside the room's file, and the room's own head).
 * A district that already holds a room is refused: ids are copied as they
 * are, so a second room cannot be poured on top of the first.
 */
export async function migrateRoomToDistrict(
  db: ReadableDb,
  client: ClientBase,
  opts: {
    /** the room file as named, recorded in the marker */
    source: string
    /** the room's id (room.id in its data directory): its footage and exports are indexed under it */
    room: string
    key?: AuditKey
    anchors?: readonly AuditAnchor[]
    now: number
    actor: string
    /** after each table (awaited: a caller may pace or watch the copy) */
    onTable?(table: string, rows: number): void | Promise<void>
  }
): Promise<RoomMigrationReport> {
  // one snapshot of the room for the whole copy, even while the room runs
  db.exec('BEGIN')
  try {
    const room = sqliteSql(db as WritableDb)
    const before = await verifyAuditChain(room, { key: opts.key, anchors: opts.anchors })
    if (!before.ok)
      throw new ApiError(
        'invalid_input',
        `the room's audit chain does not verify, so it was not copied: ${describeBreaks(before)}` +
          (opts.key
            ? ''
            : ' (no audit key was found: a keyed chain needs its audit.key, named with --audit-key)'),
        before
      )
    const roomHead = await auditHead(room)
    await client.query('BEGIN')
    try {
      // the rooms listening need no announcement of every copied row
      await client.query("SET LOCAL watchroom.quiet = 'on'")
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_ROOM_LOCK])
      await refuseUnlessEmpty(client)
      const counts: Record<string, number> = {}
      for (const table of COPIED_TABLES) {
        counts[table] =
          table === 'sightings'
            ? await copySightings(db, client)
            : await copyTable(db, client, table)
        await opts.onTable?.(table, counts[table])
      }
      for (const [table, n] of Object.entries(await rebuildFullText(db, client))) {
        counts[table] = n
        await opts.onTable?.(table, n)
      }
      await checkCounts(db, client, counts)
      for (const table of ROOM_OWNED_TABLES)
        await client.query(`UPDATE ${table} SET room = $1`, [opts.room])
      await advanceIdentities(client)
      const keySha256 = opts.key ? auditKeySha256(opts.key) : null
      const district = clientSql(client)
      if (opts.key) useAuditKey(district, opts.key)
      await appendAudit(district, {
        at: opts.now,
        actor: opts.actor,
        action: 'district.migrate',
        entity: 'district',
        entityId: null,
        before: null,
        after: { source: opts.source, counts, roomAuditHead: roomHead ?? null }
      })
      const roomAnchor: AuditAnchor[] = roomHead ? [{ ...roomHead, at: opts.now }] : []
      const after = await verifyAuditChain(district, {
        key: opts.key,
        anchors: [...(opts.anchors ?? []), ...roomAnchor]
      })
      if (!after.ok || after.rows !== before.rows + 1)
        throw new Error(
          `the audit chain copied to the district does not verify (${describeBreaks(after)}, ${after.rows} of ${before.rows + 1} rows); nothing was copied`
        )
      const head = await client.query<{ id: number; hash: string }>(
        'SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1'
      )
      await client.query(
        `INSERT INTO room_migrations (source, source_schema, migrated_at, counts, audit_rows,
           audit_head_id, audit_head_hash, audit_key_sha256, audit_keyed_from)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          opts.source,
          db.pragma('user_version', { simple: true }) as number,
          opts.now,
          JSON.stringify(counts),
          before.rows,
          head.rows[0]?.id ?? null,
          head.rows[0]?.hash ?? null,
          keySha256,
          opts.key?.keyedFrom ?? null
        ]
      )
      await client.query('COMMIT')
      return {
        counts,
        audit: { before, after, head: head.rows[0] ?? null, keyed: !!opts.key, keySha256 }
      }
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined)
      throw err
    }
  } finally {
    db.exec('ROLLBACK')
  }
}

/** The one-room rule, with a message saying what is there. */
async function refuseUnlessEmpty(client: ClientBase): Promise<void> {
  const done = await client.query<{ source: string; migrated_at: number }>(
    'SELECT source, migrated_at FROM room_migrations ORDER BY id LIMIT 1'
  )
  if (done.rows[0])
    throw new ApiError(
      'conflict',
      `this district already holds a room: ${done.rows[0].source} was migrated into it at ${new Date(done.rows[0].migrated_at).toISOString()}. ` +
        'watchroom migrate runs once per district database; nothing was copied',
      { reason: 'district_migrated', ...done.rows[0] }
    )
  const held: string[] = []
  for (const table of ['cameras', 'users', 'incidents', 'audit_log', 'duty_log']) {
    const r = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
    if (r.rows[0].n > 0) held.push(`${r.rows[0].n} ${table}`)
  }
  if (held.length > 0)
    throw new ApiError(
      'conflict',
      `this district database is not empty (${held.join(', ')}); a room can be migrated only into an empty district, so nothing was copied`,
      { reason: 'district_not_empty' }
    )
}

/** What arrived is what the room has, table by table (inside the same transaction). */
async function checkCounts(
  db: ReadableDb,
  client: ClientBase,
  counts: Record<string, number>
): Promise<void> {
  for (const table of COPIED_TABLES) {
    const room = db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
    const r = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
    if (room !== counts[table] || r.rows[0].n !== room)
      throw new Error(
        `${table}: the room has ${room} row(s), ${counts[table]} were read and the district holds ${r.rows[0].n}; nothing was copied`
      )
  }
}

/** Ids were given explicitly: new rows on the district continue after the highest. */
async function advanceIdentities(client: ClientBase): Promise<void> {
  const r = await client.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.columns
     WHERE table_schema = 'public' AND column_name = 'id' AND is_identity = 'YES' AND identity_generation = 'BY DEFAULT'`
  )
  for (const { table_name: t } of r.rows)
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, 'id'), m) FROM (SELECT max(id) AS m FROM ${t}) x WHERE m IS NOT NULL`,
      [t]
    )
}
