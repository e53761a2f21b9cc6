import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import net from 'node:net'
import path from 'node:path'
import { startHost, type RunningHost } from '../helpers/hostServer'
import { watchroom } from '../helpers/cli'

/**
 * Host mode under byte-level fuzzing (issue #15): random and mutated HTTP
 * requests and WebSocket frames, sent raw to 127.0.0.1. Whatever arrives,
 * the server stays up, answers with a 4xx or closes that one socket, and
 * the database and audit chain come out intact.
 */
const HTTP_REQUESTS = Number(process.env.FUZZ_HTTP ?? 10_000)
const WS_FRAMES = Number(process.env.FUZZ_WS ?? 2_000)
const SEED = Number(process.env.FUZZ_SEED ?? 0x15f0221)

/** mulberry32: a small seeded generator, so a failing run can be replayed with FUZZ_SEED. */
function rng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => int(256)))
  return { next, int, pick, bytes }
}

/** Nasty fragments spliced into requests: encodings, separators, surrogates, huge numbers. */
const SPLICES = [
  '%',
  '%E0%A4%A',
  '%ud800',
  '\\ud800',
  '\r\n',
  '\r\n\r\n',
  '\0',
  '\u00ff',
  '../',
  '[[[[[[[[[[[[[[[[[[[[',
  '{"a":',
  'Content-Length: 99999999999\r\n',
  'Transfer-Encoding: chunked\r\n',
  'Cookie: wr_session=%\r\n',
  'Host: evil.example\r\n',
  'Expect: 100-continue\r\n',
  ':',
  ';',
  '"'
].map((s) => Buffer.from(s, 'latin1'))

describe('host mode under byte-level fuzzing', () => {
  let host: RunningHost
  let adminCookie = ''
  const seen = { requests: 0, answered4xx: 0, closed: 0, static2xx: 0, frames: 0, wsClosed: 0 }

  beforeAll(async () => {
    host = await startHost({
      env: { WATCHROOM_DEMO: '0', WATCHROOM_ADMIN_PASSWORD: 'fuzz-admin-password' }
    })
    const res = await fetch(`${host.url}api/auth:login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'fuzz-admin-password' })
    })
    expect(res.status).toBe(200)
    adminCookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
  })

  afterAll(async () => {
    await host?.stop()
  })

  const port = () => Number(new URL(host.url).port)

  /** Sends bytes, half-closes, and reads what comes back until the server closes (or 5 s). */
  const exchange = (bytes: Buffer) =>
    new Promise<string>((resolve) => {
      const sock = net.connect(port(), '127.0.0.1')
      let got = ''
      const timer = setTimeout(() => sock.destroy(), 5000)
      sock.on('data', (b) => (got += b.toString('latin1')))
      sock.on('error', () => undefined)
      sock.on('close', () => {
        clearTimeout(timer)
        resolve(got)
      })
      sock.end(bytes)
    })

  const templates = () => {
    const body = '{"username":"admin","password":"wrong"}'
    return [
      `POST /api/auth:login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      'POST /api/cameras:list HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}',
      'POST /api/users:create HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nCookie: wr_session=abc\r\nContent-Length: 2\r\n\r\n{}',
      'GET /media/vod/AAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/index.m3u8 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n',
      'GET /media/lookup-cases/1/snap-1.jpg HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: wr_session=x\r\n\r\n',
      'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      'POST /api/auth:unlock HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"pas\r\n0\r\n\r\n'
    ].map((s) => Buffer.from(s, 'latin1'))
  }

  const mutate = (r: ReturnType<typeof rng>, base: Buffer): Buffer => {
    let b = Buffer.from(base)
    const rounds = 1 + r.int(4)
    for (let i = 0; i < rounds; i++) {
      const at = r.int(b.length + 1)
      switch (r.int(7)) {
        case 0: // flip bytes
          for (let k = 0; k < 1 + r.int(4); k++) if (b.length) b[r.int(b.length)] = r.int(256)
          break
        case 1: // insert random bytes
          b = Buffer.concat([b.subarray(0, at), r.bytes(1 + r.int(32)), b.subarray(at)])
          break
        case 2: // delete a range
          b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + r.int(16))])
          break
        case 3: // truncate
          b = b.subarray(0, at)
          break
        case 4: // splice a nasty fragment
          b = Buffer.concat([b.subarray(0, at), r.pick(SPLICES), b.subarray(at)])
          break
        case 5: // duplicate a range
          b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + r.int(64)), b.subarray(at)])
          break
        default: // pure noise
          b = r.bytes(1 + r.int(512))
      }
    }
    return b
  }

  it(`answers ${HTTP_REQUESTS} mutated HTTP requests with a 4xx or a closed socket`, async () => {
    const r = rng(SEED)
    const bases = templates()
    const inputs = Array.from({ length: HTTP_REQUESTS }, () => mutate(r, r.pick(bases)))
    const bad: string[] = []
    let next = 0
    const worker = async () => {
      while (next < inputs.length) {
        const input = inputs[next++]
        const got = await exchange(input)
        seen.requests++
        // interim 100 Continue lines are not answers
        const status = /^HTTP\/1\.1 ([0-9]{3})/m.exec(
          got.replace(/^HTTP\/1\.1 100[^\n]*\n\r?\n/, '')
        )
        if (!status) {
          seen.closed++
          continue
        }
        const code = Number(status[1])
        if (code >= 400 && code < 500) seen.answered4xx++
        else if (code === 200 && /^(GET|HEAD) \/(?!api\/|media\/)/.test(input.toString('latin1')))
          // a mutation that left a plain page request: the renderer's files are public
          seen.static2xx++
        else bad.push(`${code} for ${JSON.stringify(input.toString('latin1').slice(0, 200))}`)
      }
    }
    await Promise.all(Array.from({ length: 16 }, worker))
    expect(bad, `seed ${SEED}`).toEqual([])
    expect(host.process.exitCode).toBeNull()
    expect(seen.requests).toBe(HTTP_REQUESTS)
  }, 600_000)

  /** A client frame: masked unless told otherwise. */
  const frame = (
    r: ReturnType<typeof rng>,
    opcode: number,
    payload: Buffer,
    opts: { mask?: boolean; fin?: boolean; rsv?: number; claimLen?: number } = {}
  ) => {
    const len = opts.claimLen ?? payload.length
    const head: number[] = [((opts.fin ?? true) ? 0x80 : 0) | ((opts.rsv ?? 0) << 4) | opcode]
    const mask = opts.mask ?? true
    if (len < 126) head.push((mask ? 0x80 : 0) | len)
    else if (len < 65536) head.push((mask ? 0x80 : 0) | 126, len >> 8, len & 255)
    else {
      head.push((mask ? 0x80 : 0) | 127, 0, 0, 0, 0)
      head.push((len >>> 24) & 255, (len >>> 16) & 255, (len >>> 8) & 255, len & 255)
    }
    if (!mask) return Buffer.concat([Buffer.from(head), payload])
    const key = r.bytes(4)
    const masked = Buffer.from(payload.map((x, i) => x ^ key[i % 4]))
    return Buffer.concat([Buffer.from(head), key, masked])
  }

  const randomFrame = (r: ReturnType<typeof rng>): Buffer => {
    switch (r.int(9)) {
      case 0:
        return r.bytes(1 + r.int(200))
      case 1: // invalid UTF-8 text
        return frame(r, 0x1, Buffer.from([0xc3, 0x28, 0xed, 0xa0, 0x80, r.int(256)]))
      case 2: // over the 64 KiB limit
        return frame(r, 0x2, r.bytes(70 * 1024))
      case 3: // claims a huge length, sends little
        return frame(r, 0x2, r.bytes(16), { claimLen: 2 ** 31 })
      case 4: // unmasked (a protocol error from a client)
        return frame(r, 0x1, Buffer.from('{"x":1}'), { mask: false })
      case 5: // reserved opcode or RSV bits
        return frame(r, r.pick([0x3, 0x4, 0xb, 0xf]), r.bytes(r.int(20)), { rsv: r.int(8) })
      case 6: // continuation without a start
        return frame(r, 0x0, r.bytes(r.int(40)), { fin: r.int(2) === 0 })
      case 7: // ping and well-formed text the server ignores
        return frame(r, r.pick([0x9, 0x1]), Buffer.from(JSON.stringify({ n: r.next() })))
      default: // a mutated valid frame
        return mutate(r, frame(r, 0x1, Buffer.from('{"channel":"cameras:list"}')))
    }
  }

  it(`survives ${WS_FRAMES} random and malformed WebSocket frames from a logged-in client`, async () => {
    const r = rng(SEED ^ 0x5eed)
    const upgrade = Buffer.from(
      'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n' +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
        `Cookie: ${adminCookie}\r\n\r\n`,
      'latin1'
    )
    const session = () =>
      new Promise<void>((resolve, reject) => {
        const sock = net.connect(port(), '127.0.0.1')
        let buf = ''
        let opened = false
        const timer = setTimeout(() => sock.destroy(), 3000)
        sock.on('error', () => undefined)
        sock.on('close', () => {
          clearTimeout(timer)
          if (!opened) reject(new Error(`upgrade refused: ${buf.slice(0, 80)}`))
          else resolve()
        })
        sock.on('data', (b) => {
          if (opened) return
          buf += b.toString('latin1')
          if (!buf.includes('\r\n\r\n')) return
          if (!buf.startsWith('HTTP/1.1 101')) return void sock.destroy()
          opened = true
          const frames = Array.from({ length: 1 + r.int(4) }, () => randomFrame(r))
          seen.frames += frames.length
          for (const f of frames) sock.write(f)
          // the server closes a bad client; a merely odd one is let go by us
          setTimeout(() => sock.end(), 200)
        })
        sock.write(upgrade)
      })
    let next = 0
    const worker = async () => {
      while (seen.frames < WS_FRAMES) {
        next++
        await session()
        seen.wsClosed++
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker))
    expect(next).toBeGreaterThan(0)
    expect(seen.frames).toBeGreaterThanOrEqual(WS_FRAMES)
    expect(host.process.exitCode).toBeNull()
  }, 600_000)

  it('is still up, with the audit chain verifying and the database intact', async () => {
    const info = await fetch(`${host.url}api/app:info`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}'
    })
    expect(info.status).toBe(200)
    const list = await fetch(`${host.url}api/cameras:list`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Cookie: adminCookie },
      body: '{}'
    })
    expect(list.status).toBe(200)
    const dbFile = path.join(host.dataDir, 'watchroom.db')
    const verify = watchroom(['--db', dbFile, 'audit', 'verify'])
    expect(verify.stderr).toBe('')
    expect(verify.status).toBe(0)
    const db = new Database(dbFile, { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    } finally {
      db.close()
    }
    console.log(
      `fuzzed host: ${seen.requests} requests (${seen.answered4xx} answered 4xx, ${seen.closed} closed, ` +
        `${seen.static2xx} still a page request), ${seen.frames} frames over ${seen.wsClosed} sockets`
    )
  })
})
