import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../../../src/main/db/database'
import { migrate } from '../../../../src/main/db/migrate'
import { MIGRATIONS } from '../../../../src/main/db/migrations'
import { createSqliteSightingStore } from '../../../../src/main/sightings/store'
import {
  attributeCode,
  prepareSightingInsert,
  prepareSightingReads
} from '../../../../src/main/sightings/repository'
import {
  HEADINGS,
  PLATE_COLORS,
  VEHICLE_BRANDS,
  VEHICLE_COLORS,
  VEHICLE_TYPES
} from '../../../../src/shared/domain/sighting'
import type { Sighting } from '../../../../src/shared/domain/sighting'
import { createTestDb } from '../../../helpers/db'

const T0 = Date.parse('2026-06-01T06:00:00Z')

describe('sightings store on SQLite', () => {
  it('keeps every attribute word through its stored code, and "not told" as null', () => {
    const db = createTestDb()
    const longest = Math.max(
      HEADINGS.length,
      PLATE_COLORS.length,
      VEHICLE_COLORS.length,
      VEHICLE_TYPES.length,
      VEHICLE_BRANDS.length
    )
    const rows: Sighting[] = Array.from({ length: longest + 1 }, (_, i) => ({
      cameraCode: 'K-1',
      ts: T0 + i * 1000,
      plate: `浙A${String(10000 + i)}`,
      confidence: i === 0 ? null : 0.5 + i / 100,
      // row 0 has no attributes; the others go through each vocabulary
      direction: i === 0 ? null : HEADINGS[(i - 1) % HEADINGS.length],
      plateColor: i === 0 ? null : PLATE_COLORS[(i - 1) % PLATE_COLORS.length],
      vehicleColor: i === 0 ? null : VEHICLE_COLORS[(i - 1) % VEHICLE_COLORS.length],
      vehicleType: i === 0 ? null : VEHICLE_TYPES[(i - 1) % VEHICLE_TYPES.length],
      vehicleBrand: i === 0 ? null : VEHICLE_BRANDS[(i - 1) % VEHICLE_BRANDS.length]
    }))
    // more rows than one multi-row INSERT takes, so both statements are used
    const many = Array.from({ length: 3 }, (_, k) =>
      rows.map((r) => ({ ...r, ts: r.ts + k * 3_600_000 }))
    ).flat()
    db.transaction(() => prepareSightingInsert(db)(many))()
    const back = createSqliteSightingStore(db).inRange(['K-1'], 0, 8.64e15)
    expect(back).toEqual(many)
    const stored = db
      .prepare('SELECT direction, vehicle_brand FROM sightings ORDER BY id LIMIT 2')
      .raw()
      .all()
    expect(stored).toEqual([
      [null, null],
      [1, 1]
    ])
  })

  it('answers camera by camera in the order asked, each by time then file order, duplicates once', () => {
    const db = createTestDb()
    const at = (cameraCode: string, s: number, plate: string): Sighting => ({
      cameraCode,
      ts: T0 + s * 1000,
      plate,
      confidence: 0.9
    })
    db.transaction(() =>
      prepareSightingInsert(db)([
        at('K-2', 5, 'A5'),
        at('K-1', 3, 'A3'),
        at('K-2', 1, 'A1'),
        at('K-1', 3, 'A4'),
        at('K-3', 2, 'A2'),
        at('K-1', 9, 'A9')
      ])
    )()
    const store = createSqliteSightingStore(db)
    const got = store.inRange(['K-2', 'K-1', 'K-2', 'K-404'], T0, T0 + 8000)
    expect(got.map((s) => `${s.cameraCode}:${s.plate}`)).toEqual([
      'K-2:A1',
      'K-2:A5',
      'K-1:A3',
      'K-1:A4'
    ])
    expect(store.byPlates(['A4', 'A1', 'A4'], 0, 8.64e15).map((s) => s.cameraCode)).toEqual([
      'K-1',
      'K-2'
    ])
    expect(store.inRange([], 0, 8.64e15)).toEqual([])
    const reads = prepareSightingReads(db)
    expect(reads.atCameras(['K-1', 'K-2'], 0, 8.64e15, 2).map((s) => s.plate)).toEqual(['A3', 'A4'])
    expect(reads.withPlatePrefix('A', T0, T0 + 4000).map((s) => s.plate)).toEqual([
      'A1',
      'A2',
      'A3',
      'A4'
    ])
  })

  it('migration 0012 turns the words of earlier databases into codes and keeps the reads', () => {
    const db = openMemoryDatabase()
    migrate(db, MIGRATIONS.slice(0, 11))
    db.exec(
      `INSERT INTO sightings (camera_code, ts, plate, confidence, direction, plate_color, vehicle_color, vehicle_type, vehicle_brand)
       VALUES ('K-1', ${T0}, '浙A12345', 0.9, 'E', 'blue', 'silver', 'sedan', 'volkswagen'),
              ('K-1', ${T0 + 1000}, '浙B00001', NULL, NULL, NULL, NULL, NULL, NULL),
              ('K-2', ${T0 + 2000}, '浙C00002', 0.5, 'W', 'green', 'other', 'other', 'li-auto')`
    )
    migrate(db)
    expect(createSqliteSightingStore(db).inRange(['K-1', 'K-2'], 0, 8.64e15)).toEqual([
      {
        cameraCode: 'K-1',
        ts: T0,
        plate: '浙A12345',
        confidence: 0.9,
        direction: 'E',
        plateColor: 'blue',
        vehicleColor: 'silver',
        vehicleType: 'sedan',
        vehicleBrand: 'volkswagen'
      },
      {
        cameraCode: 'K-1',
        ts: T0 + 1000,
        plate: '浙B00001',
        confidence: null,
        direction: null,
        plateColor: null,
        vehicleColor: null,
        vehicleType: null,
        vehicleBrand: null
      },
      {
        cameraCode: 'K-2',
        ts: T0 + 2000,
        plate: '浙C00002',
        confidence: 0.5,
        direction: 'W',
        plateColor: 'green',
        vehicleColor: 'other',
        vehicleType: 'other',
        vehicleBrand: 'li-auto'
      }
    ])
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sightings'")
      .pluck()
      .all()
    expect(indexes.sort()).toEqual([
      'sightings_byCameraTs',
      'sightings_byColorTs',
      'sightings_byPlateTs'
    ])
  })

  it('stores the codes the migration wrote: the vocabularies only grow at their end', () => {
    // the SQL of 0012 spells out each word's code; a reordered vocabulary would read other words
    const sql = MIGRATIONS.find((m) => m.name.startsWith('0012'))?.sql ?? ''
    const fields = [
      ['direction', HEADINGS],
      ['plateColor', PLATE_COLORS],
      ['vehicleColor', VEHICLE_COLORS],
      ['vehicleType', VEHICLE_TYPES],
      ['vehicleBrand', VEHICLE_BRANDS]
    ] as const
    for (const [field, words] of fields) {
      const column = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
      const block = sql.slice(sql.indexOf(`CASE ${column}`))
      const written = [
        ...block.slice(0, block.indexOf('END')).matchAll(/WHEN '([^']+)' THEN (\d+)/g)
      ]
      expect(written.length).toBeGreaterThan(0)
      for (const [, word, code] of written) expect(attributeCode(field, word)).toBe(Number(code))
      expect(written.length).toBeLessThanOrEqual(words.length)
    }
  })
})
