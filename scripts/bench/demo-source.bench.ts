/**
 * Demo camera source measurements:
 *   npx tsx scripts/bench/demo-source.bench.ts [--seconds 60] [--tiles 16] [--variant sub]
 * 1. cold-cache render time for 4 and 40 cameras (and time-to-first-4 when all 40 are queued);
 * 2. CPU of serving N cameras' playlists and segments at hls.js's fetch rate, measured
 *    with process.cpuUsage in this (server) process while a separate client process fetches.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDemoRenderer } from '../../src/main/demo/render/queue'
import { createDemoSource } from '../../src/main/demo/source'

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback
}

const seconds = Number(arg('seconds', '60'))
const tiles = Number(arg('tiles', '16'))
const variant = arg('variant', 'sub')

const cameras = Array.from({ length: 40 }, (_, i) => ({
  code: `BG-${String(i + 1).padStart(4, '0')}`,
  name:
    ['中山路与解放路交叉口', '人民广场东', '火车站南广场', '滨江大道隧道口', '体育中心北门'][
      i % 5
    ] ?? '路口'
}))

/** CPU seconds used by reaped child processes (ffmpeg renders), from /proc/self/stat; Linux only. */
function childCpuSeconds(): number {
  try {
    const text = readFileSync('/proc/self/stat', 'utf8')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[13]) + Number(fields[14])) / 100
  } catch {
    return Number.NaN
  }
}

async function timeRender(n: number, cacheDir: string): Promise<number> {
  const renderer = createDemoRenderer({ cacheDir, cameras: cameras.slice(0, n) })
  const t0 = performance.now()
  const c0 = childCpuSeconds()
  await renderer.ensure(cameras.slice(0, n).map((c) => c.code))
  const ms = performance.now() - t0
  await renderer.close()
  console.log(
    `  (ffmpeg CPU for ${n} cameras: ${(childCpuSeconds() - c0).toFixed(1)} s, ${((childCpuSeconds() - c0) / n).toFixed(2)} s per camera; load average ${loadavg()[0]?.toFixed(1)})`
  )
  return ms
}

/** hls.js-like client in a child process so its CPU is not counted against the server. */
const CLIENT = `
const [base, codes, variant, seconds] = [process.argv[1], process.argv[2].split(','), process.argv[3], Number(process.argv[4])]
let requests = 0, bytes = 0, errors = 0
async function get(url) {
  const r = await fetch(url); const b = await r.arrayBuffer(); requests++; bytes += b.byteLength
  if (!r.ok) errors++
  return r.ok ? Buffer.from(b).toString('latin1') : ''
}
async function tile(code) {
  const end = Date.now() + seconds * 1000
  await get(base + code + '/master.m3u8')
  const seen = new Set(); let first = true
  while (Date.now() < end) {
    const text = await get(base + code + '/' + variant + '/index.m3u8')
    const uris = text.split('\\n').filter((l) => l && !l.startsWith('#'))
    // Like hls.js: start 3 segments from the live edge, then fetch each new segment once.
    const wanted = first ? uris.slice(-3) : uris.filter((u) => !seen.has(u))
    first = false
    for (const u of uris) seen.add(u)
    for (const u of wanted) await get(base + code + '/' + variant + '/' + u)
    const target = Number((/#EXT-X-TARGETDURATION:(\\d+)/.exec(text) || [])[1] || 2)
    await new Promise((r) => setTimeout(r, target * 1000))
  }
}
Promise.all(codes.map((c, i) => new Promise((r) => setTimeout(r, i * 97)).then(() => tile(c)))).then(() => {
  console.log(JSON.stringify({ requests, bytes, errors }))
})
`

async function main(): Promise<void> {
  console.log(`cpus: ${cpus().length} × ${cpus()[0]?.model ?? '?'}`)
  const root = await mkdtemp(join(tmpdir(), 'wr-demo-bench-'))
  try {
    const ms4 = await timeRender(4, join(root, 'c4'))
    console.log(`cold render, 4 cameras (3 variants each):  ${(ms4 / 1000).toFixed(2)} s`)
    const cache40 = join(root, 'c40')
    {
      const renderer = createDemoRenderer({ cacheDir: cache40, cameras })
      const t0 = performance.now()
      const first4 = renderer
        .ensure(cameras.slice(0, 4).map((c) => c.code))
        .then(() => performance.now() - t0)
      const all = renderer
        .ensureAll()
        .then((r) => ({ ms: performance.now() - t0, failed: r.failed.length }))
      const [f4, a] = await Promise.all([first4, all])
      await renderer.close()
      console.log(
        `cold render, 40 cameras (4 wall + background, 1 parallel): ${(a.ms / 1000).toFixed(2)} s (${a.failed} failed); first 4 ready after ${(f4 / 1000).toFixed(2)} s`
      )
    }
    {
      const ms40 = await timeRender(40, join(root, 'c40-wall'))
      console.log(
        `cold render, 40 cameras all at wall priority (2 parallel): ${(ms40 / 1000).toFixed(2)} s`
      )
    }
    const tWarm = performance.now()
    {
      const renderer = createDemoRenderer({ cacheDir: cache40, cameras })
      await renderer.ensureAll()
      await renderer.close()
    }
    console.log(
      `warm cache, 40 cameras:                     ${(performance.now() - tWarm).toFixed(0)} ms`
    )

    const source = createDemoSource({ cacheDir: cache40, cameras })
    await source.ensureAll()
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0] ?? ''
      void source.handle(req, res, path.replace(/^\/demo\//, ''))
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/demo/`
    const codes = cameras.slice(0, tiles).map((c) => c.code)
    const cpu0 = process.cpuUsage()
    const t0 = performance.now()
    const client = spawn(
      process.execPath,
      ['-e', CLIENT, base, codes.join(','), variant, String(seconds)],
      { stdio: ['ignore', 'pipe', 'inherit'] }
    )
    let out = ''
    client.stdout.on('data', (d: Buffer) => (out += d.toString()))
    await new Promise((r) => client.on('close', r))
    const cpu = process.cpuUsage(cpu0)
    const wall = performance.now() - t0
    const stats = JSON.parse(out.trim() || '{}') as {
      requests?: number
      bytes?: number
      errors?: number
    }
    const pct = ((cpu.user + cpu.system) / 1000 / wall) * 100
    console.log(
      `serving ${tiles} cameras (${variant}) for ${seconds} s: ${stats.requests ?? '?'} requests, ${((stats.bytes ?? 0) / 1e6).toFixed(1)} MB, ${stats.errors ?? '?'} errors`
    )
    console.log(
      `server CPU: ${pct.toFixed(2)} % of one core (user ${(cpu.user / 1000).toFixed(0)} ms, system ${(cpu.system / 1000).toFixed(0)} ms over ${(wall / 1000).toFixed(1)} s)`
    )
    await new Promise((r) => server.close(r))
    await source.close()
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
