import { beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import iconv from 'iconv-lite'
import Database from 'better-sqlite3'
import { ensureNodeBuild, watchroom } from '../../../helpers/cli'
import { createTestDb } from '../../../helpers/db'
import { importSightingsFile } from '../../../../src/main/sightings/import'
import { createSqliteSightingStore } from '../../../../src/main/sightings/store'
import type { ImportSummary } from '../../../../src/shared/domain/import'
import { ApiError } from '../../../../src/shared/ipc/errors'

const CAMERAS = 'code,name,lat,lng,anpr\nK-1,卡口一,30.1,120.2,1\nK-2,卡口二,30.11,120.21,1\n'

function rowsOf(db: Database.Database): number {
  return db.prepare('SELECT COUNT(*) FROM sightings').pluck().get() as number
}

describe('sightings import: all or nothing, any column order and encoding', () => {
  let dir: string
  beforeAll(() => {
    ensureNodeBuild()
    dir = mkdtempSync(path.join(os.tmpdir(), 'wr-sight-'))
  })

  it('refuses reordered columns with an unknown camera on row 15,002 whole (the reported failure)', () => {
    // what a new user tried: ts,plate,camera_code; 25,000 rows; one unregistered code
    const db = path.join(dir, 'reordered.db')
    writeFileSync(path.join(dir, 'cams.csv'), CAMERAS)
    expect(watchroom(['--db', db, 'import', 'cameras', path.join(dir, 'cams.csv')]).status).toBe(0)
    const lines = ['ts,plate,camera_code']
    const t0 = Date.parse('2026-06-01T06:00:00Z')
    for (let i = 0; i < 25_000; i++) {
      const code = i === 15_000 ? 'K-404' : i % 2 ? 'K-1' : 'K-2'
      lines.push(
        `${new Date(t0 + i * 100).toISOString()},浙A${String(10000 + i).slice(-5)},${code}`
      )
    }
    const file = path.join(dir, 'reordered.csv')
    writeFileSync(file, lines.join('\n') + '\n')
    const r = watchroom(['--db', db, 'import', 'sightings', file])
    expect(r.stdout).not.toMatch(/added/)
    expect(r.status).toBe(1)
    // the header is line 1, so the 15,001st data row (index 15,000) is line 15,002
    expect(r.stderr).toMatch(/line 15002, column camera_code: unknown_camera/)
    expect(r.stderr).toMatch(/nothing was imported/)
    const d = new Database(db, { readonly: true })
    expect(rowsOf(d)).toBe(0)
    d.close()
  })

  it('imports a GBK Chinese checkpoint export with local times in the room zone', async () => {
    const db = createTestDb()
    db.exec(
      "INSERT INTO cameras (code, name, lat, lng, anpr, created_at, updated_at) VALUES ('K-1', 'a', 30.1, 120.2, 1, 0, 0), ('K-2', 'b', 30.11, 120.21, 1, 0, 0)"
    )
    const text =
      '号牌号码,过车时间,卡口编号,号牌颜色,行驶方向,车身颜色,车辆类型,车辆品牌\n' +
      '浙A12345,2026-06-01 14:03:10,K-1,蓝,由西向东,银,轿车,大众\n' +
      '浙AD0588,2026-06-01 23:59:59.5,K-2,绿,北,白色,SUV,比亚迪\n' +
      '浙B77777,2026/06/02 00:00:01,K-1,黄,南,其他,货车,未知\n'
    const file = path.join(dir, 'gbk.csv')
    writeFileSync(file, iconv.encode(text, 'gbk'))
    const s = await importSightingsFile(db, file, { timeZone: 'Asia/Shanghai' })
    expect(s.added).toBe(3)
    const store = createSqliteSightingStore(db)
    const all = store
      .byPlates(['浙A12345', '浙AD0588', '浙B77777'], 0, 8.64e15)
      .sort((a, b) => a.ts - b.ts)
    expect(all.map((x) => new Date(x.ts).toISOString())).toEqual([
      '2026-06-01T06:03:10.000Z',
      '2026-06-01T15:59:59.500Z',
      '2026-06-01T16:00:01.000Z'
    ])
    expect(all[0]).toMatchObject({
      cameraCode: 'K-1',
      direction: 'E',
      plateColor: 'blue',
      vehicleColor: 'silver',
      vehicleType: 'sedan',
      vehicleBrand: 'volkswagen'
    })
    expect(all[1]).toMatchObject({ direction: 'N', vehicleColor: 'white', vehicleType: 'suv' })
    expect(all[2]).toMatchObject({ direction: 'S', vehicleType: 'truck', vehicleBrand: null })
  })

  it('reads local times in the zone it is given (New York, across a DST change)', async () => {
    const db = createTestDb()
    db.exec(
      "INSERT INTO cameras (code, name, lat, lng, anpr, created_at, updated_at) VALUES ('K-1', 'a', 30.1, 120.2, 1, 0, 0)"
    )
    const file = path.join(dir, 'ny.csv')
    writeFileSync(
      file,
      '过车时间,号牌号码,设备编号\n2026-03-07 12:00:00,A1,K-1\n2026-03-09 12:00:00,A2,K-1\n'
    )
    await importSightingsFile(db, file, { timeZone: 'America/New_York' })
    const ts = db.prepare('SELECT ts FROM sightings ORDER BY ts').pluck().all() as number[]
    expect(ts.map((t) => new Date(t).toISOString())).toEqual([
      '2026-03-07T17:00:00.000Z',
      '2026-03-09T16:00:00.000Z'
    ])
  })

  it('refuses a word outside a vocabulary, with its line and column, and keeps what was there', async () => {
    const db = createTestDb()
    db.exec(
      "INSERT INTO cameras (code, name, lat, lng, anpr, created_at, updated_at) VALUES ('K-1', 'a', 30.1, 120.2, 1, 0, 0)"
    )
    const good = path.join(dir, 'good.csv')
    writeFileSync(good, 'camera_code,ts,plate\nK-1,2026-06-01T14:00:00+08:00,A1\n')
    await importSightingsFile(db, good, { timeZone: 'Asia/Shanghai' })
    const bad = path.join(dir, 'badword.csv')
    writeFileSync(
      bad,
      'vehicle_color,plate,ts,camera_code\nred,A2,2026-06-01T14:00:01+08:00,K-1\nmauve,A3,2026-06-01T14:00:02+08:00,K-1\n'
    )
    const err = await importSightingsFile(db, bad, { timeZone: 'Asia/Shanghai' }).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(ApiError)
    const summary = (err as ApiError).details as ImportSummary
    expect(summary.errors.map((e) => `${e.line}:${e.column}:${e.code}`)).toEqual([
      '3:vehicle_color:invalid_value'
    ])
    expect(rowsOf(db as unknown as Database.Database)).toBe(1)
  })

  it('parses on the worker thread into the same rows, and refuses the same rows, as on this one', async () => {
    const workerFile = path.join(
      __dirname,
      '..',
      '..',
      '..',
      '..',
      'out',
      'node',
      'lookupWorker.cjs'
    )
    const cameras =
      "INSERT INTO cameras (code, name, lat, lng, anpr, created_at, updated_at) VALUES ('K-1', 'a', 30.1, 120.2, 1, 0, 0), ('K-2', 'b', 30.11, 120.21, 1, 0, 0)"
    const words = [
      '蓝,由西向东,银,轿车,大众',
      '绿,北,白色,SUV,比亚迪',
      ',,,,',
      '黄,南,其他,货车,未知'
    ]
    const lines = ['号牌号码,过车时间,卡口编号,置信度,号牌颜色,行驶方向,车身颜色,车辆类型,车辆品牌']
    // several batches of the parser, so batches cross between the threads while both run
    for (let i = 0; i < 25_000; i++) {
      const t = new Date(Date.parse('2026-06-01T06:00:00Z') + i * 250 + 8 * 3_600_000)
      const local = t.toISOString().replace('T', ' ').slice(0, 23)
      lines.push(
        `浙A${String(10000 + (i % 9000))},${local},K-${1 + (i % 2)},${i % 5 ? '0.9' : ''},${words[i % 4]}`
      )
    }
    const good = path.join(dir, 'worker-good.csv')
    writeFileSync(good, iconv.encode(lines.join('\r\n') + '\r\n', 'gbk'))
    const read = (db: ReturnType<typeof createTestDb>) =>
      db.prepare('SELECT * FROM sightings ORDER BY id').raw().all()

    const here = createTestDb()
    here.exec(cameras)
    const there = createTestDb()
    there.exec(cameras)
    const progress: number[] = []
    const a = await importSightingsFile(here, good, {
      timeZone: 'Asia/Shanghai',
      parseWorkerFile: null
    })
    const b = await importSightingsFile(there, good, {
      timeZone: 'Asia/Shanghai',
      parseWorkerFile: workerFile,
      onProgress: (bytes) => progress.push(bytes)
    })
    expect(b).toEqual(a)
    expect(b.added).toBe(25_000)
    expect(progress.length).toBeGreaterThan(1)
    expect(read(there)).toEqual(read(here))
    expect(read(there)[0]).toEqual([
      1,
      'K-1',
      Date.parse('2026-06-01T06:00:00Z'),
      '浙A10000',
      null,
      2,
      1,
      4,
      1,
      2
    ])

    // a bad row near the end: the thread's batches before it were inserted, and are rolled back
    const bad = path.join(dir, 'worker-bad.csv')
    lines[24_000] = lines[24_000].replace(',K-1,', ',K-404,').replace(',K-2,', ',K-404,')
    writeFileSync(bad, iconv.encode(lines.join('\n') + '\n', 'gbk'))
    const err = await importSightingsFile(there, bad, {
      timeZone: 'Asia/Shanghai',
      parseWorkerFile: workerFile
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    const summary = (err as ApiError).details as ImportSummary
    expect(summary.errors.map((e) => `${e.line}:${e.column}:${e.code}`)).toEqual([
      '24001:camera_code:unknown_camera'
    ])
    expect(rowsOf(there as unknown as Database.Database)).toBe(25_000)
  })

  it('tells a registered camera code from one of the same length and last character', async () => {
    const db = createTestDb()
    db.exec(
      "INSERT INTO cameras (code, name, lat, lng, anpr, created_at, updated_at) VALUES ('K-12', 'a', 30.1, 120.2, 1, 0, 0)"
    )
    const file = path.join(dir, 'shapes.csv')
    writeFileSync(
      file,
      'camera_code,ts,plate\n K-12 ,2026-06-01T14:00:00+08:00,A1\nX-12,2026-06-01T14:00:01+08:00,A2\nk-12,2026-06-01T14:00:02+08:00,A3\n'
    )
    const err = await importSightingsFile(db, file, { timeZone: 'Asia/Shanghai' }).catch(
      (e: unknown) => e
    )
    const summary = (err as ApiError).details as ImportSummary
    expect(summary.errors.map((e) => `${e.line}:${e.column}:${e.code}`)).toEqual([
      '3:camera_code:unknown_camera',
      '4:camera_code:unknown_camera'
    ])
    expect(rowsOf(db as unknown as Database.Database)).toBe(0)
  })
})
