/**
 * Plays the demo source with hls.js in headless Chromium and reports what the
 * videos presented:
 *   npx tsx scripts/bench/demo-play.ts [--tiles 4] [--variant main] [--seconds 25] [--fps 15] [--warm] [--master]
 * Starts on a cold cache (fresh temp dir) unless --warm, so the first-frame times
 * include rendering. Screenshot: test-output/demo-source[-N].png.
 */
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { createDemoSource } from '../../src/main/demo/source'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}

const tiles = Number(arg('tiles', '4'))
const variant = arg('variant', tiles > 16 ? 'mini' : tiles > 4 ? 'sub' : 'main')
const seconds = Number(arg('seconds', '25'))
const warm = process.argv.includes('--warm')
const fps = Number(arg('fps', '15'))
/** Load each tile from the master playlist (hls.js picks the variant) instead of a pinned variant. */
const viaMaster = process.argv.includes('--master')

const cameras = Array.from({ length: Math.max(tiles, 4) }, (_, i) => ({
  code: `BG-${String(i + 1).padStart(4, '0')}`,
  name:
    [
      '中山路与解放路交叉口',
      '人民广场东',
      '火车站南广场',
      '滨江大道隧道口',
      '体育中心北门',
      '学院路天桥'
    ][i % 6] ?? '路口'
}))

const PAGE = (codes: string[], variantName: string): string => `<!doctype html>
<html><head><meta charset="utf-8"><style>
html,body{margin:0;background:#111;height:100%}
#wall{display:grid;grid-template-columns:repeat(${Math.ceil(Math.sqrt(codes.length))},1fr);gap:2px;height:100vh}
video{width:100%;height:100%;object-fit:contain;background:#000;min-height:0}
</style><script src="/hls.min.js"></script></head><body><div id="wall"></div><script>
const t0 = performance.now()
const tiles = ${JSON.stringify(codes)}.map((code) => {
  const video = document.createElement('video')
  video.muted = true; video.autoplay = true; video.playsInline = true
  document.getElementById('wall').appendChild(video)
  const tile = { code, video, firstFrameMs: null, presented: 0, waiting: 0, playing: false, errors: [], maxGapMs: 0, maxMediaJump: 0, lastWall: 0, lastMedia: null, recreated: 0, presentedCount: 0, markFrames: 0 }
  video.addEventListener('playing', () => { tile.playing = true })
  video.addEventListener('waiting', () => { if (tile.playing) tile.waiting++ })
  const onFrame = (now, meta) => {
    if (tile.firstFrameMs === null) tile.firstFrameMs = now - t0
    if (tile.lastMedia !== null && tile.measuring) {
      tile.maxGapMs = Math.max(tile.maxGapMs, now - tile.lastWall)
      tile.maxMediaJump = Math.max(tile.maxMediaJump, meta.mediaTime - tile.lastMedia)
    }
    tile.lastWall = now; tile.lastMedia = meta.mediaTime; tile.presented = meta.presentedFrames; tile.presentedCount++
    video.requestVideoFrameCallback(onFrame)
  }
  video.requestVideoFrameCallback(onFrame)
  const start = () => {
    const retry = { maxNumRetry: 30, retryDelayMs: 500, maxRetryDelayMs: 1000 }
    const policy = { default: { maxTimeToFirstByteMs: 10000, maxLoadTimeMs: 20000, timeoutRetry: retry, errorRetry: retry } }
    const hls = new Hls({ manifestLoadPolicy: policy, playlistLoadPolicy: policy })
    hls.on(Hls.Events.ERROR, (_e, data) => {
      tile.errors.push(data.details + (data.fatal ? '!' : ''))
      if (data.fatal) { hls.destroy(); tile.recreated++; setTimeout(start, 1000) }
    })
    hls.loadSource('/demo/' + code + '/${variantName}')
    hls.attachMedia(video)
    tile.hls = hls
  }
  start()
  return tile
})
window.snapshot = () => tiles.map((t) => {
  const q = t.video.getVideoPlaybackQuality()
  return { code: t.code, firstFrameMs: t.firstFrameMs, total: q.totalVideoFrames, dropped: q.droppedVideoFrames, presented: t.presented,
    currentTime: t.video.currentTime, waiting: t.waiting, errors: t.errors.slice(), maxGapMs: t.maxGapMs, maxMediaJump: t.maxMediaJump,
    recreated: t.recreated, width: t.video.videoWidth, height: t.video.videoHeight, latency: t.hls && t.hls.latency }
})
window.mark = (code) => { const t = tiles.find((x) => x.code === code); t.markFrames = t.presentedCount; }
window.framesSinceMark = (code) => { const t = tiles.find((x) => x.code === code); return t.presentedCount - t.markFrames }
window.startMeasuring = () => tiles.forEach((t) => { t.measuring = true; t.maxGapMs = 0; t.maxMediaJump = 0; t.waiting = 0 })
window.allPlaying = () => tiles.every((t) => t.firstFrameMs !== null)
</script></body></html>`

interface TileSnap {
  code: string
  firstFrameMs: number | null
  total: number
  dropped: number
  presented: number
  currentTime: number
  waiting: number
  errors: string[]
  maxGapMs: number
  maxMediaJump: number
  recreated: number
  width: number
  height: number
  latency?: number
}

/** CPU ticks (user+system) of a process tree, from /proc; Linux only. */
async function treeCpuTicks(rootPid: number): Promise<number> {
  const stats = new Map<number, { ppid: number; ticks: number }>()
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue
    try {
      const text = await readFile(`/proc/${name}/stat`, 'utf8')
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
      stats.set(Number(name), {
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12])
      })
    } catch {
      // Process exited while scanning.
    }
  }
  let total = 0
  const stack = [...stats].filter(([, s]) => s.ppid === rootPid).map(([pid]) => pid)
  while (stack.length > 0) {
    const pid = stack.pop() ?? 0
    total += stats.get(pid)?.ticks ?? 0
    for (const [child, s] of stats) if (s.ppid === pid) stack.push(child)
  }
  return total
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function main(): Promise<void> {
  const cacheDir = warm
    ? join(tmpdir(), 'watchroom-demo-cache')
    : await mkdtemp(join(tmpdir(), 'wr-demo-play-'))
  const hlsJs = await readFile(join(process.cwd(), 'node_modules/hls.js/dist/hls.min.js'))
  const codes = cameras.slice(0, tiles).map((c) => c.code)
  const serverStart = performance.now()
  const source = createDemoSource({ cacheDir, cameras, params: { fps } })
  // What the app does at start: the wall's cameras first, the rest in the background.
  source.ensure(codes.slice(0, 4)).catch((err: unknown) => console.error('ensure failed', err))
  void source.ensureAll()
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (path === '/hls.min.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript' })
      res.end(hlsJs)
    } else if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      res.end(PAGE(codes, viaMaster ? 'master.m3u8' : `${variant}/index.m3u8`))
    } else if (path.startsWith('/demo/')) {
      void source.handle(req, res, path.slice('/demo/'.length))
    } else {
      res.writeHead(404)
      res.end()
    }
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`

  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required'
    ]
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
    page.on('pageerror', (err) => console.error('page error:', err.message))
    await page.goto(url)
    const openedAt = performance.now()
    await page.waitForFunction('window.allPlaying()', undefined, { timeout: 240_000, polling: 200 })
    const allPlayingAt = performance.now()
    console.log(
      `${tiles} tiles (${viaMaster ? 'master playlist' : variant}, ${fps} fps), ${warm ? 'warm' : 'cold'} cache: all playing ${((allPlayingAt - serverStart) / 1000).toFixed(2)} s after source start (${((allPlayingAt - openedAt) / 1000).toFixed(2)} s after page load)`
    )
    // Let the players settle at their live position before measuring.
    await sleep(2000)
    await page.evaluate('window.startMeasuring()')
    const s0 = await page.evaluate<TileSnap[]>('window.snapshot()')
    const cpu0 = process.cpuUsage()
    const browserTicks0 = await treeCpuTicks(process.pid)
    const m0 = performance.now()
    const report = (label: string, snap: TileSnap[], elapsed: number): void => {
      let presented = 0
      let expected = 0
      let dropped = 0
      let decoded = 0
      let waiting = 0
      let worstRatio = Infinity
      let worstGap = 0
      let worstJump = 0
      snap.forEach((t, i) => {
        const b = s0[i]
        if (!b) return
        const exp = (t.currentTime - b.currentTime) * fps
        const pres = t.presented - b.presented
        presented += pres
        expected += exp
        dropped += t.dropped - b.dropped
        decoded += t.total - b.total
        waiting += t.waiting
        worstRatio = Math.min(worstRatio, exp > 0 ? pres / exp : 0)
        worstGap = Math.max(worstGap, t.maxGapMs)
        worstJump = Math.max(worstJump, t.maxMediaJump)
      })
      const tileSecs = snap.length * elapsed
      console.log(
        `${label}: decoded ${decoded}, dropped ${dropped}, presented ${presented} of ${Math.round(expected)} source frames (${((presented / expected) * 100).toFixed(1)} %, worst tile ${(worstRatio * 100).toFixed(1)} %); ` +
          `${(presented / tileSecs).toFixed(1)} fps/tile; waiting events ${waiting}; max frame gap ${worstGap.toFixed(0)} ms, max media-time step ${(worstJump * 1000).toFixed(0)} ms`
      )
    }
    await sleep(10_000)
    report(
      'after 10 s',
      await page.evaluate<TileSnap[]>('window.snapshot()'),
      (performance.now() - m0) / 1000
    )
    const rest = Math.max(0, seconds - 10)
    await sleep(rest * 1000)
    const elapsed = (performance.now() - m0) / 1000
    const end = await page.evaluate<TileSnap[]>('window.snapshot()')
    const cpu = process.cpuUsage(cpu0)
    const browserTicks = (await treeCpuTicks(process.pid)) - browserTicks0
    report(`after ${elapsed.toFixed(0)} s (≥ ${Math.floor(elapsed / 10)} loop wraps)`, end, elapsed)
    console.log(
      `server CPU ${(((cpu.user + cpu.system) / 1000 / (elapsed * 1000)) * 100).toFixed(2)} % of one core; Chromium CPU ${((browserTicks / 100 / elapsed) * 100).toFixed(0)} % of one core`
    )
    const errors = end.flatMap((t) => t.errors.map((e) => `${t.code}:${e}`))
    if (errors.length > 0)
      console.log(
        `hls.js errors (incl. 503 retries during render): ${errors.slice(0, 12).join(', ')}${errors.length > 12 ? ' …' : ''}`
      )
    console.log(
      `first frame per tile (ms after page load): ${end.map((t) => (t.firstFrameMs === null ? '-' : t.firstFrameMs.toFixed(0))).join(' ')}; video size ${end[0]?.width}x${end[0]?.height}; hls.js latency ${end[0]?.latency?.toFixed(1) ?? '?'} s`
    )
    // A camera made to fail: offline long enough to drain the player's buffer, then back.
    const victim = codes[1] ?? codes[0] ?? ''
    source.setFailure(victim, 'offline')
    await sleep(10_000)
    source.setFailure(victim, null)
    await page.evaluate(`window.mark(${JSON.stringify(victim)})`)
    const restoredAt = performance.now()
    await page.waitForFunction(
      `window.framesSinceMark(${JSON.stringify(victim)}) >= 15`,
      undefined,
      { timeout: 30_000, polling: 100 }
    )
    console.log(
      `${victim} offline for 10 s, then back: playing again (15 new frames) ${((performance.now() - restoredAt) / 1000).toFixed(2)} s after it returned`
    )
    await mkdir('test-output', { recursive: true })
    const shot =
      tiles === 4 ? 'test-output/demo-source.png' : `test-output/demo-source-${tiles}.png`
    await page.screenshot({ path: shot })
    console.log(`screenshot: ${shot}`)
  } finally {
    await browser.close()
    await new Promise((r) => server.close(r))
    await source.close()
    if (!warm) await rm(cacheDir, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
