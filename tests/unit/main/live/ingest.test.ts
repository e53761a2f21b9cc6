import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  classifyIngestExit,
  endpointOf,
  ingestArgs,
  ingestDetail,
  ingestKind,
  isIngestUrl,
  isLiveSourceUrl,
  parseDemoUpstream,
  retryDelayMs
} from '../../../../src/main/live/ingest'
import { createPacer } from '../../../../src/main/live/pacer'
import { upstreamUrl } from '../../../../src/main/live/upstream'
import { codecOf, createFmp4Splitter, type Fmp4Part } from '../../../../src/main/live/fmp4'

const box = (type: string, body: Buffer = Buffer.alloc(0)) => {
  const b = Buffer.alloc(8 + body.length)
  b.writeUInt32BE(b.length, 0)
  b.write(type, 4, 'latin1')
  body.copy(b, 8)
  return b
}

describe('ingest', () => {
  it("reads another room's relay (room+ws[s]://) as fMP4 from stdin, connect-checked at that room's server", () => {
    const url = 'room+wss://room-a.district:8443/district/live/ws?camera=7&stream=sub'
    expect(ingestKind(url)).toBe('room')
    expect(ingestKind('room+http://room-a/x')).toBeNull()
    expect(endpointOf(url)).toEqual({ host: 'room-a.district', port: 8443 })
    expect(endpointOf('room+ws://10.0.0.2/district/live/ws')).toEqual({
      host: '10.0.0.2',
      port: 80
    })
    const args = ingestArgs(url, { ffmpegPath: 'ffmpeg', transcode: false })
    expect(args.slice(args.indexOf('-f'), args.indexOf('-f') + 2)).toEqual(['-f', 'mp4'])
    expect(args[args.indexOf('-i') + 1]).toBe('pipe:0')
    expect(args.join(' ')).not.toContain('room-a')
  })

  it('ingests RTSP, RTMP and HTTP-FLV; HLS and demo play as before', () => {
    expect(isIngestUrl('rtsp://u:p@10.0.0.5:554/Streaming/Channels/101')).toBe(true)
    expect(isIngestUrl('rtmp://10.0.0.9/live/cam1')).toBe(true)
    expect(isIngestUrl('http://wvp.local/rtp/34020000001320000001.flv')).toBe(true)
    expect(isIngestUrl('https://cdn.example/cam/index.m3u8')).toBe(false)
    expect(isIngestUrl('demo://BG-0001')).toBe(false)
    expect(isIngestUrl('ws://wvp.local:6080/rtp/34020000001320000001.live.flv')).toBe(true)
  })

  it('knows every kind of source the wall plays through main, and nothing else', () => {
    expect(ingestKind('rtsp://u:p@10.0.0.5/Streaming/Channels/102')).toBe('rtsp')
    expect(ingestKind('rtmp://10.0.0.9/live/cam1')).toBe('rtmp')
    expect(ingestKind('http://wvp.local/rtp/1.live.flv?token=x')).toBe('http-flv')
    expect(ingestKind('wss://wvp.local/rtp/1.live.flv')).toBe('ws-flv')
    expect(ingestKind('https://cdn.example/cam/index.m3u8')).toBe('hls')
    expect(ingestKind('demo://BG-0001/sub')).toBe('demo')
    expect(ingestKind('ws://wvp.local/rtp/1.live.mp4')).toBeNull()
    expect(ingestKind('file:///etc/passwd')).toBeNull()
    expect(isLiveSourceUrl('https://cdn.example/cam/index.m3u8')).toBe(true)
    expect(parseDemoUpstream('demo://BG-0001/sub')).toEqual({ code: 'BG-0001', variant: 'sub' })
    expect(parseDemoUpstream('demo://BG-0001')).toBeNull()
  })

  it('builds every upstream URL in one place: the demo source by variant, cameras as registered', () => {
    const demo = { code: 'BG-0001', streamUrl: 'demo://', subStreamUrl: null }
    expect(upstreamUrl(demo, 'main')).toBe('demo://BG-0001/main')
    expect(upstreamUrl({ ...demo, streamUrl: 'demo://ZD-9' }, 'sub')).toBe('demo://ZD-9/sub')
    const cam = {
      code: 'HK-1',
      streamUrl: 'rtsp://admin:pw@10.0.0.5:554/Streaming/Channels/101',
      subStreamUrl: 'rtsp://admin:pw@10.0.0.5:554/Streaming/Channels/102'
    }
    expect(upstreamUrl(cam, 'main')).toBe(cam.streamUrl)
    expect(upstreamUrl(cam, 'sub')).toBe(cam.subStreamUrl)
    expect(upstreamUrl({ ...cam, subStreamUrl: null }, 'sub')).toBeNull()
  })

  it('names the failure from what ffmpeg logged', () => {
    expect(classifyIngestExit('method DESCRIBE failed: 401 Unauthorized', false)).toBe('auth')
    expect(classifyIngestExit('method DESCRIBE failed: 404 Not Found', false)).toBe('not_found')
    expect(classifyIngestExit('method SETUP failed: 454 Session Not Found', false)).toBe(
      'not_found'
    )
    expect(
      classifyIngestExit('Connection to tcp://10.0.0.5:554 failed: Connection refused', false)
    ).toBe('unreachable')
    expect(classifyIngestExit('', true)).toBe('ended')
  })

  it('keeps credentials out of the detail', () => {
    expect(ingestDetail('rtsp://admin:secret@10.0.0.5/x: Server returned 401 Unauthorized')).toBe(
      'rtsp://10.0.0.5/x: Server returned 401 Unauthorized'
    )
  })

  it('backs a wrong password off to minutes, a vanished camera retries within seconds', () => {
    expect(retryDelayMs('auth', 0)).toBe(30_000)
    expect(retryDelayMs('auth', 5)).toBe(10 * 60_000)
    expect(retryDelayMs('unreachable', 0)).toBe(1000)
    expect(retryDelayMs('unreachable', 9)).toBe(2000)
  })
})

describe('fMP4 splitter', () => {
  it('emits the init segment and one fragment per moof+mdat across chunk boundaries', () => {
    const parts: Fmp4Part[] = []
    const s = createFmp4Splitter((p) => parts.push(p))
    const avcC = Buffer.from([1, 0x64, 0x00, 0x1f])
    const stream = Buffer.concat([
      box('ftyp', Buffer.from('isom')),
      box('moov', box('avcC', avcC)),
      box('moof', Buffer.alloc(4)),
      box('mdat', Buffer.alloc(100))
    ])
    for (let i = 0; i < stream.length; i += 7) s.push(stream.subarray(i, i + 7))
    expect(parts.map((p) => p.kind)).toEqual(['init', 'fragment'])
    expect(parts[0]).toMatchObject({ kind: 'init', codec: 'avc1.64001F' })
    expect(parts[1]?.data.length).toBe(8 + 4 + 8 + 100)
  })

  it('refuses an absurd box size instead of buffering without bound', () => {
    const s = createFmp4Splitter(() => undefined)
    const bad = Buffer.alloc(8)
    bad.writeUInt32BE(0xfffffff0, 0)
    bad.write('mdat', 4, 'latin1')
    expect(() => s.push(bad)).toThrow(/bad MP4 box size/)
  })

  it('reads an H.265 codec string from hvcC', () => {
    // general profile space 0, tier main, profile 1, compat flags 0x60000000, constraints 0x90, level 93
    const hvcC = Buffer.from([1, 0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 93, 0xf0, 0])
    expect(codecOf(box('moov', box('hvcC', hvcC)))).toBe('hvc1.1.6.L93.90')
  })
})

describe('pacer', () => {
  afterEach(() => vi.useRealTimers())

  it('lets a burst out at the pace of its timeline, anchored to the wall clock when told', () => {
    vi.useFakeTimers()
    let t = 10_000
    const out: [number, number][] = []
    const p = createPacer<number>({
      now: () => t,
      release: (i) => out.push([i, t]),
      anchorMs: 9_500
    })
    // a 2 s segment (frames every 100 ms) that started 500 ms ago arrives at once
    for (let i = 0; i < 20; i++) p.push(i, 50_000 + i * 100)
    expect(out.map(([i]) => i)).toEqual([0, 1, 2, 3, 4, 5])
    for (let step = 0; step < 20; step++) {
      t += 100
      vi.advanceTimersByTime(100)
    }
    expect(out).toHaveLength(20)
    for (const [i, at] of out.slice(6)) expect(at).toBeGreaterThanOrEqual(9_500 + i * 100)
    p.stop()
  })

  it('starts an unanchored timeline at once and rebases when it jumps', () => {
    vi.useFakeTimers()
    const t = 1000
    const out: number[] = []
    const p = createPacer<number>({ now: () => t, release: (i) => out.push(i) })
    p.push(1, 0)
    // a camera restart: its timeline starts over
    p.push(2, 0)
    // a leap far ahead is a new timeline too, not a wait of minutes
    p.push(3, 600_000)
    expect(out).toEqual([1, 2, 3])
    p.stop()
  })
})
