import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import { createApp, type WatchRoomApp } from '../../../../src/main/app/createApp'
import { startHostServer, type HostServer } from '../../../../src/main/host/server'
import { appRoot } from '../../../../src/main/app/paths'

describe('host mode server', () => {
  let dir: string
  let app: WatchRoomApp
  let server: HostServer

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wr-host-'))
    const rendererDir = path.join(dir, 'renderer')
    mkdirSync(rendererDir)
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
    app = await createApp({
      adminPassword: 'correct horse',
      dataDir: path.join(dir, 'data'),
      resourcesDir: path.join(appRoot(), 'resources'),
      transport: 'http',
      mediaBase: '/media',
      version: 'test',
      demo: false,
      log: () => undefined
    })
    server = await startHostServer(app, { host: '127.0.0.1', port: 0, rendererDir })
  })

  afterAll(async () => {
    await server.close()
    await app.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const post = (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body)
    })

  it('listens on 127.0.0.1 and serves the renderer with a CSP and no CORS', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const res = await fetch(server.url, { headers: { Origin: 'http://evil.example' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('answers public channels and refuses the rest without a session', async () => {
    expect(await (await post('app:info', {})).json()).toMatchObject({
      ok: true,
      result: { transport: 'http' }
    })
    const res = await post('cameras:list', {})
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
  })

  it('refuses cross-site calls and non-JSON bodies', async () => {
    expect((await post('app:info', {}, { Origin: 'http://evil.example' })).status).toBe(403)
    const form = await fetch(`${server.url}api/app:info`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
      body: '{}'
    })
    expect(form.status).toBe(415)
  })

  it('logs in with an HttpOnly SameSite cookie that authorizes calls, media and the WebSocket', async () => {
    const bad = await post('auth:login', { username: 'admin', password: 'wrong' })
    expect(bad.status).toBe(401)
    const res = await post('auth:login', { username: 'admin', password: 'correct horse' })
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
    const token = cookie.split(';')[0] ?? ''
    const list = await post('cameras:list', {}, { Cookie: token })
    expect(await list.json()).toEqual({ ok: true, result: [] })

    // WebSocket: refused without the cookie, accepted with it, and receives pushed events
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}ws`)
      ws.on('unexpected-response', (_req, r) => resolve(r.statusCode ?? 0))
      ws.on('open', () => resolve(200))
    })
    expect(refused).toBe(401)
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}ws`, {
      headers: { Cookie: token }
    })
    await new Promise((r) => ws.once('open', r))
    const got = new Promise<unknown>((r) =>
      ws.once('message', (m: Buffer) => r(JSON.parse(m.toString())))
    )
    app.bus.emit('layouts:changed', { id: 7 })
    expect(await got).toEqual({ event: 'layouts:changed', payload: { id: 7 } })
    ws.close()

    // logout clears the cookie and ends the session
    const out = await post('auth:logout', {}, { Cookie: token })
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/)
    expect((await post('cameras:list', {}, { Cookie: token })).status).toBe(401)
  })

  it('records failed logins and denials in the event log and audit trail', () => {
    const kinds = app.deps.db.prepare('SELECT kind FROM system_events').pluck().all()
    expect(kinds).toEqual(expect.arrayContaining(['auth.failed', 'auth.login', 'auth.logout']))
    const denied = app.deps.db
      .prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied'")
      .pluck()
      .get()
    expect(denied).toBeGreaterThan(0)
  })
})
