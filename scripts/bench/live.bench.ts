/**
 * Live path benchmark (`npm run bench -- live`). In one run, on this machine,
 * in headless Chromium, against the RTSP test camera (tests/helpers/
 * rtsp-camera.py, 15 fps, capture time drawn into every frame):
 *   - new path: 16 RTSP cameras through main's live service (fMP4 over the
 *     live WebSocket into MSE) on the WatchRoom wall (host mode);
 *   - old path: the same camera streams remuxed by ffmpeg (-c copy) into 2 s
 *     HLS segments, played by the wall's hls.js;
 *   - the bare page: a CSS grid of <video> with plain hls.js on the HLS streams.
 * Prints glass-to-glass latency read from the decoded frames (median, p95) at
 * 1 and 16 tiles for both paths, frames presented per tile (new path against
 * the bare page), main-process and remux CPU per stream, and the number of
 * upstream connections counted at the camera, and one health cycle over
 * 5,000 dead RTSP cameras against the probe interval (`LIVE_BENCH_ONLY=health`
 * runs only that). Measures only; asserts nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium, type Page } from 'playwright-core'
import { startHost, type RunningHost } from '../../tests/helpers/hostServer'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../tests/helpers/chromium'
import { buildIfNeeded } from '../../tests/helpers/buildIfNeeded'
import { watchroom } from '../../tests/helpers/cli'
import { startRtspCamera, type RtspCamera } from '../../tests/helpers/rtspCamera'
import { readCaptureTime } from '../../tests/e2e/pages/captureTime'
import { resolveFfmpeg } from '../../src/main/media/ffmpeg'
import { openMemoryDatabase } from '../../src/main/db/database'
import { createEventBus } from '../../src/main/app/bus'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { createHealthProber } from '../../src/main/health/prober'
import { createLiveService } from '../../src/main/live/service'

const ROOT = path.resolve(__dirname, '..', '..')
const FPS = 15
const MEASURE_S = Number(process.env.LIVE_BENCH_SECONDS ?? 20)
const SETTLE_S = 4
const N = 16
const code = (p: string, i: number) => `${p}-${String(i).padStart(2, '0')}`
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] ?? NaN) : NaN
}
const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`

/** ffmpeg remuxing each camera's sub-stream into 2 s HLS in a folder, served with CORS (the old path). */
async function startHlsRelay(cam: RtspCamera, dir: string) {
  const ffmpeg = resolveFfmpeg().path
  const procs: ChildProcess[] = []
  for (let i = 1; i <= N; i++) {
    const out = path.join(dir, code('HL', i))
    mkdirSync(out, { recursive: true })
    procs.push(
      spawn(
        ffmpeg,
        [
          '-hide_banner',
          '-loglevel',
          'error',
          '-rtsp_transport',
          'tcp',
          '-i',
          cam.url('sub', code('HL', i)),
          '-map',
          '0:v:0',
          '-c',
          'copy',
          '-f',
          'hls',
          '-hls_time',
          '2',
          '-hls_list_size',
          '6',
          '-hls_flags',
          'delete_segments+program_date_time+temp_file',
          '-hls_segment_filename',
          path.join(out, '%d.ts'),
          path.join(out, 'index.m3u8')
        ],
        { stdio: 'ignore' }
      )
    )
  }
  const hlsJs = readFileSync(path.join(ROOT, 'node_modules/hls.js/dist/hls.min.js'))
  const server = createServer((req, res) => {
    const p = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/')
    const headers = { 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'no-store' }
    if (p === '/hls.min.js')
      return void res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(hlsJs)
    if (p === '/')
      return void res
        .writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' })
        .end(BARE_PAGE)
    const file = path.join(dir, path.normalize(p).replace(/^(\.\.[/\\])+/, ''))
    try {
      const body = readFileSync(file)
      res
        .writeHead(200, {
          ...headers,
          'Content-Type': file.endsWith('.m3u8') ? 'application/vnd.apple.mpegurl' : 'video/mp2t'
        })
        .end(body)
    } catch {
      res.writeHead(404, headers).end()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    base,
    ready: () =>
      readdirSync(dir).every((d) => {
        try {
          return readdirSync(path.join(dir, d)).filter((f) => f.endsWith('.ts')).length >= 3
        } catch {
          return false
        }
      }),
    close: async () => {
      for (const p of procs) p.kill('SIGKILL')
      await new Promise((r) => server.close(r))
    }
  }
}

const BARE_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><style>
html,body{margin:0;background:#000;height:100%}
#wall{display:grid;grid-template-columns:repeat(4,minmax(0,1fr));grid-auto-rows:minmax(0,1fr);gap:3px;height:100vh}
video{width:100%;height:100%;object-fit:contain;background:#000;min-width:0;min-height:0}
</style><script src="/hls.min.js"></script></head><body><div id="wall"></div><script>
window.tiles = Array.from({ length: ${N} }, (_, i) => {
  const video = document.createElement('video')
  video.muted = true; video.autoplay = true; video.playsInline = true
  document.getElementById('wall').appendChild(video)
  const hls = new Hls()
  hls.loadSource('/HL-' + String(i + 1).padStart(2, '0') + '/index.m3u8')
  hls.attachMedia(video)
  return { video }
})
</script></body></html>`

/** A host-mode room with just these cameras (no demo district). */
async function startRoom(rows: string[]): Promise<RunningHost> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'wr-live-bench-'))
  const csv = path.join(dataDir, 'cameras.csv')
  writeFileSync(csv, ['code,name,lat,lng,stream_url,sub_stream_url', ...rows].join('\n'))
  const r = watchroom(['--db', path.join(dataDir, 'watchroom.db'), 'import', 'cameras', csv])
  if (r.status !== 0) throw new Error(r.stderr)
  return startHost({
    dataDir,
    env: {
      WATCHROOM_DEMO: '0',
      WATCHROOM_ADMIN_PASSWORD: 'demo1234',
      WATCHROOM_PROBE_INTERVAL_MS: '600000'
    }
  })
}

async function login(page: Page, url: string) {
  await page.goto(url)
  await page.locator('#username').fill('admin')
  await page.locator('#password').fill('demo1234')
  await page.locator('button[type=submit]').click()
  await page.getByTestId('wall-grid').waitFor({ timeout: 60_000 })
}

async function preset(page: Page, n: number) {
  await page.getByTestId('preset-select').getByText(String(n), { exact: true }).click()
  while ((await page.getByTestId('wall-tile').count()) !== n) await sleep(100)
}

/** Frames presented by each video matched by `selector`. */
async function frames(page: Page, selector: string): Promise<number[]> {
  return page.locator(selector).evaluateAll((vs) =>
    vs.map((v) => {
      const q = (v as HTMLVideoElement).getVideoPlaybackQuality()
      return q.totalVideoFrames - q.droppedVideoFrames
    })
  )
}

/** Decoded and dropped frames, catch-up jumps (live player) and stalls of each video matched. */
async function playQuality(
  page: Page,
  selector: string
): Promise<{ decoded: number; dropped: number; jumps: number; waiting: number }[]> {
  return page.locator(selector).evaluateAll((vs) =>
    vs.map((el) => {
      const v = el as HTMLVideoElement & { __waiting?: number }
      if (v.__waiting === undefined) {
        v.__waiting = 0
        v.addEventListener('waiting', () => (v.__waiting = (v.__waiting ?? 0) + 1))
      }
      const q = v.getVideoPlaybackQuality()
      return {
        decoded: q.totalVideoFrames,
        dropped: q.droppedVideoFrames,
        jumps: Number(v.dataset.jumps ?? 0),
        waiting: v.__waiting
      }
    })
  )
}

/** Per tile per second: what happened to the frames between two playQuality readings. */
function qualityLine(
  label: string,
  a: Awaited<ReturnType<typeof playQuality>>,
  b: Awaited<ReturnType<typeof playQuality>>,
  secs: number
): string {
  const n = Math.max(1, b.length)
  const sum = (f: (x: (typeof b)[number], i: number) => number) =>
    b.reduce((s, x, i) => s + f(x, i), 0) / n
  const decoded = sum((x, i) => x.decoded - (a[i]?.decoded ?? 0)) / secs
  const dropped = sum((x, i) => x.dropped - (a[i]?.dropped ?? 0)) / secs
  const jumps = sum((x, i) => x.jumps - (a[i]?.jumps ?? 0))
  const waiting = sum((x, i) => x.waiting - (a[i]?.waiting ?? 0))
  return `  ${label}: per tile ${decoded.toFixed(2)} decoded/s, ${dropped.toFixed(2)} dropped/s, ${jumps.toFixed(2)} catch-up jumps and ${waiting.toFixed(2)} stalls (waiting) in ${secs.toFixed(0)} s`
}

async function waitAllPlaying(page: Page, selector: string, n: number) {
  const t0 = Date.now()
  for (;;) {
    const f = await frames(page, selector)
    if (f.length >= n && f.every((x) => x > 0)) return
    if (Date.now() - t0 > 120_000) {
      console.log(`  not every tile started within 120 s (${f.filter((x) => x > 0).length}/${n})`)
      return
    }
    await sleep(500)
  }
}

/** Glass-to-glass samples (ms) of every tile, read from the decoded pictures every 250 ms. */
async function latencies(page: Page, selector: string, seconds: number): Promise<number[]> {
  const out: number[] = []
  const end = Date.now() + seconds * 1000
  while (Date.now() < end) {
    const caps = await page.locator(selector).evaluateAll((vs) => {
      const read = (window as unknown as { __readCapture: typeof readCaptureTime }).__readCapture
      return vs.map((v) => [read(v as HTMLVideoElement), Date.now()] as const)
    })
    for (const [cap, now] of caps) {
      if (cap === null) continue
      const m = 2 ** 32
      const lat = ((((now % m) - cap) % m) + m) % m
      // an unreadable strip decodes to noise: keep plausible values only
      if (lat < 60_000) out.push(lat)
    }
    await sleep(250)
  }
  return out
}

/** CPU seconds (user + system) of a process and of its children, from /proc. */
function cpuSeconds(pid: number): { self: number; children: number; childCount: number } {
  const tick = 100 // USER_HZ on Linux
  const stat = (p: number) => {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'utf8')
      const fields = f.slice(f.lastIndexOf(')') + 2).split(' ')
      return (Number(fields[11]) + Number(fields[12])) / tick
    } catch {
      return 0
    }
  }
  const kids: number[] = []
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      kids.push(
        ...readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8')
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map(Number)
      )
    } catch {
      // a thread that ended
    }
  }
  return {
    self: stat(pid),
    children: kids.reduce((s, k) => s + stat(k), 0),
    childCount: kids.length
  }
}

function summarize(label: string, xs: number[]) {
  console.log(
    `  ${label}: median ${fmtS(quantile(xs, 0.5))}, p95 ${fmtS(quantile(xs, 0.95))} (${xs.length} readings)`
  )
  return { median: quantile(xs, 0.5), p95: quantile(xs, 0.95) }
}

/**
 * One health cycle over 5,000 RTSP cameras that are not there: half refuse
 * the connection (a closed port), half never answer (a listener that accepts
 * nothing, so the SYN is dropped: the connect-check waits its deadline).
 */
async function deadCameraCycle(): Promise<void> {
  const hole = spawn(
    '/usr/bin/python3',
    [
      '-c',
      'import socket,time\ns=socket.socket(); s.bind(("127.0.0.1",0)); s.listen(0)\nprint(s.getsockname()[1], flush=True)\ntime.sleep(3600)'
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const holePort = await new Promise<number>((r) =>
    hole.stdout.once('data', (b: Buffer) => r(Number(b.toString().trim())))
  )
  // the migration files as they are (their ?raw imports need the app's bundler)
  const db = openMemoryDatabase()
  const migrations = path.join(ROOT, 'src', 'main', 'db', 'migrations')
  for (const f of readdirSync(migrations)
    .filter((x) => /^\d{4}-.*\.sql$/.test(x))
    .sort())
    db.exec(readFileSync(path.join(migrations, f), 'utf8'))
  const ins = db.prepare(
    'INSERT INTO cameras (code, name, lat, lng, stream_url, sub_stream_url, created_at, updated_at) VALUES (?, ?, 30.18, 120.26, ?, ?, 0, 0)'
  )
  db.transaction(() => {
    for (let i = 0; i < 5000; i++) {
      const c = `D-${String(i).padStart(4, '0')}`
      const port = i % 2 ? 9 : holePort
      ins.run(
        c,
        c,
        `rtsp://u:p@127.0.0.1:${port}/main/${c}`,
        `rtsp://u:p@127.0.0.1:${port}/sub/${c}`
      )
    }
  })()
  const urls = new Map<number, { main: string; sub: string }>()
  for (const r of db
    .prepare('SELECT id, stream_url AS main, sub_stream_url AS sub FROM cameras')
    .all() as {
    id: number
    main: string
    sub: string
  }[])
    urls.set(r.id, r)
  const live = createLiveService({
    ffmpegPath: resolveFfmpeg().path,
    sourceOf: (id, kind) => {
      const u = urls.get(id)
      return Promise.resolve(u ? { url: kind === 'sub' ? u.sub : u.main } : null)
    }
  })
  const intervalMs = 15_000
  const prober = createHealthProber({
    sql: sqliteSql(db),
    bus: createEventBus(),
    now: Date.now,
    live,
    intervalMs,
    timeoutMs: 4000
  })
  const stats = await prober.runCycle()
  console.log(
    `health: one cycle over 5,000 dead RTSP cameras (2,500 refusing, 2,500 silent): ${(stats.ms / 1000).toFixed(1)} s against a ${intervalMs / 1000} s interval (${(stats.ms / intervalMs).toFixed(2)}×); ${stats.byStatus.offline} offline; ffmpeg processes started: ${live.upstreams().length}`
  )
  await prober.stop()
  await live.close()
  hole.kill('SIGKILL')
  db.close()
}

async function main(): Promise<void> {
  await deadCameraCycle()
  if (process.env.LIVE_BENCH_ONLY === 'health') return
  buildIfNeeded()
  const cam = await startRtspCamera({ fps: FPS })
  const relayDir = mkdtempSync(path.join(tmpdir(), 'wr-live-hls-'))
  const relay = await startHlsRelay(cam, relayDir)
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS })
  const context = await browser.newContext({ viewport: { width: 1600, height: 960 } })
  // injected by the browser, so the app's CSP (no eval) does not stand in the way;
  // __name: the helper a transpiler may wrap functions in
  await context.addInitScript({
    content: `window.__name = window.__name || ((f) => f); window.__readCapture = ${readCaptureTime.toString()}`
  })
  const results: Record<string, { median: number; p95: number }> = {}
  let liveFps = NaN
  try {
    console.log(
      `RTSP test camera ${FPS} fps (main 640×360, sub 320×180, 1 s GOP); ${MEASURE_S} s per measurement after ${SETTLE_S} s settling; viewport 1600×960`
    )
    // new path
    const liveRows = Array.from({ length: N }, (_, k) => {
      const c = code('LV', k + 1)
      return `${c},${c},30.18,120.26,${cam.url('main', c)},${cam.url('sub', c)}`
    })
    const host = await startRoom(liveRows)
    try {
      const page = await context.newPage()
      await login(page, host.url)
      for (const n of [1, N]) {
        await preset(page, n)
        await waitAllPlaying(page, '[data-testid=wall-tile] video[data-current]', n)
        await sleep(SETTLE_S * 1000)
        if (n === N) {
          // the 1-tile main stream closes 5 s after it left the wall
          let upstream = await cam.stats()
          for (
            let i = 0;
            i < 40 && Object.keys(upstream.byPath).some((p) => p.startsWith('/main/LV-'));
            i++
          ) {
            await sleep(250)
            upstream = await cam.stats()
          }
          const c0 = cpuSeconds(host.process.pid ?? 0)
          const q0 = await playQuality(page, '[data-testid=wall-tile] video[data-current]')
          const f0 = await frames(page, '[data-testid=wall-tile] video[data-current]')
          const t0 = performance.now()
          // frames and CPU first, with nothing else drawing in the page (as on the bare page)
          await sleep(MEASURE_S * 1000)
          const secs = (performance.now() - t0) / 1000
          const f1 = await frames(page, '[data-testid=wall-tile] video[data-current]')
          const q1 = await playQuality(page, '[data-testid=wall-tile] video[data-current]')
          const c1 = cpuSeconds(host.process.pid ?? 0)
          console.log(qualityLine(`new path, ${n} tiles`, q0, q1, secs))
          const lat = await latencies(
            page,
            '[data-testid=wall-tile] video[data-current]',
            MEASURE_S
          )
          results[`new ${n}`] = summarize(`new path, ${n} tiles, glass-to-glass`, lat)
          const perTile = f1.map((x, i) => (x - (f0[i] ?? 0)) / secs)
          liveFps = perTile.reduce((s, x) => s + x, 0) / perTile.length
          console.log(
            `  new path, ${n} tiles: ${liveFps.toFixed(2)} frames/s per tile (min ${Math.min(...perTile).toFixed(2)}; source ${FPS})`
          )
          const mainPct = ((c1.self - c0.self) / secs / n) * 100
          const remuxPct = ((c1.children - c0.children) / secs / n) * 100
          console.log(
            `  CPU per stream: main process ${mainPct.toFixed(2)} % of a core (target ≤ 2 %), its ffmpeg remux ${remuxPct.toFixed(2)} % (${c1.childCount} child processes)`
          )
          const ours = Object.entries(upstream.byPath).filter(([p]) => p.includes('/LV-'))
          console.log(
            `  upstream connections at the camera for the ${n} tiles: ${ours.reduce((s, [, k]) => s + k, 0)} (${ours.length} distinct streams; the old path's relay holds ${upstream.clients - ours.reduce((s, [, k]) => s + k, 0)} more)`
          )
        } else {
          const lat = await latencies(
            page,
            '[data-testid=wall-tile] video[data-current]',
            MEASURE_S / 2
          )
          results[`new ${n}`] = summarize(`new path, ${n} tile (main stream), glass-to-glass`, lat)
        }
      }
      await page.close()
    } finally {
      await host.stop()
    }

    // old path: the same camera through HLS
    const t0 = Date.now()
    while (!relay.ready() && Date.now() - t0 < 30_000) await sleep(500)
    const hlsRows = Array.from({ length: N }, (_, k) => {
      const c = code('HL', k + 1)
      return `${c},${c},30.18,120.26,${relay.base}/${c}/index.m3u8,`
    })
    const host2 = await startRoom(hlsRows)
    try {
      const page = await context.newPage()
      await login(page, host2.url)
      for (const n of [1, N]) {
        await preset(page, n)
        await waitAllPlaying(page, '[data-testid=wall-tile] video[data-current]', n)
        await sleep(SETTLE_S * 1000)
        const lat = await latencies(
          page,
          '[data-testid=wall-tile] video[data-current]',
          n === 1 ? MEASURE_S / 2 : MEASURE_S
        )
        results[`old ${n}`] = summarize(`old HLS path, ${n} tile(s), glass-to-glass`, lat)
      }
      await page.close()
    } finally {
      await host2.stop()
    }

    // the bare hls.js page on the same HLS streams
    const bare = await context.newPage()
    await bare.goto(relay.base)
    await waitAllPlaying(bare, 'video', N)
    await sleep(SETTLE_S * 1000)
    const bq0 = await playQuality(bare, 'video')
    const b0 = await frames(bare, 'video')
    const tb = performance.now()
    await sleep(MEASURE_S * 1000)
    const b1 = await frames(bare, 'video')
    const bq1 = await playQuality(bare, 'video')
    console.log(
      qualityLine(`bare hls.js page, ${N} tiles`, bq0, bq1, (performance.now() - tb) / 1000)
    )
    const bs = (performance.now() - tb) / 1000
    const bareTiles = b1.map((x, i) => (x - (b0[i] ?? 0)) / bs)
    const bareFps = bareTiles.reduce((s, x) => s + x, 0) / bareTiles.length
    console.log(`  bare hls.js page, ${N} tiles: ${bareFps.toFixed(2)} frames/s per tile`)
    await bare.close()

    const n16 = results[`new ${N}`]
    const o16 = results[`old ${N}`]
    console.log('\nagainst the targets:')
    if (n16) {
      console.log(
        `  16 tiles median ${fmtS(n16.median)} (target ≤ 0.80 s: ${(n16.median / 800).toFixed(2)}×), p95 ${fmtS(n16.p95)} (target ≤ 1.50 s: ${(n16.p95 / 1500).toFixed(2)}×)`
      )
      if (o16) console.log(`  new/old median at 16 tiles: ${(n16.median / o16.median).toFixed(2)}×`)
    }
    console.log(
      `  frames per tile at 16 tiles, new path / bare page: ${(liveFps / bareFps).toFixed(2)}× (target ≥ 1)`
    )
  } finally {
    await browser.close()
    await relay.close()
    await cam.stop()
    rmSync(relayDir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
