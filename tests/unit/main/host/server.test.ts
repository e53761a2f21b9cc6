import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { column, value } from '../../../../src/main/db/sql'
import WebSocket from 'ws'
import type { WatchRoomApp } from '../../../../src/main/app/createApp'
import type { HostServer } from '../../../../src/main/host/server'
import { apiPoster, openTestRoom } from '../../../helpers/testRoom'

describe('host mode server', () => {
  let room: Awaited<ReturnType<typeof openTestRoom>>
  let app: WatchRoomApp
  let server: HostServer

  beforeAll(async () => {
    room = await openTestRoom({ prefix: 'host', adminPassword: 'correct horse' })
    app = room.app
    server = await room.serve()
  })

  afterAll(() => room.close())

  const post = apiPoster(() => server)

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

  it('records failed logins and denials in the event log and audit trail', async () => {
    const kinds = await column(app.deps.sql, 'SELECT kind FROM system_events')
    expect(kinds).toEqual(expect.arrayContaining(['auth.failed', 'auth.login', 'auth.logout']))
    const denied = await value(
      app.deps.sql,
      "SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied'"
    )
    expect(denied).toBeGreaterThan(0)
  })
})
