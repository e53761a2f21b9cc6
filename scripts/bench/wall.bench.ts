/**
 * Wall benchmark (`npm run bench -- wall`). In one run, on this machine, in
 * headless Chromium:
 *   - the WatchRoom wall (host mode, logged in) at 16, 25 and 36 tiles (the demo
 *     cameras come through main's live service, fMP4 into MSE, like real ones), and
 *   - a bare page: a CSS grid of <video> playing the same cameras' 640×360
 *     variant with plain hls.js, served by a tiny local server that proxies
 *     /media to the same host with the session cookie.
 * Prints frames presented per tile (totalVideoFrames − droppedVideoFrames over
 * a fixed interval, and as % of the source's frames), first-frame time at 16
 * tiles, renderer memory after the first and after 200 layout switches, and
 * the ratios against the targets. Measures only; asserts nothing.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import WebSocket from 'ws'
import { startHost } from '../../tests/helpers/hostServer'
import { CHROMIUM_FLAGS } from '../../tests/helpers/chromium'
import { buildIfNeeded } from '../../tests/helpers/buildIfNeeded'

const ROOT = path.resolve(__dirname, '..', '..')
const SOURCE_FPS = 15
const MEASURE_S = Number(process.env.WALL_BENCH_SECONDS ?? 30)
const SETTLE_S = 4
const SWITCHES = Number(process.env.WALL_BENCH_SWITCHES ?? 200)
/** `memory` runs only the layout-switch part (for looking at the heap curve). */
const ONLY = process.env.WALL_BENCH_ONLY
const FLAGS = CHROMIUM_FLAGS

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length
    ? ((s[Math.floor((s.length - 1) / 2)] ?? 0) + (s[Math.ceil((s.length - 1) / 2)] ?? 0)) / 2
    : NaN
}
const pct = (x: number) => `${(x * 100).toFixed(1)} %`

const BARE_PAGE = (codes: string[]) => `<!doctype html>
<html><head><meta charset="utf-8"><style>
html,body{margin:0;background:#000;height:100%}
#wall{display:grid;grid-template-columns:repeat(${Math.ceil(Math.sqrt(codes.length))},minmax(0,1fr));grid-auto-rows:minmax(0,1fr);gap:3px;height:100vh}
video{width:100%;height:100%;object-fit:contain;background:#000;min-width:0;min-height:0}
</style><script src="/hls.min.js"></script></head><body><div id="wall"></div><script>
window.t0 = performance.now()
window.tiles = ${JSON.stringify(codes)}.map((code) => {
  const video = document.createElement('video')
  video.muted = true; video.autoplay = true; video.playsInline = true
  document.getElementById('wall').appendChild(video)
  const tile = { video, first: null }
  video.requestVideoFrameCallback((now) => { tile.first = now - window.t0 })
  const hls = new Hls()
  hls.on(Hls.Events.ERROR, (_e, d) => { if (d.fatal) { hls.destroy(); } })
  hls.loadSource('/media/demo/' + encodeURIComponent(code) + '/main/index.m3u8')
  hls.attachMedia(video)
  return tile
})
</script></body></html>`

/** The tiny bare-page server: the page, hls.js, and /media proxied to the host with the session cookie. */
async function startBareServer(hostUrl: string, cookie: string) {
  const hlsJs = readFileSync(path.join(ROOT, 'node_modules/hls.js/dist/hls.min.js'))
  let codes: string[] = []
  const target = new URL(hostUrl)
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const p = (req.url ?? '/').split('?')[0] ?? '/'
    if (p === '/hls.min.js')
      return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(hlsJs)
    if (p === '/')
      return void res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
        .end(BARE_PAGE(codes))
    if (p.startsWith('/media/')) {
      const up = request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { cookie }
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers)
          r.pipe(res)
        }
      )
      up.on('error', () => res.writeHead(502).end())
      return void up.end()
    }
    res.writeHead(404).end()
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    setCodes: (c: string[]) => (codes = c),
    close: () => new Promise((r) => server.close(r))
  }
}

/** Presented frames (total − dropped) of each wall tile's visible video, and its stream size. */
const WALL_FRAMES = `[...document.querySelectorAll('[data-testid=wall-tile]')].map((el) => {
  const v = el.querySelector('video[data-current]')
  if (!v) return { n: 0, w: 0 }
  const q = v.getVideoPlaybackQuality()
  return { n: q.totalVideoFrames - q.droppedVideoFrames, w: v.videoWidth, h: v.videoHeight }
})`
const BARE_FRAMES = `window.tiles.map((t) => { const q = t.video.getVideoPlaybackQuality(); return { n: q.totalVideoFrames - q.droppedVideoFrames, w: t.video.videoWidth, h: t.video.videoHeight } })`

type Frames = { n: number; w: number; h: number }[]

/** Waits until every tile presents, settles, then counts frames over MEASURE_S. */
async function measureFrames(page: Page, script: string, label: string) {
  const t0 = Date.now()
  for (;;) {
    const f = await page.evaluate<Frames>(script)
    if (f.length > 0 && f.every((x) => x.n > 0)) break
    if (Date.now() - t0 > 120_000) {
      console.log(
        `  ${label}: not every tile started within 120 s (${f.filter((x) => x.n > 0).length}/${f.length})`
      )
      break
    }
    await sleep(500)
  }
  await sleep(SETTLE_S * 1000)
  const a = await page.evaluate<Frames>(script)
  const ta = performance.now()
  await sleep(MEASURE_S * 1000)
  const b = await page.evaluate<Frames>(script)
  const secs = (performance.now() - ta) / 1000
  const perTile = b.map((x, i) => (x.n - (a[i]?.n ?? 0)) / secs)
  const sizes = [...new Set(b.map((x) => `${x.w}×${x.h}`))].join(', ')
  return {
    perTile,
    mean: perTile.reduce((s, x) => s + x, 0) / perTile.length,
    min: Math.min(...perTile),
    sizes
  }
}

/**
 * Polls an expression in the page from here: the app's CSP (no unsafe-eval)
 * refuses Playwright's string predicates, but not CDP evaluation.
 */
async function until(page: Page, expr: string, timeoutMs = 30_000): Promise<void> {
  const t0 = Date.now()
  while (!(await page.evaluate<boolean>(expr))) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${expr.slice(0, 80)}`)
    await sleep(100)
  }
}

async function clickPreset(page: Page, n: number): Promise<void> {
  await page.getByTestId('preset-select').getByText(String(n), { exact: true }).click()
  await until(page, `document.querySelectorAll('[data-testid=wall-tile]').length === ${n}`)
}

async function openApp(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.getByTestId('status-bar').waitFor({ timeout: 60_000 })
  await page.getByTestId('wall-grid').waitFor()
}

/** Wall first frames: from the click on a preset to each tile's first new frame (rVFC), ms. */
async function wallFirstFrames(page: Page, n: number): Promise<number[]> {
  await page.evaluate(`(() => {
    window.__ffT0 = performance.now()
    window.__ffObs?.disconnect()
    const hook = (v) => { if (!v.__ffHooked) { v.__ffHooked = true; v.requestVideoFrameCallback((now) => { v.__ff = now - window.__ffT0 }) } }
    window.__ffObs = new MutationObserver((ms) => ms.forEach((m) => m.addedNodes.forEach((node) => {
      if (node instanceof HTMLVideoElement) hook(node)
      else if (node instanceof Element) node.querySelectorAll('video').forEach(hook)
    })))
    window.__ffObs.observe(document.body, { childList: true, subtree: true })
    const label = [...document.querySelectorAll('[data-testid=preset-select] .ant-segmented-item-label')].find((e) => e.textContent === '${n}')
    label.closest('label').click()
  })()`)
  await until(
    page,
    `(() => { const v = [...document.querySelectorAll('[data-testid=wall-tile] video[data-current]')]; return v.length === ${n} && v.every((x) => x.__ff !== undefined) })()`,
    120_000
  )
  return await page.evaluate<number[]>(
    `[...document.querySelectorAll('[data-testid=wall-tile] video[data-current]')].map((v) => v.__ff)`
  )
}

async function bareFirstFrames(
  context: BrowserContext,
  bare: Awaited<ReturnType<typeof startBareServer>>,
  codes: string[]
) {
  bare.setCodes(codes)
  const page = await context.newPage()
  await page.goto(bare.url)
  await page.waitForFunction('window.tiles.every((t) => t.first !== null)', undefined, {
    timeout: 120_000,
    polling: 100
  })
  const ff = await page.evaluate<number[]>('window.tiles.map((t) => t.first)')
  await page.close()
  return ff
}

/**
 * Renderer memory over layout switches, measured in a Chromium driven by raw
 * CDP (Runtime, Performance, HeapProfiler only). Playwright keeps DevTools'
 * Network domain on, whose per-XHR replay buffers and per-action injected
 * scripts grow the very heap being measured; this page has neither.
 */
async function switchMemory(hostUrl: string, cookie: { name: string; value: string }) {
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const p = (srv.address() as AddressInfo).port
      srv.close(() => resolve(p))
    })
  })
  const userDir = mkdtempSync(path.join(tmpdir(), 'wr-wall-mem-'))
  const proc = spawn(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', [
    ...FLAGS,
    `--remote-debugging-port=${port}`,
    `--user-data-dir=${userDir}`,
    '--window-size=1600,960',
    'about:blank'
  ])
  try {
    let pageWs = ''
    for (let i = 0; i < 100 && !pageWs; i++) {
      await sleep(200)
      try {
        const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
          type: string
          webSocketDebuggerUrl: string
        }[]
        pageWs = list.find((t) => t.type === 'page')?.webSocketDebuggerUrl ?? ''
      } catch {
        // not listening yet
      }
    }
    const ws = new WebSocket(pageWs, { perMessageDeflate: false })
    await new Promise((r, j) => ws.once('open', r).once('error', j))
    let id = 0
    const pending = new Map<number, (v: { result?: unknown; error?: unknown }) => void>()
    ws.on('message', (data: Buffer) => {
      const msg = JSON.parse(data.toString()) as { id?: number; result?: unknown; error?: unknown }
      if (msg.id !== undefined) pending.get(msg.id)?.(msg)
    })
    const send = async <T>(method: string, params: object = {}): Promise<T> => {
      const msgId = ++id
      const reply = new Promise<{ result?: unknown; error?: unknown }>((r) => pending.set(msgId, r))
      ws.send(JSON.stringify({ id: msgId, method, params }))
      const m = await reply
      if (m.error) throw new Error(`${method}: ${JSON.stringify(m.error)}`)
      return m.result as T
    }
    const evaluate = async <T>(expression: string): Promise<T> =>
      (
        await send<{ result: { value: T } }>('Runtime.evaluate', {
          expression,
          awaitPromise: true,
          returnByValue: true
        })
      ).result.value
    const heap = async () => {
      await send('HeapProfiler.collectGarbage')
      await sleep(500)
      await send('HeapProfiler.collectGarbage')
      const { metrics } = await send<{ metrics: { name: string; value: number }[] }>(
        'Performance.getMetrics'
      )
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN
    }
    await send('Network.setCookie', { name: cookie.name, value: cookie.value, url: hostUrl })
    await send('Performance.enable')
    await send('Page.navigate', { url: hostUrl })
    for (
      let i = 0;
      i < 300 && !(await evaluate<boolean>(`!!document.querySelector('[data-testid=wall-grid]')`));
      i++
    )
      await sleep(200)
    // One in-page loop for all switches: no per-switch CDP traffic or injected scripts.
    const switchTo = `(n) => { const l = [...document.querySelectorAll('[data-testid=preset-select] .ant-segmented-item-label')].find((e) => e.textContent === String(n)); l.closest('label').click() }`
    const run = (count: number, first: number) =>
      evaluate<boolean>(
        `(async () => { const go = ${switchTo}; for (let i = 0; i < ${count}; i++) { go((${first} + i) % 2 ? 4 : 9); await new Promise((r) => setTimeout(r, 250)) } await new Promise((r) => setTimeout(r, 3000)); return true })()`
      )
    await evaluate(`(${switchTo})(4)`)
    await sleep(3000)
    await run(1, 0)
    const first = await heap()
    const curve: string[] = []
    let done = 1
    while (done < SWITCHES) {
      const step = Math.min(50, SWITCHES - done)
      await run(step, done)
      done += step
      if (ONLY === 'memory') curve.push(`${done}: ${((await heap()) / 1048576).toFixed(2)}`)
    }
    const after = await heap()
    if (curve.length) console.log(`  heap (MiB) after n switches — ${curve.join(', ')}`)
    ws.close()
    return { first, after }
  } finally {
    proc.kill()
    await new Promise((r) => proc.once('exit', r))
    // Chromium's helpers may still be writing the profile a moment after it exits
    rmSync(userDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
  }
}

async function main(): Promise<void> {
  buildIfNeeded()
  const host = await startHost()
  let bare: Awaited<ReturnType<typeof startBareServer>> | null = null
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: FLAGS
  })
  try {
    const context = await browser.newContext({
      viewport: { width: 1600, height: 960 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai'
    })
    const app = await context.newPage()
    await app.goto(host.url)
    await app.locator('#username').fill('admin')
    await app.locator('#password').fill('demo1234')
    await app.locator('button[type=submit]').click()
    await app.getByTestId('status-bar').waitFor({ timeout: 60_000 })
    await app.getByTestId('wall-grid').waitFor()
    const session = (await context.cookies(host.url)).find((c) => c.name === 'wr_session')
    if (!session) throw new Error('no session cookie after login')
    bare = await startBareServer(host.url, `${session.name}=${session.value}`)
    console.log(
      `host ${host.url}; bare page ${bare.url}; viewport 1600×960, DPR 1; source ${SOURCE_FPS} fps; ${MEASURE_S} s per measurement after ${SETTLE_S} s settling`
    )

    type Row = {
      n: number
      wall: Awaited<ReturnType<typeof measureFrames>>
      bare: Awaited<ReturnType<typeof measureFrames>>
    }
    const rows: Row[] = []
    for (const n of ONLY === 'memory' ? [] : [16, 25, 36]) {
      await clickPreset(app, n)
      const codes = await app.evaluate<string[]>(
        `[...document.querySelectorAll('[data-testid=wall-tile]')].map((e) => e.dataset.cameraCode)`
      )
      const wall = await measureFrames(app, WALL_FRAMES, `wall ${n}`)
      // Only one page plays at a time: the wall leaves while the bare page measures.
      await app.goto('about:blank')
      bare.setCodes(codes)
      const barePage = await context.newPage()
      await barePage.goto(bare.url)
      const b = await measureFrames(barePage, BARE_FRAMES, `bare ${n}`)
      await barePage.close()
      rows.push({ n, wall, bare: b })
      console.log(
        `${n} tiles: wall ${wall.mean.toFixed(2)} fps/tile (min ${wall.min.toFixed(2)}, ${wall.sizes}) · bare ${b.mean.toFixed(2)} fps/tile (min ${b.min.toFixed(2)}, ${b.sizes})`
      )
      await openApp(app, host.url)
    }

    // First frame at 16 tiles: three alternating trials each, from a 1-tile wall / an empty page.
    const wallFF: number[] = []
    const bareFF: number[] = []
    await clickPreset(app, 16)
    const codes16 = await app.evaluate<string[]>(
      `[...document.querySelectorAll('[data-testid=wall-tile]')].map((e) => e.dataset.cameraCode)`
    )
    for (let trial = 0; trial < (ONLY === 'memory' ? 0 : 3); trial++) {
      await clickPreset(app, 1)
      await until(
        app,
        `document.querySelector('[data-testid=wall-tile]')?.dataset.state === 'playing'`,
        60_000
      )
      // a cold start of the 16 tiles: wait until the slots preset 1 parked are dropped
      // (switched back sooner, they resume without reconnecting: no first frame to time)
      await until(
        app,
        `document.querySelectorAll('[data-testid=wall-tile-parked]').length === 0`,
        60_000
      )
      await sleep(2000)
      const w = await wallFirstFrames(app, 16)
      await app.goto('about:blank')
      const b = await bareFirstFrames(context, bare, codes16)
      await openApp(app, host.url)
      console.log(
        `first frame trial ${trial + 1}: wall median ${median(w).toFixed(0)} ms (max ${Math.max(...w).toFixed(0)}) · bare median ${median(b).toFixed(0)} ms (max ${Math.max(...b).toFixed(0)})`
      )
      wallFF.push(...w)
      bareFF.push(...b)
    }

    // Memory: renderer JS heap after the first layout switch and after 200 (alternating 9 and 4 tiles).
    await app.goto('about:blank')
    const mem = await switchMemory(host.url, session)
    const heapFirst = mem.first
    const heapAfter = mem.after

    console.log('\n=== wall vs bare page (same streams, same run) ===')
    console.log(
      'tiles | wall fps/tile (% of source, worst tile) | bare fps/tile (% of source, worst tile) | wall/bare'
    )
    for (const r of rows)
      console.log(
        `${r.n} | ${r.wall.mean.toFixed(2)} (${pct(r.wall.mean / SOURCE_FPS)}, worst ${pct(r.wall.min / SOURCE_FPS)}) | ${r.bare.mean.toFixed(2)} (${pct(r.bare.mean / SOURCE_FPS)}, worst ${pct(r.bare.min / SOURCE_FPS)}) | ${(r.wall.mean / r.bare.mean).toFixed(2)}`
      )
    const r16 = rows.find((r) => r.n === 16)
    const r25 = rows.find((r) => r.n === 25)
    const r36 = rows.find((r) => r.n === 36)
    const ffRatio = median(wallFF) / median(bareFF)
    const memRatio = heapAfter / heapFirst
    const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target')
    console.log('\n=== against the targets ===')
    // Counters are read tile by tile at two instants: one frame per tile per interval is the resolution.
    const resolution = 1 / MEASURE_S
    for (const r of [r16, r25]) {
      if (!r) continue
      const diff = r.wall.mean - r.bare.mean
      console.log(
        `${r.n} tiles: wall/bare frames ${(r.wall.mean / r.bare.mean).toFixed(3)} (wall − bare ${diff >= 0 ? '+' : ''}${diff.toFixed(3)} fps/tile, resolution ±${resolution.toFixed(3)}; target ≥ 1.00) — ${verdict(diff >= -resolution)}${Math.abs(diff) < resolution ? ' (equal within resolution)' : ''}`
      )
    }
    if (r36)
      console.log(
        `36 tiles: worst wall tile ${pct(r36.wall.min / SOURCE_FPS)} of source frames, mean ${pct(r36.wall.mean / SOURCE_FPS)} (target every tile ≥ 95 %; bare page ${pct(r36.bare.mean / SOURCE_FPS)}) — ${verdict(r36.wall.min / SOURCE_FPS >= 0.95)}`
      )
    console.log(
      `first frame at 16 tiles (median over ${wallFF.length} tiles): wall ${median(wallFF).toFixed(0)} ms, bare ${median(bareFF).toFixed(0)} ms, ratio ${ffRatio.toFixed(2)} (target ≤ 1.10) — ${verdict(ffRatio <= 1.1)}; slowest tile wall ${Math.max(...wallFF).toFixed(0)} ms, bare ${Math.max(...bareFF).toFixed(0)} ms`
    )
    console.log(
      `renderer JS heap: after the first switch ${(heapFirst / 1048576).toFixed(1)} MiB, after ${SWITCHES} switches ${(heapAfter / 1048576).toFixed(1)} MiB, ratio ${memRatio.toFixed(2)} (target ≤ 1.10) — ${verdict(memRatio <= 1.1)}`
    )
  } finally {
    await bare?.close()
    await browser.close()
    await host.stop()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
