import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocketServer } from 'ws'
import { resolveFfmpeg } from '../../../../src/main/media/ffmpeg'
import { createDemoSource, type DemoSource } from '../../../../src/main/demo/source'
import { DEMO_VARIANTS } from '../../../../src/main/demo/render/params'
import { createLiveService, type LiveClient } from '../../../../src/main/live/service'
import { upstreamUrl } from '../../../../src/main/live/upstream'
import type { LiveState } from '../../../../src/shared/domain/live'

type Seen = LiveClient & {
  states: LiveState[]
  codecs: (string | null)[]
  times: number[]
}

function client(): Seen {
  const c: Seen = {
    states: [],
    codecs: [],
    times: [],
    init: (_d, codec) => c.codecs.push(codec),
    fragment: () => c.times.push(Date.now()),
    state: (s) => c.states.push(s)
  }
  return c
}

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 100))
  }
}

const last = (c: Seen) => c.states[c.states.length - 1]
const ffmpeg = resolveFfmpeg().path
/** A 10 fps H.264 test picture, produced in real time. */
const TEST_PICTURE = [
  '-hide_banner',
  '-loglevel',
  'error',
  '-re',
  '-f',
  'lavfi',
  '-i',
  'testsrc=size=320x180:rate=10',
  '-c:v',
  'libx264',
  '-preset',
  'ultrafast',
  '-tune',
  'zerolatency',
  '-g',
  '10',
  '-pix_fmt',
  'yuv420p'
]

describe('live sources beyond RTSP', () => {
  const urls = new Map<number, string>()
  const children: ChildProcess[] = []
  const servers: Server[] = []
  let hlsDir = ''
  let cacheDir = ''
  let hlsRequests = 0
  let wsPort = 0
  let demo: DemoSource
  let budget = 1
  let service: ReturnType<typeof createLiveService>

  beforeAll(async () => {
    // an HLS camera: ffmpeg writing 1 s segments, served by a plain node http server
    hlsDir = mkdtempSync(path.join(tmpdir(), 'wr-hls-cam-'))
    const hls = spawn(
      ffmpeg,
      [
        ...TEST_PICTURE,
        '-f',
        'hls',
        '-hls_time',
        '1',
        '-hls_list_size',
        '5',
        '-hls_flags',
        'delete_segments+temp_file',
        path.join(hlsDir, 'index.m3u8')
      ],
      { stdio: 'ignore' }
    )
    children.push(hls)
    const hlsServer = createServer((req, res) => {
      hlsRequests++
      const name = path.basename((req.url ?? '/').split('?')[0] ?? '')
      let body: Buffer
      try {
        body = readFileSync(path.join(hlsDir, name))
      } catch {
        return void res.writeHead(404).end()
      }
      res.writeHead(200).end(body)
    })
    servers.push(hlsServer)
    await new Promise<void>((r) => hlsServer.listen(0, '127.0.0.1', r))
    const hlsBase = `http://127.0.0.1:${(hlsServer.address() as AddressInfo).port}`
    urls.set(1, `${hlsBase}/index.m3u8`)
    urls.set(2, `${hlsBase}/missing.m3u8`)

    // a WS-FLV platform: each connection gets its own FLV stream; /secret needs a password
    const wsServer = createServer()
    servers.push(wsServer)
    const wss = new WebSocketServer({ noServer: true })
    wsServer.on('upgrade', (req, socket, head) => {
      const url = req.url ?? ''
      if (url.startsWith('/secret') && req.headers.authorization !== `Basic ${btoa('admin:good')}`)
        return void socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n')
      if (!url.endsWith('.live.flv')) return void socket.end('HTTP/1.1 404 Not Found\r\n\r\n')
      wss.handleUpgrade(req, socket, head, (ws) => {
        const enc = spawn(ffmpeg, [...TEST_PICTURE, '-f', 'flv', 'pipe:1'], {
          stdio: ['ignore', 'pipe', 'ignore']
        })
        children.push(enc)
        enc.stdout.on('data', (b: Buffer) => ws.send(b))
        ws.on('close', () => enc.kill('SIGKILL'))
      })
    })
    await new Promise<void>((r) => wsServer.listen(0, '127.0.0.1', r))
    wsPort = (wsServer.address() as AddressInfo).port
    urls.set(3, `ws://127.0.0.1:${wsPort}/rtp/34020000001320000001.live.flv`)
    urls.set(4, `ws://admin:bad@127.0.0.1:${wsPort}/secret/cam.live.flv`)
    urls.set(5, `ws://admin:good@127.0.0.1:${wsPort}/secret/cam.live.flv`)
    urls.set(6, `ws://127.0.0.1:${wsPort}/rtp/nothing-here.flv`)

    // the built-in demo source, short segments
    cacheDir = mkdtempSync(path.join(tmpdir(), 'wr-demo-live-'))
    demo = createDemoSource({
      cacheDir,
      cameras: [{ code: 'ZD-01', name: '演示' }],
      params: { fps: 10, segmentSeconds: 1, loopSegments: 3, variants: DEMO_VARIANTS.slice(0, 2) }
    })
    const demoCamera = { code: 'ZD-01', streamUrl: 'demo://ZD-01', subStreamUrl: null }
    urls.set(7, upstreamUrl(demoCamera, 'main') ?? '')
    urls.set(8, upstreamUrl(demoCamera, 'sub') ?? '')

    service = createLiveService({
      ffmpegPath: ffmpeg,
      sourceOf: (id) => Promise.resolve(urls.has(id) ? { url: urls.get(id)! } : null),
      demo,
      transcodeBudget: () => budget,
      lingerMs: 200
    })
  })

  afterAll(async () => {
    await service?.close()
    for (const c of children) c.kill('SIGKILL')
    for (const s of servers) await new Promise((r) => s.close(r))
    await demo?.close()
    rmSync(hlsDir, { recursive: true, force: true })
    rmSync(cacheDir, { recursive: true, force: true })
  })

  it('relays an http HLS camera through main: fMP4 out, paced by the picture timeline', async () => {
    const c = client()
    const detach = service.attach(1, 'main', c)
    await until(() => c.times.length > 25, 30_000)
    expect(c.codecs[0]).toMatch(/^avc1\./)
    expect(last(c)).toMatchObject({ status: 'playing' })
    expect(hlsRequests).toBeGreaterThan(1)
    // a whole segment arrives at once; the frames leave main spread over its duration
    const spread = c.times[25] - c.times[5]
    expect(spread).toBeGreaterThan(1000)
    detach()
  })

  it('says an HLS playlist that is not there is not found', async () => {
    const c = client()
    const detach = service.attach(2, 'main', c)
    await until(() => last(c)?.status === 'failed')
    expect(last(c)).toMatchObject({ status: 'failed', reason: 'not_found' })
    detach()
  })

  it('reads WS-FLV in Node and pipes it into the remux', async () => {
    const c = client()
    const detach = service.attach(3, 'main', c)
    await until(() => c.times.length > 10, 30_000)
    expect(c.codecs[0]).toMatch(/^avc1\./)
    expect(last(c)).toMatchObject({ status: 'playing' })
    detach()
  })

  it('says a WS-FLV wrong password and a missing WS-FLV stream apart, and plays with the right one', async () => {
    const wrong = client()
    const missing = client()
    const right = client()
    const d1 = service.attach(4, 'main', wrong)
    const d2 = service.attach(6, 'main', missing)
    const d3 = service.attach(5, 'main', right)
    await until(
      () =>
        last(wrong)?.status === 'failed' &&
        last(missing)?.status === 'failed' &&
        right.times.length > 5,
      30_000
    )
    expect(last(wrong)).toMatchObject({ status: 'failed', reason: 'auth' })
    expect(last(missing)).toMatchObject({ status: 'failed', reason: 'not_found' })
    d1()
    d2()
    d3()
  })

  it('ingests the demo source like a camera: its drills become the same states', async () => {
    const c = client()
    const detach = service.attach(7, 'main', c)
    await until(() => c.times.length > 15, 60_000)
    expect(c.codecs[0]).toMatch(/^avc1\./)
    expect(last(c)).toMatchObject({ status: 'playing' })

    demo.setFailure('ZD-01', 'offline')
    await until(() => last(c)?.status === 'failed')
    expect(last(c)).toMatchObject({ status: 'failed', reason: 'not_found' })
    demo.setFailure('ZD-01', null)
    const before = c.times.length
    await until(() => last(c)?.status === 'playing' && c.times.length > before + 10)

    demo.setFailure('ZD-01', 'stall')
    await until(() => last(c)?.status === 'stalled')
    demo.setFailure('ZD-01', null)
    await until(() => last(c)?.status === 'playing')
    detach()
  })

  it('says "codec not playable here" when a stream needs a transcode and transcoding is off', async () => {
    budget = 0
    const c = client()
    const detach = service.attach(8, 'sub', c, { transcode: true })
    await until(() => last(c)?.status === 'failed')
    expect(last(c)).toMatchObject({ status: 'failed', reason: 'codec' })
    detach()
    budget = 1
  })
})
