import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { HostServer } from '../../../../src/main/host/server'
import { apiPoster, openTestRoom } from '../../../helpers/testRoom'

/**
 * `npm run serve` stopped (Ctrl+C, SIGTERM) while a wall is still open: the
 * server closes its viewers' live and event sockets itself instead of
 * waiting for the browsers to leave, so the app behind it gets closed.
 */
describe('host mode shutdown with viewers connected', () => {
  let room: Awaited<ReturnType<typeof openTestRoom>>
  let server: HostServer
  beforeAll(async () => {
    room = await openTestRoom({ prefix: 'host-stop', adminPassword: 'correct horse' })
    server = await room.serve()
  })
  afterAll(() => room.close())
  const post = apiPoster(() => server)

  it('closes with a live video socket and an event socket open', async () => {
    const login = await post('auth:login', { username: 'admin', password: 'correct horse' })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
    const created = (await (
      await post(
        'cameras:create',
        {
          code: 'STOP-1',
          // nothing listens there: the live socket stays open, reporting the failure
          fields: {
            name: '停机测试',
            lat: 30.27,
            lng: 120.15,
            streamUrl: 'rtsp://127.0.0.1:9/none'
          }
        },
        { Cookie: cookie }
      )
    ).json()) as { ok: boolean; result: { id: number } }
    expect(created.ok).toBe(true)
    const base = server.url.replace('http', 'ws')
    const open = (url: string) =>
      new Promise<WebSocket>((resolve, reject) => {
        const ws = new WebSocket(url, { headers: { Cookie: cookie } })
        ws.once('open', () => resolve(ws))
        ws.once('unexpected-response', (_req, r) => reject(new Error(`refused ${r.statusCode}`)))
      })
    const live = await open(`${base}media/live/ws?camera=${created.result.id}&stream=main`)
    const events = await open(`${base}ws`)
    const closed = (ws: WebSocket) => new Promise((r) => ws.once('close', r))
    const bothClosed = Promise.all([closed(live), closed(events)])

    const outcome = await Promise.race([
      server.close().then(() => 'closed'),
      new Promise((r) => setTimeout(() => r('still waiting after 10 s'), 10_000))
    ])
    expect(outcome).toBe('closed')
    await bothClosed
  })
})
