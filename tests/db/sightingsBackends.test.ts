import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { startPgCluster, type PgCluster } from '../helpers/pgCluster'
import { openDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import { migratePg } from '../../src/main/db/postgres/migrate'
import { PG_MIGRATIONS } from '../../src/main/db/postgres/migrations'
import { importSightingsFile } from '../../src/main/sightings/import'
import { importSightingsFileToPg } from '../../src/main/sightings/pgImport'
import { createSqliteSightingStore } from '../../src/main/sightings/store'
import { asyncSightingStore, type AsyncSightingStore } from '../../src/main/sightings/asyncStore'
import {
  countPgSightings,
  createPgSightingStore,
  createPgSightingWriter,
  dropSightingsBefore,
  listSightingDays
} from '../../src/main/sightings/pgRepository'
import { countSightings } from '../../src/main/sightings/repository'
import type { ImportSummary } from '../../src/shared/domain/import'
import type { Sighting } from '../../src/shared/domain/sighting'
import { ApiError } from '../../src/shared/ipc/errors'

type Backend = {
  store: AsyncSightingStore
  importFile(file: string): Promise<ImportSummary>
  count(): Promise<number>
  close(): Promise<void>
}

const CAMERAS = ['K-1', 'K-2', 'K-3']
const TZ = 'Asia/Shanghai'
let cluster: PgCluster
let dir: string
let dbSeq = 0

const BACKENDS: Record<string, () => Promise<Backend>> = {
  sqlite: () => {
    const db = openDatabase(path.join(dir, `room-${++dbSeq}.db`))
    migrate(db)
    const ins = db.prepare(
      'INSERT INTO cameras (code, name, lat, lng, anpr, created_at, updated_at) VALUES (?, ?, 30.1, 120.2, 1, 0, 0)'
    )
    for (const c of CAMERAS) ins.run(c, c)
    return Promise.resolve({
      store: asyncSightingStore(createSqliteSightingStore(db)),
      importFile: (file) => importSightingsFile(db, file, { timeZone: TZ }),
      count: () => Promise.resolve(countSightings(db)),
      close: () => {
        db.close()
        return Promise.resolve()
      }
    })
  },
  postgres: async () => {
    const pool = new pg.Pool({ connectionString: cluster.createDatabase(`room_${++dbSeq}`) })
    const client = await pool.connect()
    await migratePg(client, PG_MIGRATIONS)
    client.release()
    return {
      store: createPgSightingStore(pool),
      importFile: (file) =>
        importSightingsFileToPg(pool, file, { timeZone: TZ, knownCameras: new Set(CAMERAS) }),
      count: () => countPgSightings(pool),
      close: () => pool.end()
    }
  }
}

function csv(name: string, lines: string[]): string {
  const file = path.join(dir, name)
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

const HEADER =
  'camera_code,ts,plate,confidence,direction,plate_color,vehicle_color,vehicle_type,vehicle_brand'
// two UTC days (the room is at +08:00: 07:59 local on 2 June is still 1 June in UTC)
const ROWS = [
  'K-1,2026-06-01T14:00:00.000+08:00,浙A12345,0.9,E,blue,silver,sedan,volkswagen',
  'K-2,2026-06-01T14:00:30.000+08:00,浙A12345,,N,,,,',
  'K-1,2026-06-01T14:00:00.000+08:00,浙B00001,0.5,W,yellow,white,truck,',
  'K-3,2026-06-02T07:59:00.000+08:00,浙A12345,0.8,S,blue,silver,sedan,volkswagen',
  'K-1,2026-06-02T09:00:00.000+08:00,浙C77777,0.7,N,green,black,suv,byd'
]
const t = (iso: string): number => Date.parse(iso)

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wr-backends-'))
  cluster = await startPgCluster()
})
afterAll(() => cluster?.stop())

describe.each(Object.keys(BACKENDS))('sightings store on %s', (name) => {
  let b: Backend
  beforeAll(async () => {
    b = await BACKENDS[name]()
  })
  afterAll(() => b.close())

  it('imports a file and reads it back by camera and by plate, keys in order, then time, then file order', async () => {
    const s = await b.importFile(csv(`ok-${name}.csv`, [HEADER, ...ROWS]))
    expect(s).toMatchObject({ total: 5, added: 5, rejected: 0 })
    expect(await b.count()).toBe(5)
    const day = await b.store.inRange(
      ['K-2', 'K-1', 'K-2'],
      t('2026-06-01T06:00:00Z'),
      t('2026-06-01T06:00:30Z')
    )
    expect(day.map((x) => `${x.cameraCode} ${x.plate}`)).toEqual([
      'K-2 浙A12345',
      'K-1 浙A12345',
      'K-1 浙B00001'
    ])
    expect(day[0]).toEqual({
      cameraCode: 'K-2',
      ts: t('2026-06-01T06:00:30Z'),
      plate: '浙A12345',
      confidence: null,
      direction: 'N',
      plateColor: null,
      vehicleColor: null,
      vehicleType: null,
      vehicleBrand: null
    })
    expect(day[1]).toMatchObject({
      confidence: 0.9,
      vehicleColor: 'silver',
      vehicleBrand: 'volkswagen'
    })
    const trail = await b.store.byPlates(['浙C77777', '浙A12345'], 0, 8.64e15)
    expect(trail.map((x) => `${x.plate} ${x.cameraCode}`)).toEqual([
      '浙C77777 K-1',
      '浙A12345 K-1',
      '浙A12345 K-2',
      '浙A12345 K-3'
    ])
    // bounds are inclusive, and a fractional bound (clock offsets) cuts like on SQLite
    const at = t('2026-06-01T06:00:30Z')
    expect(await b.store.byPlates(['浙A12345'], at - 0.5, at + 0.5)).toHaveLength(1)
    expect(await b.store.byPlates(['浙A12345'], at + 0.5, at + 10)).toHaveLength(0)
    expect(await b.store.inRange([], 0, 8.64e15)).toEqual([])
  })

  it('refuses a file with one bad row whole, and a later good file adds to what is there', async () => {
    const bad = [HEADER, ...ROWS.slice(0, 2), 'K-404,2026-06-03T10:00:00+08:00,浙A99999,,,,,,']
    const err = await b.importFile(csv(`bad-${name}.csv`, bad)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const summary = (err as ApiError).details as ImportSummary
    expect(summary.errors[0]).toMatchObject({ line: 4, column: 'camera_code' })
    expect(await b.count()).toBe(5)
    // 3 June had no rows before: nothing of it may be left behind either
    expect(await b.store.inRange(['K-1', 'K-2'], t('2026-06-03T00:00:00Z'), 8.64e15)).toEqual([])
    const more = await b.importFile(
      csv(`more-${name}.csv`, [HEADER, 'K-2,2026-06-03T10:00:00+08:00,浙A99999,0.6,,,,,'])
    )
    expect(more.added).toBe(1)
    expect(await b.count()).toBe(6)
  })
})

describe('sightings on PostgreSQL: day partitions', () => {
  let pool: pg.Pool
  beforeAll(async () => {
    pool = new pg.Pool({ connectionString: cluster.createDatabase('partitions') })
    const c = await pool.connect()
    await migratePg(c, PG_MIGRATIONS)
    c.release()
  })
  afterAll(() => pool.end())

  it('creates a partition per UTC day on demand, and retention drops whole days', async () => {
    await importSightingsFileToPg(pool, csv('days.csv', [HEADER, ...ROWS]), {
      timeZone: TZ,
      knownCameras: new Set(CAMERAS)
    })
    expect(await listSightingDays(pool)).toEqual([
      t('2026-06-01T00:00:00Z'),
      t('2026-06-02T00:00:00Z')
    ])
    const c = await pool.connect()
    try {
      // a cut in the middle of 2 June keeps that day whole
      expect(await dropSightingsBefore(c, t('2026-06-02T12:00:00Z'))).toEqual([
        t('2026-06-01T00:00:00Z')
      ])
    } finally {
      c.release()
    }
    expect(await listSightingDays(pool)).toEqual([t('2026-06-02T00:00:00Z')])
    expect(await countPgSightings(pool)).toBe(1)
    // the day's partition carries the plate index the trail reads through
    const idx = await pool.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE tablename = 'sightings_d20260602' ORDER BY indexname"
    )
    const defs = idx.rows.map((r) => r.indexdef).join('\n')
    expect(defs).toMatch(/USING btree \(plate, ts\)/)
    expect(defs).toMatch(/USING btree \(camera_code, ts\)/)
    expect(defs).toMatch(/USING brin \(ts\)/)
    // built beside the table and attached: they are the parent's indexes' partitions, no extra check is left
    const attached = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE c.relname LIKE 'sightings_d20260602_%' AND i.inhparent IN
         (SELECT indexrelid FROM pg_index WHERE indrelid = 'sightings'::regclass)`
    )
    expect(attached.rows[0].n).toBe(idx.rows.length)
    const checks = await pool.query<{ name: string }>(
      "SELECT conname AS name FROM pg_constraint WHERE conrelid = 'sightings_d20260602'::regclass AND contype = 'c'"
    )
    expect(checks.rows.map((r) => r.name)).toEqual(['sightings_direction_check'])
  })

  it('loads a new day without blocking readers, and appends to an existing day through the parent', async () => {
    const day = t('2026-07-01T00:00:00Z')
    const rows = (from: number, n: number, plate: string): Sighting[] =>
      Array.from({ length: n }, (_, i) => ({
        cameraCode: 'K-1',
        ts: from + i * 1000,
        plate,
        confidence: 0.9,
        direction: 'N' as const
      }))
    const loader = await pool.connect()
    const reader = await pool.connect()
    try {
      await loader.query('BEGIN')
      const w = createPgSightingWriter(loader)
      await w.write(rows(day, 500, 'NEW'))
      // COPY text escapes: written only where a field needs them
      await w.write([{ ...rows(day + 500_000, 1, 'A\\B\tC\nD\rE')[0], vehicleBrand: null }])
      await w.write(rows(t('2026-06-02T08:00:00Z'), 3, 'OLD'))
      await w.end()
      // the load is not committed: a lookup's read still runs, and sees none of it
      await reader.query("SET lock_timeout = '2s'")
      const during = await reader.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM sightings WHERE plate IN ('NEW', 'OLD')"
      )
      expect(during.rows[0].n).toBe(0)
      await loader.query('COMMIT')
      // the new day's table was loaded WITH (FREEZE): every page frozen, nothing left for vacuum
      await loader.query('CREATE EXTENSION IF NOT EXISTS pg_visibility')
      const vm = await loader.query<{ frozen: number; pages: number }>(
        "SELECT all_frozen::int AS frozen, pg_relation_size('sightings_d20260701')::int / current_setting('block_size')::int AS pages FROM pg_visibility_map_summary('sightings_d20260701')"
      )
      expect(vm.rows[0].pages).toBeGreaterThan(0)
      expect(vm.rows[0].frozen).toBe(vm.rows[0].pages)
      const odd = await loader.query<{ plate: string; brand: string | null }>(
        "SELECT plate, vehicle_brand AS brand FROM sightings WHERE plate LIKE 'A%' AND ts = $1",
        [day + 500_000]
      )
      expect(odd.rows).toEqual([{ plate: 'A\\B\tC\nD\rE', brand: null }])
      await loader.query('BEGIN')
      const again = createPgSightingWriter(loader)
      await again.write(rows(day + 600_000, 2, 'NEW'))
      await again.end()
      await loader.query('COMMIT')
    } finally {
      loader.release()
      reader.release()
    }
    expect(await listSightingDays(pool)).toEqual([t('2026-06-02T00:00:00Z'), day])
    const byPlate = await pool.query<{ plate: string; n: number }>(
      "SELECT plate, count(*)::int AS n FROM sightings WHERE plate IN ('NEW', 'OLD') GROUP BY plate ORDER BY plate"
    )
    expect(byPlate.rows).toEqual([
      { plate: 'NEW', n: 502 },
      { plate: 'OLD', n: 3 }
    ])
    // file order within the day: seq rises with the rows as written
    const order = await pool.query<{ ok: boolean }>(
      "SELECT bool_and(prev < seq) AS ok FROM (SELECT seq, lag(seq) OVER (ORDER BY ts) AS prev FROM sightings WHERE plate = 'NEW') x WHERE prev IS NOT NULL"
    )
    expect(order.rows[0].ok).toBe(true)
  })
})
