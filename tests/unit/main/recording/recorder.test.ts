import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDb } from '../../../helpers/db'
import {
  addCamera,
  ffmpegPath,
  makeClip,
  startFakeCamera,
  until,
  type Clip
} from '../../../helpers/recording'
import { createRecorder } from '../../../../src/main/recording/recorder'
import {
  availability,
  listSegments,
  type SegmentRow
} from '../../../../src/main/recording/repository'
import { resolveInStore } from '../../../../src/main/recording/store'
import { findGaps } from '../../../../src/main/playback/vod'
import type { Sql } from '../../../../src/main/db/sql'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'

let tmp = ''
let clip: Clip
// recent, so retention (30 days) keeps it
const BASE = Math.floor(Date.now() / 1000) * 1000 - 600_000

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-rec-'))
  clip = await makeClip(path.join(tmp, 'clip'), 12)
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const segmentsOf = (sql: Sql, id: number): Promise<SegmentRow[]> =>
  listSegments(sql, id, 0, 8.64e15)

describe('recorder', () => {
  it('indexes live segments with PROGRAM-DATE-TIME times, bytes and paths inside the store', async () => {
    const db = sqliteSql(createTestDb())
    const store = path.join(tmp, 'store-index')
    const cam = await startFakeCamera(clip, { baseMs: BASE })
    const id = await addCamera(db, 'C1', cam.url)
    const rec = createRecorder({ sql: db, storeDir: store, pollMs: 30 })
    try {
      cam.state.head = 2
      await rec.start()
      await until(async () => (await segmentsOf(db, id)).length >= 3, 10_000, '3 segments')
      cam.state.head = 5
      const rows = await until(
        async () => {
          const r = await segmentsOf(db, id)
          return r.length >= 6 ? r : null
        },
        10_000,
        '6 segments'
      )
      expect(rows.map((r) => r.startMs)).toEqual([0, 1, 2, 3, 4, 5].map((n) => BASE + n * 1000))
      for (const [n, r] of rows.entries()) {
        expect(r.endMs - r.startMs).toBe(1000)
        expect(r.durationMs).toBe(1000)
        expect(r.timeSource).toBe('pdt')
        const full = resolveInStore(store, r.path)
        expect(full).toBeDefined()
        expect(statSync(full ?? '').size).toBe(r.bytes)
        expect(readFileSync(full ?? '').equals(readFileSync(clip.files[n] ?? ''))).toBe(true)
      }
      expect(await availability(db, id, BASE - 10_000, BASE + 60_000, 0)).toEqual([
        { from: BASE, to: BASE + 6000 }
      ])
      expect(await rec.usedBytes()).toBe(rows.reduce((n, r) => n + r.bytes, 0))
    } finally {
      await rec.stop()
      await cam.close()
    }
  })

  it('leaves a real gap while a camera is away, continues when it is back, and resumes after a restart', async () => {
    const db = sqliteSql(createTestDb())
    const store = path.join(tmp, 'store-gap')
    const cam = await startFakeCamera(clip, { baseMs: BASE, window: 3 })
    const id = await addCamera(db, 'C2', cam.url)
    let rec = createRecorder({ sql: db, storeDir: store, pollMs: 30 })
    try {
      cam.state.head = 3
      await rec.start()
      await until(async () => (await segmentsOf(db, id)).length >= 3, 10_000, 'first segments')
      // away: 404 while time (the head) moves on past the playlist window
      cam.state.offline = true
      await until(
        async () => (await rec.status()).find((s) => s.cameraId === id)?.state === 'waiting',
        10_000,
        'waiting state'
      )
      cam.state.head = 10
      cam.state.offline = false
      await until(
        async () => (await segmentsOf(db, id)).some((r) => r.startMs === BASE + 10_000),
        10_000,
        'segment 10'
      )
      const rows = await segmentsOf(db, id)
      const starts = rows.map((r) => (r.startMs - BASE) / 1000)
      expect(starts).toEqual([1, 2, 3, 8, 9, 10])
      expect(findGaps(rows)).toEqual([{ from: BASE + 4000, to: BASE + 8000 }])
      // the footage after the outage is a new run (timestamps may have jumped)
      expect(new Set(rows.map((r) => r.run)).size).toBe(2)

      // restart: nothing duplicated, the window's new segments picked up
      await rec.stop()
      cam.state.head = 12
      rec = createRecorder({ sql: db, storeDir: store, pollMs: 30 })
      await rec.start()
      await until(
        async () => (await segmentsOf(db, id)).some((r) => r.startMs === BASE + 12_000),
        10_000,
        'segment 12 after restart'
      )
      const after = await segmentsOf(db, id)
      expect(after.map((r) => (r.startMs - BASE) / 1000)).toEqual([1, 2, 3, 8, 9, 10, 11, 12])
      expect(new Set(after.map((r) => r.path)).size).toBe(after.length)
    } finally {
      await rec.stop()
      await cam.close()
    }
  })

  it('times segments by arrival when the source has no PROGRAM-DATE-TIME, chained back to back', async () => {
    const db = sqliteSql(createTestDb())
    const cam = await startFakeCamera(clip, { baseMs: BASE, pdt: false })
    const id = await addCamera(db, 'C3', cam.url)
    const rec = createRecorder({ sql: db, storeDir: path.join(tmp, 'store-arrival'), pollMs: 30 })
    try {
      cam.state.head = 1
      const t0 = Date.now()
      await rec.start()
      await until(async () => (await segmentsOf(db, id)).length >= 2, 10_000)
      cam.state.head = 3
      const rows = await until(async () => {
        const r = await segmentsOf(db, id)
        return r.length >= 4 ? r : null
      }, 10_000)
      expect(rows.every((r) => r.timeSource === 'arrival')).toBe(true)
      expect(rows[0]?.startMs).toBeGreaterThanOrEqual(t0 - 2000)
      for (let i = 1; i < rows.length; i++) expect(rows[i]?.startMs).toBe(rows[i - 1]?.endMs)
    } finally {
      await rec.stop()
      await cam.close()
    }
  })

  it('removes files the index does not know (crash between write and insert) at start', async () => {
    const db = sqliteSql(createTestDb())
    const store = path.join(tmp, 'store-reconcile')
    const cam = await startFakeCamera(clip, { baseMs: BASE })
    const id = await addCamera(db, 'C4', cam.url)
    let rec = createRecorder({ sql: db, storeDir: store, pollMs: 30 })
    cam.state.head = 1
    await rec.start()
    const rows = await until(async () => {
      const r = await segmentsOf(db, id)
      return r.length >= 2 ? r : null
    }, 10_000)
    await rec.stop()
    const dayDir = path.dirname(resolveInStore(store, rows[0]?.path ?? '') ?? '')
    const orphan = path.join(dayDir, `${BASE + 99_000}-99.ts`)
    const part = path.join(dayDir, `${BASE + 98_000}-99.ts.part`)
    writeFileSync(orphan, 'x')
    writeFileSync(part, 'x')
    cam.state.offline = true
    rec = createRecorder({ sql: db, storeDir: store, pollMs: 30 })
    await rec.start()
    await rec.stop()
    expect(existsSync(orphan)).toBe(false)
    expect(existsSync(part)).toBe(false)
    for (const r of rows) expect(existsSync(resolveInStore(store, r.path) ?? '')).toBe(true)
    await cam.close()
  })

  it('records an rtsp:// camera through ffmpeg -c copy into indexed segments', async () => {
    const db = sqliteSql(createTestDb())
    const store = path.join(tmp, 'store-rtsp')
    const source = path.join(tmp, 'rtsp-source.ts')
    // stands in for the camera: a 2 s GOP H.264 stream read in real time
    mkdirSync(tmp, { recursive: true })
    const { runFfmpeg } = await import('../../../../src/main/media/ffmpeg')
    await runFfmpeg(
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=160x90:rate=10:duration=8',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-g',
        '20',
        '-f',
        'mpegts',
        source
      ],
      { ffmpegPath }
    )
    const id = await addCamera(db, 'R1', 'rtsp://camera.invalid/stream1')
    const rec = createRecorder({
      sql: db,
      storeDir: store,
      pollMs: 100,
      ffmpegPath,
      ingestInputArgs: () => ['-re', '-i', source]
    })
    try {
      const t0 = Date.now()
      await rec.start()
      const rows = await until(
        async () => {
          const r = await segmentsOf(db, id)
          return r.length >= 2 ? r : null
        },
        20_000,
        'ingested segments'
      )
      for (const r of rows) {
        expect(r.timeSource).toBe('pdt')
        expect(r.startMs).toBeGreaterThan(t0 - 5000)
        expect(r.durationMs).toBeGreaterThan(1500)
        expect(r.durationMs).toBeLessThan(2500)
        expect(readFileSync(resolveInStore(store, r.path) ?? '')[0]).toBe(0x47)
      }
    } finally {
      await rec.stop()
    }
    expect(existsSync(path.join(store, '.ingest', String(id)))).toBe(false)
  })
})
