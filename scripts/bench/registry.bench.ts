// Registry, site map and stream health at scale:
//  1. import (preview, commit, re-import) of a 10,000-camera cameras.csv into SQLite;
//  2. the site map's frame time while panning 2,000 cameras over 2,000 road
//     segments, measured in Chromium on the real app (host mode) with a
//     generated registry imported through the API;
//  3. one health-probe cycle over 500 demo cameras, in-process (as the app
//     does) and over HTTP, with the event loop's worst delay meanwhile.
// Run: npx tsx scripts/bench/registry.bench.ts   (needs `npm run build:web && npm run build:node` for part 2)
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { chromium } from 'playwright-core'
import { openDatabase, type WritableDb } from '../../src/main/db/database'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { importCamerasAudited } from '../../src/main/registry/service'
import { createEventBus } from '../../src/main/app/bus'
import { createHealthProber } from '../../src/main/health/prober'
import { demoProbe, type DemoProbeSource } from '../../src/main/demo/cameras'
import { createDemoSource } from '../../src/main/demo/source'
import { startHost } from '../../tests/helpers/hostServer'

const ROOT = resolve(__dirname, '..', '..')
const NAMES = [
  '金城路',
  '育才路',
  '市心路',
  '萧金路',
  '湖头路',
  '耕文路',
  '明星街',
  '桥南街',
  '所前路',
  '盈丰路'
]
const CROSS = ['与', '和']
const COMMUNITIES = ['荣星社区', '东瑞社区', '西门社区', '通惠社区', '下湘湖社区', '新塘社区']

function migrateFromFiles(db: WritableDb): void {
  const dir = join(ROOT, 'src', 'main', 'db', 'migrations')
  const files = readdirSync(dir)
    .filter((f) => /^\d{4}-.*\.sql$/.test(f))
    .sort()
  db.transaction(() => {
    for (const f of files) db.exec(readFileSync(join(dir, f), 'utf8'))
    db.pragma(`user_version = ${files.length}`)
  })()
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN
}
const f1 = (n: number) => n.toFixed(1)

/** n cameras of a district around (120.26, 30.18), spread over `spanDeg`. */
function camerasCsv(n: number, spanDeg: number, streams: (i: number) => string): string {
  const rows = ['code,name,lat,lng,heading_deg,fov_deg,anpr,stream_url,block,community,kind,owner']
  for (let i = 0; i < n; i++) {
    const a = NAMES[i % NAMES.length]
    const b = NAMES[(i * 7 + 3) % NAMES.length]
    const lat = 30.18 + (((i * 7919) % 10007) / 10007 - 0.5) * spanDeg
    const lng = 120.26 + (((i * 104729) % 10009) / 10009 - 0.5) * spanDeg
    rows.push(
      [
        `GEN-${String(i + 1).padStart(5, '0')}`,
        `${a}${CROSS[i % 2]}${b}交叉口${i % 3 === 0 ? '东北角' : ''}`,
        lat.toFixed(7),
        lng.toFixed(7),
        ((i * 37) % 360).toString(),
        (40 + (i % 5) * 15).toString(),
        i % 3 === 0 ? '1' : '0',
        streams(i),
        String(1 + (i % 5)),
        COMMUNITIES[i % COMMUNITIES.length],
        i % 4 === 0 ? 'parking' : 'intersection',
        i % 5 === 0 ? 'social' : 'public'
      ].join(',')
    )
  }
  return rows.join('\n') + '\n'
}

/** A street grid of about `segments` two-point road features. */
function roadsGeojson(segments: number, spanDeg: number): string {
  const k = Math.ceil(Math.sqrt(segments / 2))
  const step = spanDeg / k
  const features: unknown[] = []
  let id = 0
  for (let r = 0; r <= k && features.length < segments; r++)
    for (let c = 0; c < k && features.length < segments; c++) {
      const lat = 30.18 - spanDeg / 2 + r * step
      const lng0 = 120.26 - spanDeg / 2 + c * step
      features.push({
        type: 'Feature',
        properties: {
          id: `H${++id}`,
          name: `${NAMES[r % NAMES.length]}`,
          oneway: false,
          speed_kmh: 40
        },
        geometry: {
          type: 'LineString',
          coordinates: [
            [lng0, lat],
            [lng0 + step, lat]
          ]
        }
      })
      const lng = 120.26 - spanDeg / 2 + r * step
      const lat0 = 30.18 - spanDeg / 2 + c * step
      features.push({
        type: 'Feature',
        properties: {
          id: `V${++id}`,
          name: `${NAMES[(r + 5) % NAMES.length]}`,
          oneway: false,
          speed_kmh: 40
        },
        geometry: {
          type: 'LineString',
          coordinates: [
            [lng, lat0],
            [lng, lat0 + step]
          ]
        }
      })
    }
  return JSON.stringify({ type: 'FeatureCollection', features: features.slice(0, segments) })
}

async function benchImport(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wr-bench-reg-'))
  try {
    const db = openDatabase(join(dir, 'bench.db'))
    migrateFromFiles(db)
    const sql = sqliteSql(db)
    const file = Buffer.from(
      camerasCsv(
        10_000,
        0.2,
        (i) =>
          `rtsp://10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:554/Streaming/Channels/101`
      ),
      'utf8'
    )
    const opts = { actor: 'bench', now: Date.now(), fileName: 'cameras-10k.csv' }
    let t0 = performance.now()
    const preview = await importCamerasAudited(sql, file, { ...opts, dryRun: true })
    const previewMs = performance.now() - t0
    t0 = performance.now()
    const commit = await importCamerasAudited(sql, file, { ...opts, dryRun: false })
    const commitMs = performance.now() - t0
    t0 = performance.now()
    const again = await importCamerasAudited(sql, file, {
      ...opts,
      dryRun: false,
      now: opts.now + 1
    })
    const againMs = performance.now() - t0
    console.log(`import 10,000 cameras (${(file.length / 1024 / 1024).toFixed(2)} MB CSV):`)
    console.log(
      `  preview (parse + validate + dry-run write): ${f1(previewMs)} ms  (${preview.added} to add)`
    )
    console.log(
      `  commit: ${f1(commitMs)} ms  (${commit.added} added) = ${Math.round(10_000 / (commitMs / 1000))} rows/s`
    )
    console.log(
      `  re-import of the same file (merges by code): ${f1(againMs)} ms  (${again.updated} updated, ${again.unchanged ?? 0} unchanged)`
    )
    db.close()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function benchMap(): Promise<void> {
  if (
    !existsSync(join(ROOT, 'out', 'node', 'serve.cjs')) ||
    !existsSync(join(ROOT, 'out', 'renderer', 'index.html'))
  ) {
    console.log('map: skipped (build first: npm run build:web && npm run build:node)')
    return
  }
  const host = await startHost({ env: { WATCHROOM_PROBE_INTERVAL_MS: '600000' } })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run']
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 960 } })
    await page.goto(host.url)
    await page.locator('#username').fill('admin')
    await page.locator('#password').fill('demo1234')
    await page.locator('button[type=submit]').click()
    await page.getByTestId('status-bar').waitFor()
    const cameras = camerasCsv(2000, 0.03, () => '')
    const roads = roadsGeojson(2000, 0.03)
    // a string, not a function: tsx's name helpers do not exist in the page
    const result = await page.evaluate<{
      roads: boolean
      cameras: boolean
      n: number
    }>(`(async ({ cameras, roads }) => {
      const toB64 = (s) => {
        const bytes = new TextEncoder().encode(s)
        let bin = ''
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
        return btoa(bin)
      }
      const call = async (channel, input) => {
        const r = await fetch('/api/' + channel, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(input) })
        return await r.json()
      }
      const a = await call('registry:import', { kind: 'roads', fileName: 'grid.geojson', contentBase64: toB64(roads), dryRun: false })
      const b = await call('registry:import', { kind: 'cameras', fileName: 'gen.csv', contentBase64: toB64(cameras), dryRun: false })
      const gen = (await call('cameras:list', {})).result.filter((c) => c.code.startsWith('GEN-'))
      const statuses = ['online', 'offline', 'degraded']
      for (let k = 0; k < statuses.length; k++)
        await call('cameras:bulkEdit', { ids: gen.filter((_, i) => i % 4 === k).map((c) => c.id), edit: { status: statuses[k] } })
      return { roads: a.ok, cameras: b.ok, n: gen.length }
    })(${JSON.stringify({ cameras, roads })})`)
    if (!result.roads || !result.cameras)
      throw new Error(`import failed: ${JSON.stringify(result)}`)
    await page.reload()
    await page.getByTestId('status-bar').waitFor()
    await page.getByTestId('nav-registry').click()
    await page.getByTestId('registry-tab-map').click()
    const map = page.getByTestId('site-map')
    await map.waitFor()
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid=site-map]')?.getAttribute('data-cameras')) >=
        2000
    )
    const box = (await map.boundingBox())!
    const cx = box.x + box.width / 2
    const cy = box.y + box.height / 2

    const measurePan = async (label: string) => {
      await page.evaluate(`(() => {
        window.__wrMapProfile = []
        window.__frames = []
        window.__run = true
        const tick = (t) => {
          window.__frames.push(t)
          if (window.__run) requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
      })()`)
      await page.mouse.move(cx, cy)
      await page.mouse.down()
      // a slow circle: ~240 pointer moves
      for (let i = 1; i <= 240; i++) {
        const a = (i / 240) * Math.PI * 4
        await page.mouse.move(cx + Math.cos(a) * 220 - 220, cy + Math.sin(a) * 160)
      }
      await page.mouse.up()
      const { frames, draws } = await page.evaluate<{ frames: number[]; draws: number[] }>(`(() => {
        window.__run = false
        const out = { frames: window.__frames, draws: window.__wrMapProfile }
        delete window.__wrMapProfile
        return out
      })()`)
      const gaps = frames.slice(1).map((t, i) => t - frames[i])
      // three shapes draw per frame (roads, cameras, labels): sum them per frame
      const perFrame: number[] = []
      for (let i = 0; i + 2 < draws.length; i += 3)
        perFrame.push(draws[i] + draws[i + 1] + draws[i + 2])
      const over = gaps.filter((g) => g > 20).length
      console.log(
        `  ${label}: frame interval p50 ${f1(pct(gaps, 50))} ms, p95 ${f1(pct(gaps, 95))} ms, max ${f1(Math.max(...gaps))} ms, ${over}/${gaps.length} frames > 20 ms; ` +
          `draw (roads+cameras+labels) p50 ${f1(pct(perFrame, 50))} ms, p95 ${f1(pct(perFrame, 95))} ms over ${perFrame.length} draws`
      )
    }
    console.log(
      `map: ${result.n} generated cameras + 50 demo, 2,000 road segments, 1600×960 viewport, headless Chromium (software rendering)`
    )
    await measurePan('pan, whole district in view (all cones, labels off)')
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -240)
    await measurePan('pan, zoomed in (decluttered labels on)')
  } finally {
    await browser.close()
    await host.stop()
  }
}

async function benchProbe(): Promise<void> {
  const cacheDir = process.env.WATCHROOM_DEMO_CACHE ?? join(tmpdir(), 'watchroom-demo-cache')
  const real = ['BG-0001', 'BG-0002', 'BG-0003', 'BG-0004']
  const demo = createDemoSource({ cacheDir, cameras: real.map((code) => ({ code, name: code })) })
  const t0 = performance.now()
  await demo.ensure(real)
  console.log(
    `health probe: 500 demo cameras (4 rendered loops served under 500 codes; loops ready in ${f1(performance.now() - t0)} ms)`
  )
  const alias = (code: string) => real[Number(code.slice(4)) % real.length]
  const dir = mkdtempSync(join(tmpdir(), 'wr-bench-probe-'))
  const server = http.createServer((req, res) => {
    const m = /^\/demo\/(P-\d+)\/(.*)$/.exec(req.url ?? '')
    if (!m) return void res.writeHead(404).end()
    void demo.handle(req, res, `${alias(m[1])}/${m[2]}`)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  try {
    for (const mode of [
      'in-process (demo://, as the app)',
      'over HTTP (fetch + parse the playlist)'
    ] as const) {
      const db = openDatabase(join(dir, `${mode.startsWith('in') ? 'a' : 'b'}.db`))
      migrateFromFiles(db)
      const ins = db.prepare(
        'INSERT INTO cameras (code, name, lat, lng, stream_url, created_at, updated_at) VALUES (?, ?, 30.18, 120.26, ?, 0, 0)'
      )
      db.transaction(() => {
        for (let i = 0; i < 500; i++) {
          const code = `P-${String(i).padStart(4, '0')}`
          ins.run(
            code,
            code,
            mode.startsWith('in') ? `demo://${code}` : `${base}/demo/${code}/sub/index.m3u8`
          )
        }
      })()
      const source: DemoProbeSource = {
        status: (code) => demo.status(alias(code)),
        listVariants: () => demo.listVariants(),
        livePlaylist: (code, v) => demo.livePlaylist(alias(code), v)
      }
      const prober = createHealthProber({
        sql: sqliteSql(db),
        bus: createEventBus(),
        now: Date.now,
        inProcess: demoProbe(source),
        concurrency: 16,
        timeoutMs: 4000
      })
      const lag = monitorEventLoopDelay({ resolution: 10 })
      const cycles: number[] = []
      let last = null
      lag.enable()
      for (let c = 0; c < 3; c++) {
        last = await prober.runCycle()
        cycles.push(last.ms)
      }
      lag.disable()
      console.log(
        `  ${mode}: cycle ${cycles.map(f1).join(' / ')} ms (first writes 500 status changes), ` +
          `${last?.byStatus.online ?? 0} online; event loop delay max ${f1(lag.max / 1e6)} ms, p99 ${f1(lag.percentile(99) / 1e6)} ms`
      )
      await prober.stop()
      db.close()
    }
  } finally {
    server.close()
    await demo.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  await benchImport()
  await benchProbe()
  await benchMap()
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
