import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { createTestDb } from '../helpers/db'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { importCamerasCsv, importRoadsGeoJson } from '../../src/main/registry/service'
import { ApiError } from '../../src/shared/ipc/errors'
import { IMPORT_ERROR_CODES } from '../../src/main/registry/io/validate'

const runs = Number(process.env.FC_RUNS ?? 300)
const count = (db: ReturnType<typeof createTestDb>, t: string) =>
  db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number

// rows that are often valid, sometimes not: the interesting mix for all-or-nothing
const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '',
    '30.1',
    '120.2',
    '95',
    '=1+1',
    '金城路',
    'http://x/y.m3u8',
    'rtsp://h/s',
    '1',
    'yes',
    'social'
  )
)
const csvRow = fc.tuple(
  fc.stringMatching(/^[A-Z]{1,2}-\d{1,3}$/),
  cell,
  fc.oneof(fc.double({ min: -100, max: 100, noNaN: true }).map(String), cell),
  fc.oneof(fc.double({ min: -200, max: 200, noNaN: true }).map(String), cell),
  cell
)
const csvFile = fc
  .array(csvRow, { maxLength: 20 })
  .map(
    (rows) =>
      'code,name,lat,lng,stream_url\n' +
      rows
        .map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','))
        .join('\n')
  )

describe('importers under fuzzing: all or nothing, a typed error for every rejection', () => {
  it('cameras.csv', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          csvFile,
          fc.string(),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'))
        ),
        async (text) => {
          const db = createTestDb()
          try {
            const s = await importCamerasCsv(sqliteSql(db), Buffer.from(text), {
              dryRun: false,
              actor: 'fuzz',
              now: 1
            })
            expect(s.rejected).toBe(0)
            expect(count(db, 'cameras')).toBe(s.added + s.updated)
          } catch (err) {
            expect(err).toBeInstanceOf(ApiError)
            const e = err as ApiError
            expect(e.code).toBe('import_rejected')
            const summary = e.details as { errors: { code: string; line: number }[] }
            for (const row of summary.errors)
              expect(IMPORT_ERROR_CODES as readonly string[]).toContain(row.code)
            expect(count(db, 'cameras')).toBe(0)
          } finally {
            db.close()
          }
        }
      ),
      { numRuns: runs }
    )
  })

  it('roads.geojson', async () => {
    const coord = fc.tuple(
      fc.double({ min: -190, max: 190, noNaN: true }),
      fc.double({ min: -95, max: 95, noNaN: true })
    )
    const feature = fc.record({
      type: fc.constantFrom('Feature', 'Feature', 'Nope'),
      properties: fc.record({
        name: fc.oneof(fc.string(), fc.constant(undefined)),
        oneway: fc.constantFrom(true, false, 'yes', '-1', 'maybe', undefined),
        speed_kmh: fc.oneof(fc.integer({ min: -5, max: 300 }), fc.constant(undefined))
      }),
      geometry: fc.oneof(
        fc.record({
          type: fc.constant('LineString'),
          coordinates: fc.array(coord, { maxLength: 4 })
        }),
        fc.constant(null),
        fc.record({ type: fc.constant('Point'), coordinates: coord })
      )
    })
    const file = fc.oneof(
      fc
        .array(feature, { maxLength: 8 })
        .map((features) => JSON.stringify({ type: 'FeatureCollection', features })),
      fc.string(),
      fc.json()
    )
    await fc.assert(
      fc.asyncProperty(file, async (text) => {
        const db = createTestDb()
        try {
          const s = await importRoadsGeoJson(sqliteSql(db), Buffer.from(text), {
            dryRun: false,
            actor: 'fuzz',
            now: 1
          })
          expect(count(db, 'roads')).toBe(s.added + s.updated)
        } catch (err) {
          expect(err).toBeInstanceOf(ApiError)
          expect((err as ApiError).code).toBe('import_rejected')
          expect(count(db, 'roads')).toBe(0)
        } finally {
          db.close()
        }
      }),
      { numRuns: runs }
    )
  })
})
