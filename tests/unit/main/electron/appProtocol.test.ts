import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  APP_ORIGIN,
  createAppProtocolHandler,
  inlineScriptHashes,
  loopbackRoute
} from '../../../../src/main/electron/appProtocol'
import { buildCsp } from '../../../../src/main/security/csp'

// The handler the desktop app registers with protocol.handle, driven with
// the same Request objects Electron hands it; the media server and the Vite
// dev server behind it are real HTTP servers on loopback.

const PREAMBLE =
  'import { injectIntoGlobalHook } from "/@react-refresh";injectIntoGlobalHook(window);'
let dir: string
let media: http.Server
let dev: http.Server
const seen: { url?: string; range?: string }[] = []
const base = (s: http.Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}`

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'wr-scheme-'))
  mkdirSync(path.join(dir, 'renderer', 'assets'), { recursive: true })
  writeFileSync(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>WatchRoom</title>')
  writeFileSync(path.join(dir, 'renderer', 'assets', 'index-abc.js'), 'console.log(1)')
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the renderer')
  media = http.createServer((req, res) => {
    seen.push({ url: req.url, range: req.headers.range })
    if (req.url === '/m/s3cret/demo/c1/index.m3u8')
      res.writeHead(200, { 'Content-Type': 'application/vnd.apple.mpegurl' }).end('#EXTM3U\n')
    else if (req.url === '/m/s3cret/vod/seg.ts')
      res.writeHead(206, { 'Content-Range': 'bytes 0-3/10' }).end('abcd')
    else res.writeHead(404).end()
  })
  dev = http.createServer((req, res) => {
    if (req.url === '/')
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end(
          `<!doctype html><script type="module">${PREAMBLE}</script><script type="module" src="/src/main.tsx"></script>`
        )
    else res.writeHead(200, { 'Content-Type': 'text/javascript' }).end('export {}')
  })
  await new Promise<void>((r) => media.listen(0, '127.0.0.1', r))
  await new Promise<void>((r) => dev.listen(0, '127.0.0.1', r))
})
afterAll(() => {
  media.close()
  dev.close()
  rmSync(dir, { recursive: true, force: true })
})

const csp = (extra: { scriptSources: string[]; connectOrigins: string[] }) =>
  buildCsp({ mediaOrigins: [], ...extra })

describe('the watchroom:// protocol handler', () => {
  const handle = () =>
    createAppProtocolHandler({
      rendererDir: path.join(dir, 'renderer'),
      routes: [loopbackRoute('/media/', () => `${base(media)}/m/s3cret`)],
      csp
    })

  it('serves the renderer with the CSP as a response header', async () => {
    const res = await handle()(new Request(`${APP_ORIGIN}/`))
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<title>WatchRoom</title>')
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self';/)
    expect(res.headers.get('content-security-policy')).toMatch(/media-src 'self' blob:;/)
    const js = await handle()(new Request(`${APP_ORIGIN}/assets/index-abc.js`))
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    // a client route without an extension gets the page
    expect(await (await handle()(new Request(`${APP_ORIGIN}/wall`))).text()).toContain('WatchRoom')
  })

  it('keeps requests inside the renderer folder and on its own host', async () => {
    for (const p of ['/..%2Fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2F..%2Fsecret.txt']) {
      const res = await handle()(new Request(`${APP_ORIGIN}${p}`))
      expect(res.status, p).not.toBe(200)
    }
    expect((await handle()(new Request('watchroom://other/'))).status).toBe(404)
    expect((await handle()(new Request(`${APP_ORIGIN}/`, { method: 'POST' }))).status).toBe(405)
  })

  it('forwards /media to the loopback media server with its secret, ranges included', async () => {
    const playlist = await handle()(new Request(`${APP_ORIGIN}/media/demo/c1/index.m3u8`))
    expect(playlist.status).toBe(200)
    expect(await playlist.text()).toBe('#EXTM3U\n')
    expect(playlist.headers.get('content-security-policy')).toContain("default-src 'none'")
    const part = await handle()(
      new Request(`${APP_ORIGIN}/media/vod/seg.ts`, { headers: { Range: 'bytes=0-3' } })
    )
    expect(part.status).toBe(206)
    expect(await part.text()).toBe('abcd')
    expect(seen.at(-1)).toEqual({ url: '/m/s3cret/vod/seg.ts', range: 'bytes=0-3' })
    expect((await handle()(new Request(`${APP_ORIGIN}/media/nothing`))).status).toBe(404)
  })

  it('proxies the dev server, allowing its inline preamble by hash and its HMR socket', async () => {
    const devHandle = createAppProtocolHandler({
      rendererDir: path.join(dir, 'renderer'),
      devServerUrl: base(dev),
      routes: [],
      csp
    })
    const page = await devHandle(new Request(`${APP_ORIGIN}/`))
    const policy = page.headers.get('content-security-policy') ?? ''
    const hash = createHash('sha256').update(PREAMBLE).digest('base64')
    expect(policy).toContain(`script-src 'self' 'sha256-${hash}';`)
    // scripts stay hash-only
    expect(policy.split('; ').find((d) => d.startsWith('script-src'))).not.toContain('unsafe')
    expect(policy).toContain(`ws://127.0.0.1:${(dev.address() as AddressInfo).port}`)
    const mod = await devHandle(new Request(`${APP_ORIGIN}/src/main.tsx`))
    expect(await mod.text()).toBe('export {}')
    expect(inlineScriptHashes('<script src="/x.js"></script>')).toEqual([])
  })
})
