import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describeBackends } from '../../../helpers/backends'
import { createEventBus } from '../../../../src/main/app/bus'
import { createHealthProber, type ProberOptions } from '../../../../src/main/health/prober'
import { judgePlaylist } from '../../../../src/main/health/judge'
import { demoProbe, type DemoProbeSource } from '../../../../src/main/demo/cameras'
import { serializeMediaPlaylist, type MediaPlaylist } from '../../../../src/main/media/hls/playlist'
import { listStatusHistory } from '../../../../src/main/registry/repository'
import { listSystemEvents } from '../../../../src/main/events/repository'
import type { ServerEventMessage } from '../../../../src/shared/ipc/events'

const live = (seq: number, n = 5, pdt?: number): MediaPlaylist => ({
  kind: 'media',
  version: 3,
  targetDuration: 2,
  mediaSequence: seq,
  discontinuitySequence: 0,
  endList: false,
  segments: Array.from({ length: n }, (_, i) => ({
    uri: `${seq + i}.ts`,
    duration: 2,
    programDateTime: pdt === undefined ? undefined : pdt + i * 2000
  }))
})

describe('judgePlaylist', () => {
  it('online while advancing, degraded once frozen for 3 target durations, degraded when ended', () => {
    const a = judgePlaylist(live(10), undefined, 0)
    expect(a.outcome.status).toBe('online')
    expect(judgePlaylist(live(11), a.mark, 2000).outcome.status).toBe('online')
    expect(judgePlaylist(live(10), a.mark, 4000).outcome.status).toBe('online')
    expect(judgePlaylist(live(10), a.mark, 7000).outcome).toEqual({
      status: 'degraded',
      detail: 'not advancing for 7 s'
    })
    expect(judgePlaylist({ ...live(10), endList: true }, a.mark, 1).outcome.status).toBe('degraded')
    expect(judgePlaylist(live(10, 0), undefined, 1).outcome.status).toBe('degraded')
  })
  it('on first sight, a program date far in the past means frozen', () => {
    expect(judgePlaylist(live(10, 5, 0), undefined, 60_000).outcome.status).toBe('degraded')
    expect(judgePlaylist(live(10, 5, 50_000), undefined, 60_000).outcome.status).toBe('online')
  })
})

describe('health prober', () => {
  // a tiny HLS origin: /good advances every request, /frozen never, /gone is 404, /slow never answers
  let seq = 100
  let base = ''
  const server = http.createServer((req, res) => {
    if (req.url === '/good/index.m3u8') {
      res.end(serializeMediaPlaylist(live(seq++)))
    } else if (req.url === '/master.m3u8') {
      res.end(
        '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000\nhi/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=300000\ngood/index.m3u8\n'
      )
    } else if (req.url === '/frozen/index.m3u8') {
      res.end(serializeMediaPlaylist(live(5)))
    } else if (req.url === '/slow/index.m3u8') {
      // never answers
    } else if (req.url === '/junk/index.m3u8') {
      res.end('<html>login</html>')
    } else {
      res.statusCode = 404
      res.end()
    }
  })
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise((r) => server.close(r))
  })

  describeBackends('cycles', (b) => {
    function setup(demo?: DemoProbeSource, extra: Partial<ProberOptions> = {}) {
      const sql = b.sql()
      const bus = createEventBus()
      const events: ServerEventMessage[] = []
      bus.subscribe((m) => events.push(m))
      let t = 1_000_000
      const add = async (code: string, url: string | null) =>
        (await sql.get<{ id: number }>(
          'INSERT INTO cameras (code, name, lat, lng, stream_url, created_at, updated_at) VALUES (?, ?, 30, 120, ?, 0, 0) RETURNING id',
          [code, code, url]
        ))!.id
      const status = async (id: number) =>
        (await sql.get<{ status: string; last_seen_at: number | null }>(
          'SELECT status, last_seen_at FROM cameras WHERE id = ?',
          [id]
        ))!
      const prober = createHealthProber({
        sql,
        bus,
        now: () => t,
        inProcess: demo ? demoProbe(demo) : null,
        timeoutMs: 300,
        concurrency: 4,
        failuresBeforeOffline: 2,
        ...extra
      })
      return { sql, events, add, status, prober, tick: (ms: number) => (t += ms) }
    }

    it('classifies HLS cameras, writes history and the event log, and pushes camera:status', async () => {
      const { sql, events, add, status, prober, tick } = setup()
      const good = await add('GOOD', `${base}/good/index.m3u8`)
      const master = await add('MASTER', `${base}/master.m3u8`)
      const frozen = await add('FROZEN', `${base}/frozen/index.m3u8`)
      const gone = await add('GONE', `${base}/gone/index.m3u8`)
      const slow = await add('SLOW', `${base}/slow/index.m3u8`)
      const junk = await add('JUNK', `${base}/junk/index.m3u8`)
      const none = await add('NONE', null)
      const s1 = await prober.runCycle()
      expect(s1).toMatchObject({ probed: 6, skipped: 1 })
      expect(await status(good)).toEqual({ status: 'online', last_seen_at: 1_000_000 })
      expect((await status(master)).status).toBe('online')
      expect((await status(frozen)).status).toBe('online')
      expect((await status(gone)).status).toBe('offline')
      expect((await status(slow)).status).toBe('offline')
      expect((await status(junk)).status).toBe('degraded')
      expect((await status(none)).status).toBe('unknown')
      expect(await listStatusHistory(sql, gone, 5)).toEqual([
        expect.objectContaining({ status: 'offline', previous: 'unknown', detail: 'HTTP 404' })
      ])
      expect((await listStatusHistory(sql, slow, 5))[0]?.detail).toMatch(/no answer within 300 ms/)
      tick(10_000)
      await prober.runCycle()
      expect(await status(good)).toEqual({ status: 'online', last_seen_at: 1_010_000 })
      expect((await status(frozen)).status).toBe('degraded')
      expect(
        (await listSystemEvents(sql, { limit: 50, kinds: ['camera.degraded'] }))
          .map((e) => e.data.code)
          .sort()
      ).toEqual(['FROZEN', 'JUNK'])
      expect(events.filter((e) => e.event === 'camera:status').map((e) => e.payload)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ code: 'FROZEN', status: 'degraded', at: 1_010_000 })
        ])
      )
      expect(prober.summary()).toMatchObject({ probed: 6, lastCycleAt: 1_010_000 })
    })

    it('an online camera goes offline only after two failed probes in a row, and comes back', async () => {
      const demoState = { served: true, seq: 0 }
      const demo: DemoProbeSource = {
        status: () => 'ready',
        listVariants: () => [
          { name: 'sub', width: 480, height: 270 },
          { name: 'main', width: 1280, height: 720 }
        ],
        livePlaylist: (code, variant) =>
          demoState.served && variant === 'sub' && code === 'BG-0001'
            ? live(demoState.seq++)
            : undefined
      }
      const { sql, add, status, prober, tick } = setup(demo)
      const id = await add('BG-0001', 'demo://BG-0001')
      await prober.runCycle()
      expect((await status(id)).status).toBe('online')
      demoState.served = false
      tick(5000)
      await prober.runCycle()
      expect((await status(id)).status).toBe('online')
      tick(5000)
      await prober.runCycle()
      expect((await status(id)).status).toBe('offline')
      demoState.served = true
      tick(5000)
      await prober.runCycle()
      expect((await status(id)).status).toBe('online')
      expect((await listStatusHistory(sql, id, 10)).map((h) => h.status)).toEqual([
        'online',
        'offline',
        'online'
      ])
      expect((await listSystemEvents(sql, { limit: 10 })).map((e) => e.kind)).toEqual([
        'camera.online',
        'camera.offline',
        'camera.online'
      ])
    })

    it('writes what the live service reports at once, and nothing once stopped', async () => {
      const { sql, events, add, status, prober, tick } = setup()
      const id = await add('LIVE-1', 'rtsp://10.0.0.1/main')
      await prober.report(id, { status: 'online', detail: null })
      expect(await status(id)).toEqual({ status: 'online', last_seen_at: 1_000_000 })
      tick(1000)
      await prober.report(id, { status: 'degraded', detail: 'stalled', reason: 'stalled' })
      expect((await listStatusHistory(sql, id, 5)).map((h) => [h.status, h.detail])).toEqual([
        ['degraded', 'stalled'],
        ['online', null]
      ])
      expect(
        events.flatMap((e) => (e.event === 'camera:status' ? [e.payload.reason] : []))
      ).toEqual([null, 'stalled'])
      // a camera that is not registered (any more) is no error for the live service
      await expect(prober.report(9999, { status: 'online', detail: null })).resolves.toBeUndefined()
      await prober.stop()
      await prober.report(id, { status: 'online', detail: null })
      expect((await status(id)).status).toBe('degraded')
    })

    it('says nothing about a demo loop that is still rendering', async () => {
      const demo: DemoProbeSource = {
        status: () => 'rendering',
        listVariants: () => [],
        livePlaylist: () => undefined
      }
      const { add, status, prober } = setup(demo)
      const id = await add('BG-0002', 'demo://BG-0002')
      expect(await prober.runCycle()).toMatchObject({ probed: 0, skipped: 1 })
      expect((await status(id)).status).toBe('unknown')
    })

    it('probes 500 cameras with bounded concurrency without blocking the event loop', async () => {
      let inFlight = 0
      let maxInFlight = 0
      const slowFetch = async () => {
        inFlight++
        maxInFlight = Math.max(maxInFlight, inFlight)
        await new Promise((r) => setTimeout(r, 2))
        inFlight--
        return {
          ok: true,
          status: 200,
          text: () => Promise.resolve(serializeMediaPlaylist(live(1)))
        }
      }
      const { add, prober: p2 } = setup(undefined, { fetch: slowFetch, concurrency: 8 })
      for (let i = 0; i < 500; i++) await add(`C-${i}`, `http://cam${i}.example/index.m3u8`)
      let maxGap = 0
      let last = performance.now()
      const timer = setInterval(() => {
        const now = performance.now()
        maxGap = Math.max(maxGap, now - last)
        last = now
      }, 1)
      const stats = await p2.runCycle()
      clearInterval(timer)
      expect(stats.probed).toBe(500)
      expect(maxInFlight).toBeLessThanOrEqual(8)
      expect(maxGap).toBeLessThan(100)
    })
  })
})
