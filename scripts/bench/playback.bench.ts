/**
 * Playback benchmark (`npm run bench -- playback`). Prints:
 *   - seek latency with 9 cameras in the WatchRoom playback workspace (host
 *     mode, headless Chromium): from the seek until every tile shows a decoded
 *     frame at the target time (median and worst of 12 seeks, paused);
 *   - sync error between tiles while playing at 1× and at 4× (each tile's
 *     shown footage time against the master clock, sampled every 100 ms);
 *   - evidence export time for 4 cameras × 10 minutes divided by the time of
 *     a bare `ffmpeg -f concat -c copy` of the same segments.
 * Targets: median seek < 1 s, sync error < 100 ms, export ratio ≤ 1.25.
 * Measures and prints; exits non-zero only when it cannot measure.
 */
import { CHROMIUM_FLAGS } from '../../tests/helpers/chromium'
import { buildIfNeeded } from '../../tests/helpers/buildIfNeeded'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { startHost } from '../../tests/helpers/hostServer'
import { openDatabase } from '../../src/main/db/database'
import { createDemoSource } from '../../src/main/demo/source'
import { resolveFfmpeg, runFfmpeg } from '../../src/main/media/ffmpeg'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { upsertCameras, getCameraByCode } from '../../src/main/cameras/repository'
import { insertSegment, listSegments } from '../../src/main/recording/repository'
import { resolveInStore, segmentRelPath } from '../../src/main/recording/store'
import { createExporter } from '../../src/main/export/exporter'
import { createFootageReader } from '../../src/main/playback/footage'
import { createSigner } from '../../src/main/playback/tokens'
import { createEventBus } from '../../src/main/app/bus'
import { readPlaybackSnapshot } from '../../tests/e2e/pages/PlaybackPage'

const ROOT = path.resolve(__dirname, '..', '..')
const FLAGS = CHROMIUM_FLAGS
const SEEKS = 12
const SYNC_SECONDS = 10
const EXPORT_CAMERAS = 4
const EXPORT_MINUTES = 10
const RUNS = 3

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b)
const median = (xs: number[]) => {
  const s = sorted(xs)
  return s.length
    ? ((s[Math.floor((s.length - 1) / 2)] ?? 0) + (s[Math.ceil((s.length - 1) / 2)] ?? 0)) / 2
    : NaN
}
const quantile = (xs: number[], q: number) =>
  sorted(xs)[Math.min(xs.length - 1, Math.floor(q * xs.length))] ?? NaN
const ms = (x: number) => `${x.toFixed(0)} ms`
const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target')

type Reader = { __readPlayback: typeof readPlaybackSnapshot }

/** `YYYY-MM-DD HH:mm:ss.SSS` in the room's zone, what the go-to box takes. */
function roomTime(t: number): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23'
    })
      .formatToParts(t)
      .map((x) => [x.type, x.value])
  )
  const milli = String(t % 1000).padStart(3, '0')
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}.${milli}`
}

/** Seeks as the operator does: the go-to box and Enter (the in-page time starts at the key press). */
async function seekByBox(page: Page, t: number): Promise<void> {
  const box = page.getByTestId('playback-goto')
  await box.fill(roomTime(t))
  await box.evaluate((el) =>
    el.addEventListener(
      'keydown',
      () => ((window as unknown as { __seekAt: number }).__seekAt = performance.now()),
      { once: true, capture: true }
    )
  )
  await box.press('Enter')
}

async function openNine(page: Page, url: string, codes: string[], at: number): Promise<void> {
  await page.goto(url)
  await page.locator('#username').fill('admin')
  await page.locator('#password').fill('demo1234')
  await page.locator('button[type=submit]').click()
  await page.getByTestId('nav-playback').click()
  const input = page.getByTestId('playback-cameras').locator('input')
  for (const code of codes) {
    await input.fill(code)
    await page.locator('.ant-select-item-option', { hasText: code }).first().click()
  }
  await page.keyboard.press('Escape')
  await seekByBox(page, at)
  await page.waitForFunction(
    (n) => {
      const s = (window as unknown as Reader).__readPlayback()
      return s.tiles.length === n && s.tiles.every((t) => !t.gap && t.readyState >= 2 && !t.seeking)
    },
    codes.length,
    { timeout: 90_000, polling: 100 }
  )
}

/** One seek, timed in the page: until every tile has a decoded frame within one frame of the target. */
async function timedSeek(page: Page, t: number): Promise<number> {
  await seekByBox(page, t)
  return page.evaluate(async () => {
    const w = window as unknown as Reader & { __seekAt: number }
    const t0 = w.__seekAt
    for (;;) {
      const s = w.__readPlayback()
      if (
        s.tiles.every(
          (x) =>
            !x.gap &&
            x.readyState >= 2 &&
            !x.seeking &&
            x.errorMs !== null &&
            Math.abs(x.errorMs) <= 67
        )
      )
        return performance.now() - t0
      if (performance.now() - t0 > 20_000) return Number.POSITIVE_INFINITY
      await new Promise((r) => requestAnimationFrame(r))
    }
  })
}

async function syncErrors(
  page: Page,
  rate: string
): Promise<{ abs: number[]; spread: number[]; speed: number }> {
  await page.getByTestId('playback-speed').click()
  await page.locator('.ant-select-item-option', { hasText: new RegExp(`^${rate}$`) }).click()
  await page.getByTestId('playback-play').click()
  await sleep(3000)
  const r = await page.evaluate(async (seconds) => {
    const read = (window as unknown as Reader).__readPlayback
    const abs: number[] = []
    const spread: number[] = []
    const c0 = read().clockMs
    const w0 = performance.now()
    for (let i = 0; i < seconds * 10; i++) {
      const s = read()
      const errs = s.tiles.filter((t) => t.errorMs !== null).map((t) => t.errorMs as number)
      if (errs.length) {
        abs.push(Math.max(...errs.map(Math.abs)))
        spread.push(Math.max(...errs) - Math.min(...errs))
      }
      await new Promise((res) => setTimeout(res, 100))
    }
    return { abs, spread, speed: (read().clockMs - c0) / (performance.now() - w0) }
  }, SYNC_SECONDS)
  await page.getByTestId('playback-play').click()
  return r
}

async function browserPart(): Promise<void> {
  buildIfNeeded()
  const host = await startHost()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: FLAGS
  })
  try {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 960 },
      timezoneId: 'Asia/Shanghai'
    })
    // the DOM reader of the sync state, injected by the browser (the app's CSP allows no eval);
    // __name: the helper a transpiler may wrap functions in
    await context.addInitScript({
      content: `window.__name = window.__name || ((f) => f); window.__readPlayback = ${readPlaybackSnapshot.toString()}`
    })
    const page = await context.newPage()
    const codes = Array.from({ length: 9 }, (_, i) => `BG-${String(i + 1).padStart(4, '0')}`)
    const start = Date.now() - 50 * 60_000
    await openNine(page, host.url, codes, start)
    // seeks across the demo hour, away from the buffered range each time
    const seeks: number[] = []
    for (let i = 0; i < SEEKS; i++) {
      const target = Date.now() - 55 * 60_000 + ((i * 7 + 3) % SEEKS) * 4 * 60_000 + 1234
      seeks.push(await timedSeek(page, target))
    }
    const med = median(seeks)
    console.log(
      `seek latency, 9 cameras (${SEEKS} seeks): median ${ms(med)}, p90 ${ms(quantile(seeks, 0.9))}, worst ${ms(Math.max(...seeks))} — target < 1000 ms: ${verdict(med < 1000)} (ratio ${(med / 1000).toFixed(2)})`
    )
    for (const rate of ['1×', '4×']) {
      const r = await syncErrors(page, rate)
      const p95 = quantile(r.abs, 0.95)
      console.log(
        `sync at ${rate}: |tile − clock| median ${ms(median(r.abs))}, p95 ${ms(p95)}, max ${ms(Math.max(...r.abs))}; spread between tiles median ${ms(median(r.spread))}, p95 ${ms(quantile(r.spread, 0.95))}; clock ran at ${r.speed.toFixed(2)}× — target < 100 ms (p95): ${verdict(p95 < 100)} (ratio ${(p95 / 100).toFixed(2)})`
      )
    }
  } finally {
    await browser.close()
    await host.stop()
  }
}

async function exportPart(): Promise<void> {
  const ffmpegPath = resolveFfmpeg().path
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-bench-export-'))
  const cacheDir =
    process.env.WATCHROOM_DEMO_CACHE ?? path.join(os.tmpdir(), 'watchroom-demo-cache')
  try {
    const db = openDatabase(path.join(tmp, 'watchroom.db'))
    // tsx cannot load the `?raw` migration imports: apply the same files in order
    const dir = path.join(ROOT, 'src/main/db/migrations')
    for (const f of readdirSync(dir)
      .filter((n) => n.endsWith('.sql'))
      .sort())
      db.exec(readFileSync(path.join(dir, f), 'utf8'))
    const store = path.join(tmp, 'recordings')
    const codes = Array.from(
      { length: EXPORT_CAMERAS },
      (_, i) => `BG-${String(i + 1).padStart(4, '0')}`
    )
    const demo = createDemoSource({
      cacheDir,
      cameras: codes.map((code) => ({ code, name: code })),
      ffmpegPath
    })
    await demo.ensure(codes)
    // 10 minutes of real recorded segments per camera (the demo's 640×360 stream, as the recorder stores it)
    const segMs = demo.segmentSeconds * 1000
    const last = Math.floor(Date.now() / segMs) - 1
    const first = last - (EXPORT_MINUTES * 60_000) / segMs + 1
    const from = first * segMs
    const to = (last + 1) * segMs
    const cameraIds: number[] = []
    for (const code of codes) {
      await upsertCameras(
        sqliteSql(db),
        [
          {
            code,
            name: code,
            lat: 30,
            lng: 120,
            headingDeg: null,
            fovDeg: null,
            anpr: false,
            streamUrl: `demo://${code}`,
            subStreamUrl: null,
            block: null,
            community: null,
            kind: null,
            owner: null,
            notes: null
          }
        ],
        'bench',
        Date.now()
      )
      const id = (await getCameraByCode(sqliteSql(db), code))?.id ?? 0
      cameraIds.push(id)
      for (let seq = first; seq <= last; seq++) {
        const bytes = await demo.segment(code, 'main', seq, { cache: false })
        if (!bytes) throw new Error(`no demo segment ${code}/${seq}`)
        const rel = segmentRelPath(id, seq * segMs, 1)
        const full = resolveInStore(store, rel) ?? ''
        mkdirSync(path.dirname(full), { recursive: true })
        writeFileSync(full, bytes)
        await insertSegment(sqliteSql(db), {
          cameraId: id,
          startMs: seq * segMs,
          endMs: (seq + 1) * segMs,
          durationMs: segMs,
          bytes: bytes.length,
          path: rel,
          run: 1,
          timeSource: 'pdt',
          createdAt: Date.now()
        })
      }
    }
    await demo.close()
    let stored = 0
    for (const id of cameraIds)
      for (const s of await listSegments(sqliteSql(db), id, from, to)) stored += s.bytes
    const mb = stored / 1024 ** 2
    const exporter = createExporter({
      sql: sqliteSql(db),
      bus: createEventBus(),
      now: Date.now,
      exportsDir: path.join(tmp, 'exports'),
      footage: createFootageReader(store, null),
      signer: createSigner(),
      mediaBase: '/media',
      ffmpegPath
    })
    // bare: the same segments, one `ffmpeg -f concat -c copy` per camera, two at a time like the exporter
    const lists: string[] = []
    for (const [i, id] of cameraIds.entries()) {
      const list = path.join(tmp, `bare-${i}.txt`)
      writeFileSync(
        list,
        `ffconcat version 1.0\n${(await listSegments(sqliteSql(db), id, from, to))
          .map((s) => `file '${resolveInStore(store, s.path) ?? ''}'`)
          .join('\n')}\n`
      )
      lists.push(list)
    }
    const bare = async (): Promise<number> => {
      const t0 = performance.now()
      const queue = [...lists]
      const worker = async () => {
        for (let list = queue.shift(); list; list = queue.shift()) {
          await runFfmpeg(
            [
              '-hide_banner',
              '-nostdin',
              '-loglevel',
              'error',
              '-y',
              '-f',
              'concat',
              '-safe',
              '0',
              '-i',
              list,
              '-c',
              'copy',
              `${list}.mp4`
            ],
            { ffmpegPath }
          )
        }
      }
      await Promise.all([worker(), worker()])
      return performance.now() - t0
    }
    const ours = async (): Promise<number> => {
      const t0 = performance.now()
      const job = await exporter.create(
        { cameraIds, from, to },
        { username: 'bench', displayName: 'bench' }
      )
      const done = await exporter.wait(job.id)
      if (done.status !== 'done') throw new Error(`export ${done.status}: ${done.error ?? ''}`)
      return performance.now() - t0
    }
    await bare() // warm the page cache for both
    const bareTimes: number[] = []
    const ourTimes: number[] = []
    for (let i = 0; i < RUNS; i++) {
      bareTimes.push(await bare())
      ourTimes.push(await ours())
    }
    const ratio = median(ourTimes) / median(bareTimes)
    console.log(
      `export ${EXPORT_CAMERAS} cameras × ${EXPORT_MINUTES} min (${mb.toFixed(0)} MB of segments): WatchRoom ${ms(median(ourTimes))} (MP4s + SHA-256 + manifest + locks + audit), bare ffmpeg -c copy ${ms(median(bareTimes))} — ratio ${ratio.toFixed(2)}, target ≤ 1.25: ${verdict(ratio <= 1.25)}`
    )
    db.close()
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  await exportPart()
  await browserPart()
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
