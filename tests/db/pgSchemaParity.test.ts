import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { startPgCluster, type PgCluster } from '../helpers/pgCluster'
import { createTestDb } from '../helpers/db'
import { migratePg } from '../../src/main/db/postgres/migrate'
import { PG_MIGRATIONS } from '../../src/main/db/postgres/migrations'

/**
 * A room's file and a district's PostgreSQL must hold the same tables with
 * the same columns: a new SQLite migration without its PostgreSQL twin (or
 * the other way round) fails here.
 */

type Column = { name: string; type: string; notNull: boolean }

/** SQLite's declared types as the PostgreSQL steps spell them. */
const PG_TYPE_OF: Record<string, string> = {
  INTEGER: 'bigint',
  REAL: 'double precision',
  TEXT: 'text',
  BLOB: 'bytea'
}

/** Differences on purpose, each with its reason. */
const PG_ONLY_TABLES = [
  // the migration runner's version (SQLite has PRAGMA user_version)
  'watchroom_schema',
  // `watchroom migrate`'s marker
  'room_migrations',
  // the room directory and which room serves a camera: a room's own file has one room
  'rooms',
  'camera_rooms',
  'attachment_rooms'
]
/** sightings: a partitioned table has no rowid; `seq` keeps the file order SQLite's id keeps. */
const RENAMED_COLUMNS: Record<string, Record<string, string>> = { sightings: { id: 'seq' } }
/**
 * A room may keep the pass records' attribute words as small integer codes
 * (cheaper in SQLite at a room's scale); the district keeps the words, with
 * their CHECKs. Either way the column holds the same information.
 */
const SIGHTING_WORDS = [
  'direction',
  'plate_color',
  'vehicle_color',
  'vehicle_type',
  'vehicle_brand'
]
/**
 * Columns only PostgreSQL has: the full-text tables' stored tsvector of the
 * same bigram text (PostgreSQL migration 0014; FTS5 keeps its own index).
 */
const PG_ONLY_COLUMNS: Record<string, string[]> = {
  incidents_fts: ['doc'],
  duty_log_fts: ['doc']
}
/** Indexes only PostgreSQL has: full text (FTS5 needs none), BRIN on time, the one-marker rule. */
const PG_ONLY_INDEXES = [
  'incidents_fts_bydoc',
  'duty_log_fts_bydoc',
  'sightings_bytsbrin',
  'room_migrations_byone',
  'rooms_byorigin'
]
/** Indexes only SQLite has: at a district's scale a colour's rows are on every page (PG 0016). */
const SQLITE_ONLY_INDEXES = ['sightings_bycolorts']

function sqliteSchema(): { tables: Map<string, Column[]>; indexes: string[]; triggers: string[] } {
  const db = createTestDb()
  try {
    const all = db
      .prepare("SELECT name, type, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
      .all() as { name: string; type: string; sql: string | null }[]
    const virtual = all
      .filter((t) => t.type === 'table' && /^CREATE VIRTUAL TABLE/i.test(t.sql ?? ''))
      .map((t) => t.name)
    // FTS5 keeps its index in shadow tables named after the virtual table
    const shadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`))
    const tables = new Map<string, Column[]>()
    for (const t of all.filter((x) => x.type === 'table' && !shadow(x.name))) {
      const cols = db.prepare(`PRAGMA table_info(${t.name})`).all() as {
        name: string
        type: string
        notnull: number
        pk: number
      }[]
      const renamed = RENAMED_COLUMNS[t.name] ?? {}
      const fts = virtual.includes(t.name)
      const columns = cols.map((c) => ({
        name: renamed[c.name] ?? c.name,
        // FTS5 columns are untyped; main writes text to them, always
        type:
          fts || (t.name === 'sightings' && SIGHTING_WORDS.includes(c.name))
            ? 'text'
            : (PG_TYPE_OF[c.type] ?? `unmapped ${c.type}`),
        notNull: fts || c.notnull === 1 || c.pk > 0
      }))
      // an FTS5 table's rowid is the id of the row it indexes
      if (fts) columns.unshift({ name: 'rowid', type: 'bigint', notNull: true })
      tables.set(t.name, columns)
    }
    return {
      tables,
      indexes: all
        .filter((x) => x.type === 'index')
        .map((x) => x.name.toLowerCase())
        .sort(),
      triggers: all
        .filter((x) => x.type === 'trigger')
        .map((x) => x.name.toLowerCase())
        .sort()
    }
  } finally {
    db.close()
  }
}

async function pgSchema(
  c: pg.Client
): Promise<{ tables: Map<string, Column[]>; indexes: string[]; triggers: string[] }> {
  const cols = await c.query<{
    table_name: string
    column_name: string
    data_type: string
    is_nullable: string
  }>(
    `SELECT c.table_name, c.column_name, c.data_type, c.is_nullable
     FROM information_schema.columns c
     JOIN pg_class k ON k.relname = c.table_name AND k.relnamespace = 'public'::regnamespace
     WHERE c.table_schema = 'public' AND k.relkind IN ('r', 'p') AND NOT k.relispartition
     ORDER BY c.table_name, c.ordinal_position`
  )
  const tables = new Map<string, Column[]>()
  for (const r of cols.rows) {
    const list = tables.get(r.table_name) ?? []
    list.push({ name: r.column_name, type: r.data_type, notNull: r.is_nullable === 'NO' })
    tables.set(r.table_name, list)
  }
  const idx = await c.query<{ name: string }>(
    `SELECT i.relname AS name FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     WHERE t.relnamespace = 'public'::regnamespace AND NOT x.indisprimary AND NOT t.relispartition`
  )
  const trg = await c.query<{ name: string }>(
    `SELECT t.tgname AS name FROM pg_trigger t
     JOIN pg_class k ON k.oid = t.tgrelid
     WHERE k.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal`
  )
  return {
    tables,
    indexes: idx.rows.map((r) => r.name).sort(),
    triggers: trg.rows.map((r) => r.name.toLowerCase()).sort()
  }
}

let cluster: PgCluster
let client: pg.Client
beforeAll(async () => {
  cluster = await startPgCluster()
  client = new pg.Client({ connectionString: cluster.createDatabase('parity') })
  await client.connect()
  await migratePg(client, PG_MIGRATIONS)
})
afterAll(async () => {
  await client?.end()
  cluster?.stop()
})

describe('the district schema and the room schema', () => {
  it('have the same tables, each with the same columns, types and NOT NULLs in the same order', async () => {
    const lite = sqliteSchema()
    const pgs = await pgSchema(client)
    const pgTables = [...pgs.tables.keys()].filter((t) => !PG_ONLY_TABLES.includes(t)).sort()
    expect(pgTables).toEqual([...lite.tables.keys()].sort())
    for (const [name, columns] of lite.tables) {
      const only = PG_ONLY_COLUMNS[name] ?? []
      const shared = pgs.tables.get(name)?.filter((c) => !only.includes(c.name))
      expect({ table: name, columns: shared }).toEqual({ table: name, columns })
    }
    // the exceptions must stay true, or they would hide a difference
    for (const t of PG_ONLY_TABLES) expect(pgs.tables.has(t)).toBe(true)
    for (const [t, names] of Object.entries(PG_ONLY_COLUMNS))
      expect(pgs.tables.get(t)?.map((c) => c.name)).toEqual(expect.arrayContaining(names))
  })

  it('have the same indexes (by name) and every SQLite trigger', async () => {
    const lite = sqliteSchema()
    const pgs = await pgSchema(client)
    expect(pgs.indexes.filter((i) => !PG_ONLY_INDEXES.includes(i))).toEqual(
      lite.indexes.filter((i) => !SQLITE_ONLY_INDEXES.includes(i))
    )
    for (const i of PG_ONLY_INDEXES) expect(pgs.indexes).toContain(i)
    for (const i of SQLITE_ONLY_INDEXES) expect(lite.indexes).toContain(i)
    expect(pgs.triggers).toEqual(expect.arrayContaining(lite.triggers))
  })

  it('keep the audit trail append-only and locked footage undeletable, as SQLite does', async () => {
    await client.query(
      "INSERT INTO audit_log (at, action, prev_hash, hash) VALUES (1, 'test', 'p', 'h')"
    )
    await expect(client.query("UPDATE audit_log SET action = 'x'")).rejects.toThrow(/append-only/)
    await expect(client.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/)
    await expect(client.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/)
    await client.query(
      "INSERT INTO cameras (id, code, name, lat, lng, created_at, updated_at) VALUES (1, 'P-1', 'p', 30, 120, 0, 0)"
    )
    await client.query(
      "INSERT INTO recording_segments (camera_id, start_ms, end_ms, duration_ms, bytes, path, run, time_source, created_at) VALUES (1, 0, 2000, 2000, 10, 'a.ts', 1, 'pdt', 0), (1, 5000, 7000, 2000, 10, 'b.ts', 1, 'pdt', 0)"
    )
    await client.query(
      "INSERT INTO evidence_locks (camera_id, from_ms, to_ms, reason, created_at) VALUES (1, 1000, 1500, 'case', 0)"
    )
    await expect(
      client.query("DELETE FROM recording_segments WHERE path = 'a.ts'")
    ).rejects.toThrow(/evidence lock/)
    const r = await client.query("DELETE FROM recording_segments WHERE path = 'b.ts'")
    expect(r.rowCount).toBe(1)
  })

  it('allow one open shift only, as SQLite does', async () => {
    await client.query('INSERT INTO shifts (started_at) VALUES (1)')
    await expect(client.query('INSERT INTO shifts (started_at) VALUES (2)')).rejects.toThrow(
      /shifts_byopen/
    )
    await client.query('UPDATE shifts SET ended_at = 5')
    await client.query('INSERT INTO shifts (started_at) VALUES (6)')
  })
})
