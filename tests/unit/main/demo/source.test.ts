import { createServer, request } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDemoSource, parseDemoPath } from '../../../../src/main/demo/source'
import type { DemoSource } from '../../../../src/main/demo/source'
import { createDemoRenderer } from '../../../../src/main/demo/render/queue'
import { renderDemoLoop } from '../../../../src/main/demo/render/cache'
import {
  DEFAULT_DEMO_RENDER_PARAMS,
  DEMO_VARIANTS,
  validateDemoRenderParams
} from '../../../../src/main/demo/render/params'
import type { DemoRenderParams } from '../../../../src/main/demo/render/params'
import { probeMedia, resolveFfmpeg, runFfmpeg } from '../../../../src/main/media/ffmpeg'
import { parseMasterPlaylist, parseMediaPlaylist } from '../../../../src/main/media/hls/playlist'
import {
  PTS_MODULO,
  readTsTimestamps,
  TS_PACKET_SIZE
} from '../../../../src/main/media/hls/tsTimestamps'

// Short loops keep the suite fast; the shape (variants, GOP = segment) is the real one.
const PARAMS: Partial<DemoRenderParams> = {
  fps: 10,
  segmentSeconds: 1,
  loopSegments: 3,
  variants: DEMO_VARIANTS.slice(0, 2)
}
const CAMERAS = [
  { code: 'BG-0001', name: '北京路与中山路交叉口' },
  { code: 'BG-0002', name: "Quote's: 100% [test], 路" }
]
const SEG_TICKS = 90000

let cacheDir = ''
let clock = 0
let source: DemoSource
let server: Server
let base = ''

function mount(s: () => DemoSource): Server {
  return createServer((req, res) => {
    // Raw path on purpose: the source itself must refuse traversal, whatever the mount does.
    const path = (req.url ?? '/').split('?')[0] ?? ''
    const prefix = '/demo/'
    const sub = path.startsWith(prefix) ? decodeURIComponent(path.slice(prefix.length)) : ''
    void s()
      .handle(req, res, sub)
      .then((handled) => {
        if (!handled) {
          res.writeHead(405)
          res.end()
        }
      })
  })
}

async function listen(srv: Server): Promise<string> {
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(srv.address() as AddressInfo).port}/demo/`
}

async function get(path: string): Promise<{
  status: number
  type: string | null
  cache: string | null
  body: Buffer
  headers: Headers
}> {
  const res = await fetch(base + path)
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    cache: res.headers.get('cache-control'),
    body: Buffer.from(await res.arrayBuffer()),
    headers: res.headers
  }
}

/** Like fetch, but sends the path verbatim (fetch would normalise `..`). */
function rawStatus(path: string): Promise<number> {
  const url = new URL(base)
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname + path },
      (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      }
    )
    req.on('error', reject)
    req.end()
  })
}

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), 'wr-demo-'))
  // A realistic epoch time: 2025-11-29T08:00:00.300Z.
  clock = Date.UTC(2025, 10, 29, 8, 0, 0, 300)
  source = createDemoSource({
    cacheDir,
    cameras: CAMERAS,
    now: () => clock,
    params: PARAMS,
    windowSegments: 4
  })
  server = mount(() => source)
  base = await listen(server)
})

afterAll(async () => {
  await source.close()
  await new Promise((r) => server.close(r))
  await rm(cacheDir, { recursive: true, force: true })
})

describe('demo source over HTTP', () => {
  it('answers 503 with Retry-After until the loop is rendered, and rendering starts on request', async () => {
    const first = await get('BG-0001/main/index.m3u8')
    expect(first.status).toBe(503)
    expect(first.headers.get('retry-after')).toBe('1')
    expect(source.status('BG-0001')).toMatch(/queued|rendering|ready/)
    await source.ensure(['BG-0001', 'BG-0002'])
    expect(source.status('BG-0001')).toBe('ready')
    // Atomic writes: only finished entries remain.
    const entries = await readdir(cacheDir)
    expect(entries.filter((e) => e.startsWith('.tmp-'))).toEqual([])
    expect(entries).toHaveLength(2)
  })

  it('serves a master playlist listing variants with RESOLUTION and BANDWIDTH', async () => {
    const res = await get('BG-0001/master.m3u8')
    expect(res.status).toBe(200)
    expect(res.type).toBe('application/vnd.apple.mpegurl')
    expect(res.cache).toBe('no-cache')
    const master = parseMasterPlaylist(res.body.toString())
    expect(master.variants.map((v) => [v.uri, v.resolution])).toEqual([
      ['main/index.m3u8', { width: 640, height: 360 }],
      ['sub/index.m3u8', { width: 320, height: 180 }]
    ])
    for (const v of master.variants) {
      expect(v.bandwidth).toBeGreaterThan(50_000)
      expect(v.codecs).toMatch(/^avc1\.42/)
    }
    expect(source.listVariants().map((v) => v.name)).toEqual(['main', 'sub'])
  })

  it('serves a live playlist whose sequence and PROGRAM-DATE-TIME follow the clock', async () => {
    const res = await get('BG-0001/main/index.m3u8')
    expect(res.status).toBe(200)
    expect(res.type).toBe('application/vnd.apple.mpegurl')
    expect(res.cache).toBe('no-cache')
    const p = parseMediaPlaylist(res.body.toString())
    const last = Math.floor(clock / 1000) - 1
    expect(p.endList).toBe(false)
    expect(p.targetDuration).toBe(1)
    expect(p.segments).toHaveLength(4)
    expect(p.mediaSequence).toBe(last - 3)
    p.segments.forEach((s, i) => {
      expect(s.uri).toBe(`${p.mediaSequence + i}.ts`)
      expect(s.programDateTime).toBe((p.mediaSequence + i) * 1000)
      expect(s.duration).toBe(1)
    })
    clock += 3000
    const later = parseMediaPlaylist((await get('BG-0001/main/index.m3u8')).body.toString())
    expect(later.mediaSequence).toBe(p.mediaSequence + 3)
    expect(later.segments[0]?.programDateTime).toBe(p.segments[0].programDateTime! + 3000)
    // Variants share sequence numbers so a player can switch between them.
    const sub = parseMediaPlaylist((await get('BG-0001/sub/index.m3u8')).body.toString())
    expect(sub.mediaSequence).toBe(later.mediaSequence)
  })

  it('serves decodable segments with timestamps continuous across the loop wrap', async () => {
    const p = parseMediaPlaylist((await get('BG-0001/main/index.m3u8')).body.toString())
    const seqs = p.segments.map((s) => Number.parseInt(s.uri, 10))
    // A window of 4 over a 3-segment loop always contains the wrap from the loop's last segment to its first.
    expect(seqs).toHaveLength(4)
    const bodies: Buffer[] = []
    for (const seq of seqs) {
      const res = await get(`BG-0001/main/${seq}.ts`)
      expect(res.status).toBe(200)
      expect(res.type).toBe('video/mp2t')
      bodies.push(res.body)
    }
    const firstPts = readTsTimestamps(bodies[0]).minPts!
    bodies.forEach((b, i) => {
      const s = readTsTimestamps(b)
      expect(s.minPts, `segment ${seqs[i]}`).toBe((firstPts + i * SEG_TICKS) % PTS_MODULO)
      expect(s.maxPts! - s.minPts!).toBe(SEG_TICKS - 9000)
    })
    // The timestamp is a function of the sequence number: PTS = start + seq·segment (mod 2^33).
    expect(firstPts).toBe((126000 + seqs[0] * SEG_TICKS) % PTS_MODULO)
    // Continuity counters continue from one segment to the next, including across the wrap.
    const cc = (buf: Buffer, pidWanted: number): number[] => {
      const out: number[] = []
      for (let i = 0; i < buf.length; i += TS_PACKET_SIZE) {
        const pid = ((buf[i + 1] & 0x1f) << 8) | buf[i + 2]
        if (pid === pidWanted && buf[i + 3] & 0x10) out.push(buf[i + 3] & 0x0f)
      }
      return out
    }
    for (let i = 1; i < bodies.length; i++) {
      for (const pid of [0, 0x100])
        expect((cc(bodies[i - 1], pid).at(-1)! + 1) % 16, `pid ${pid} into ${seqs[i]}`).toBe(
          cc(bodies[i], pid)[0]
        )
    }
    // ffmpeg decodes the concatenation of the window as one continuous stream.
    const file = join(cacheDir, 'window.ts')
    await writeFile(file, Buffer.concat(bodies))
    const probed = await probeMedia(file)
    expect(probed.streams[0]).toMatchObject({
      type: 'video',
      codec: 'h264',
      width: 640,
      height: 360
    })
    expect(probed.durationSec).toBeCloseTo(4, 1)
    const decoded = await runFfmpeg(['-hide_banner', '-i', file, '-f', 'null', '-'])
    expect(decoded.stderr).toMatch(/frame=\s*40\b/)
    expect(decoded.stderr).not.toMatch(/Non-monotonous|discontinuity/i)
  })

  it('hands the same segment bytes to in-process readers (recorder)', async () => {
    const seq = Math.floor(clock / 1000) - 2
    const viaHttp = (await get(`BG-0001/sub/${seq}.ts`)).body
    const direct = await source.segment('BG-0001', 'sub', seq, { cache: false })
    expect(direct?.equals(viaHttp)).toBe(true)
    expect(await source.segment('BG-0001', 'sub', seq + 10)).toBeUndefined()
    expect(await source.segment('BG-0001', 'nope', seq)).toBeUndefined()
    expect(await source.segment('BG-9999', 'sub', seq)).toBeUndefined()
  })

  it('refuses segments from the future', async () => {
    const future = Math.floor(clock / 1000) + 5
    expect((await get(`BG-0001/main/${future}.ts`)).status).toBe(404)
  })

  it('goes 404 when made offline and plays again when back', async () => {
    source.setFailure('BG-0002', 'offline')
    expect((await get('BG-0002/master.m3u8')).status).toBe(404)
    expect((await get('BG-0002/sub/index.m3u8')).status).toBe(404)
    expect((await get(`BG-0002/sub/${Math.floor(clock / 1000) - 1}.ts`)).status).toBe(404)
    expect(source.livePlaylist('BG-0002', 'sub')).toBeUndefined()
    source.setFailure('BG-0002', null)
    expect((await get('BG-0002/sub/index.m3u8')).status).toBe(200)
    expect((await get('BG-0001/sub/index.m3u8')).status).toBe(200)
  })

  it('freezes the playlist while stalled', async () => {
    source.setFailure('BG-0002', 'stall')
    const a = (await get('BG-0002/main/index.m3u8')).body.toString()
    clock += 5000
    const b = (await get('BG-0002/main/index.m3u8')).body.toString()
    expect(b).toBe(a)
    const frozenLast = parseMediaPlaylist(b).segments.at(-1)!.uri
    expect((await get(`BG-0002/main/${frozenLast}`)).status).toBe(200)
    source.setFailure('BG-0002', null)
    const c = parseMediaPlaylist((await get('BG-0002/main/index.m3u8')).body.toString())
    expect(c.mediaSequence).toBe(parseMediaPlaylist(a).mediaSequence + 5)
  })

  it('serves garbage segments when corrupt', async () => {
    const seq = Math.floor(clock / 1000) - 1
    const good = (await get(`BG-0002/sub/${seq}.ts`)).body
    source.setFailure('BG-0002', 'corrupt')
    const bad = await get(`BG-0002/sub/${seq}.ts`)
    expect(bad.status).toBe(200)
    expect(bad.cache).toBe('no-store')
    expect(bad.body.length).toBe(good.length)
    expect(bad.body.includes(0x47)).toBe(false)
    expect((await get('BG-0002/sub/index.m3u8')).status).toBe(200)
    source.setFailure('BG-0002', null)
    expect((await get(`BG-0002/sub/${seq}.ts`)).body.equals(good)).toBe(true)
  })

  it('rejects anything outside the path grammar', async () => {
    for (const bad of [
      '../../etc/passwd',
      'BG-0001/../BG-0002/master.m3u8',
      'BG-0001/main/../../x.ts',
      'BG-0001/main/01.ts',
      'BG-0001/main/-1.ts',
      'BG-0001/main/1.ts/',
      'BG-0001/main/index.m3u8/x',
      'BG-0001/MAIN/index.m3u8',
      'BG-0001/master.m3u',
      '',
      'BG-0001'
    ]) {
      expect(parseDemoPath(bad), bad).toBeUndefined()
      expect(await rawStatus(bad), bad).toBe(404)
    }
    for (const unknown of ['BG-0001/nope/index.m3u8', 'BG-9999/master.m3u8', 'BG-9999/main/1.ts']) {
      expect(parseDemoPath(unknown), unknown).toBeDefined()
      expect(await rawStatus(unknown), unknown).toBe(404)
    }
    expect(parseDemoPath('BG-0001/main/..%2f.ts')).toBeUndefined()
    expect(parseDemoPath('/BG-0001/main/12.ts?x=1')).toEqual({
      kind: 'segment',
      code: 'BG-0001',
      variant: 'main',
      seq: 12
    })
    const post = await fetch(base + 'BG-0001/master.m3u8', { method: 'POST' })
    expect(post.status).toBe(405)
    const head = await fetch(base + 'BG-0001/master.m3u8', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(Number(head.headers.get('content-length'))).toBeGreaterThan(50)
  })

  it('reuses the cache: a second source over the same dir is ready at once', async () => {
    const again = createDemoSource({ cacheDir, cameras: CAMERAS, now: () => clock, params: PARAMS })
    try {
      const t0 = performance.now()
      await again.ensure(['BG-0001', 'BG-0002'])
      expect(performance.now() - t0).toBeLessThan(500)
      expect((await readdir(cacheDir)).filter((e) => e.startsWith('BG-'))).toHaveLength(2)
      expect(again.livePlaylist('BG-0001', 'main')?.segments).toHaveLength(5)
      const all = await again.ensureAll()
      expect(all).toEqual({ ready: ['BG-0001', 'BG-0002'], failed: [] })
    } finally {
      await again.close()
    }
  })
})

describe('demo source cache damage', () => {
  it('re-renders an entry whose files vanished (temp cleaners)', async () => {
    const entry = (await readdir(cacheDir)).find((e) => e.startsWith('BG-0001-'))!
    for (const f of await readdir(join(cacheDir, entry, 'main')))
      if (f.endsWith('.ts')) await rm(join(cacheDir, entry, 'main', f))
    // Sequence numbers from long ago are valid but not in the in-memory segment cache.
    const res = await get('BG-0001/main/1000.ts')
    expect(res.status).toBe(503)
    await source.ensure(['BG-0001'])
    const again = await get('BG-0001/main/1000.ts')
    expect(again.status).toBe(200)
    expect(readTsTimestamps(again.body).minPts).toBe(126000 + 1000 * SEG_TICKS)
  })
})

describe('demo renderer queue', () => {
  it('renders wall cameras first, then on-demand ones, then the background', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wr-demo-queue-'))
    const order: string[] = []
    const renderer = createDemoRenderer({
      cacheDir: dir,
      cameras: ['Q-1', 'Q-2', 'Q-3', 'Q-4', 'Q-5'].map((code) => ({ code, name: code })),
      params: { fps: 5, segmentSeconds: 1, loopSegments: 2, variants: DEMO_VARIANTS.slice(2) },
      concurrency: 1,
      onRendered: (loop) => order.push(loop.code)
    })
    try {
      const all = renderer.ensureAll()
      const demand = renderer.ensure(['Q-5'], 'demand')
      const wall = renderer.ensure(['Q-3', 'Q-4'])
      // Asking again at a lower priority never demotes a queued camera.
      void renderer.ensure(['Q-3'], 'demand')
      await Promise.all([demand, wall])
      expect((await all).failed).toEqual([])
      // Q-1 was already rendering when the others arrived.
      expect(order).toEqual(['Q-1', 'Q-3', 'Q-4', 'Q-5', 'Q-2'])
      expect(renderer.status('Q-2')).toBe('ready')
      expect(renderer.status('nope')).toBe('unknown')
      await expect(renderer.ensure(['nope'])).rejects.toThrow(/unknown demo camera/)
    } finally {
      await renderer.close()
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('demo source without a working ffmpeg', () => {
  it('starts, answers 503, and backs off instead of respawning on every poll', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wr-demo-noff-'))
    const broken = createDemoSource({
      cacheDir: dir,
      cameras: CAMERAS,
      ffmpegPath: '/nonexistent/ffmpeg',
      params: PARAMS
    })
    const srv = mount(() => broken)
    const url = await listen(srv)
    try {
      const res = await fetch(`${url}BG-0001/main/index.m3u8`)
      expect(res.status).toBe(503)
      await expect(broken.ensure(['BG-0001'])).rejects.toThrow(/failed to start/)
      expect(broken.status('BG-0001')).toBe('failed')
      const t0 = performance.now()
      await expect(broken.ensure(['BG-0001'])).rejects.toThrow(/failed to start/)
      expect(performance.now() - t0).toBeLessThan(50)
      expect(broken.status('BG-0001')).toBe('failed')
      expect((await broken.ensureAll()).failed).toContain('BG-0001')
    } finally {
      await broken.close()
      await new Promise((r) => srv.close(r))
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('demo render parameters', () => {
  it('refuses parameters that would break seamless timestamps', () => {
    const base = { ...DEFAULT_DEMO_RENDER_PARAMS }
    expect(() => validateDemoRenderParams(base)).not.toThrow()
    expect(() => validateDemoRenderParams({ ...base, fps: 7 })).toThrow(/90000/)
    expect(() => validateDemoRenderParams({ ...base, segmentSeconds: 1.5 })).toThrow(
      /segmentSeconds/
    )
    expect(() =>
      validateDemoRenderParams({ ...base, variants: [DEMO_VARIANTS[0], DEMO_VARIANTS[0]] })
    ).toThrow(/duplicate/)
    expect(() =>
      createDemoSource({ cacheDir: tmpdir(), cameras: CAMERAS, params: { fps: 7 } })
    ).toThrow(/90000/)
  })
})

describe('demo render without fonts', () => {
  it('still renders, just without text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wr-demo-nofont-'))
    try {
      const loop = await renderDemoLoop({
        cacheDir: dir,
        ffmpegPath: resolveFfmpeg().path,
        camera: { code: 'XX-1', name: '无字体' },
        params: { fps: 10, segmentSeconds: 1, loopSegments: 2, variants: DEMO_VARIANTS.slice(2) },
        fonts: {}
      })
      expect(loop.textDrawn).toEqual({ code: false, name: false, clock: false })
      expect(loop.variants[0]).toMatchObject({ name: 'mini', width: 256, height: 144 })
      expect(loop.variants[0]?.segments).toHaveLength(2)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
