import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { WatchRoomApp } from '../app/createApp'
import type { CallContext } from '../api/dispatch'
import type { ApiErrorCode } from '../../shared/ipc/errors'
import { buildCsp } from '../security/csp'
import { readCookie, SESSION_COOKIE, sessionCookie } from './cookies'
import { serveStatic } from './static'

export type HostOptions = {
  host: string
  port: number
  /** the built renderer (out/renderer) */
  rendererDir: string
  /** largest API request body; imports travel base64 in the body */
  maxBodyBytes?: number
  /** serve HTTPS with this key pair (required beyond loopback); cookies become Secure */
  tls?: { key: string; cert: string }
}

export type HostServer = { url: string; port: number; close(): Promise<void> }

const STATUS: Record<ApiErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  locked: 423,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  import_rejected: 422,
  invalid_transition: 409,
  unavailable: 503,
  rate_limited: 429,
  internal: 500
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

/**
 * Host mode: the same handler map as the desktop app, served over HTTP
 * (calls: POST /api/<channel>) and WebSocket (server-pushed events), with the
 * built renderer and the media server on the same origin. Auth is a session
 * cookie (HttpOnly, SameSite=Strict); no CORS headers are ever sent.
 */
export async function startHostServer(app: WatchRoomApp, opts: HostOptions): Promise<HostServer> {
  const maxBody = opts.maxBodyBytes ?? 300 * 1024 * 1024
  const cookieMaxAgeS = 12 * 3600
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 })
  const sockets = new Set<WebSocket>()

  const sessionOf = (req: http.IncomingMessage) =>
    app.deps.sessions.get(readCookie(req.headers.cookie, SESSION_COOKIE))

  /** Same-origin check against cross-site requests (CSRF, WebSocket hijack). */
  const sameOrigin = (req: http.IncomingMessage): boolean => {
    const origin = req.headers.origin
    if (!origin) return true
    try {
      // same host and the same scheme as this server
      if (new URL(origin).protocol !== (opts.tls ? 'https:' : 'http:')) return false
      return new URL(origin).host === req.headers.host
    } catch {
      return false
    }
  }

  const csp = () => buildCsp({ mediaOrigins: app.streamOrigins() })

  const handleApi = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    channel: string
  ) => {
    if (req.method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end()
    if (!sameOrigin(req)) return void res.writeHead(403).end()
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return void res.writeHead(415).end()
    let body: unknown
    try {
      body = JSON.parse((await readBody(req, maxBody)).toString('utf8') || '{}')
    } catch (err) {
      const tooLarge = err instanceof Error && err.message === 'too_large'
      res.writeHead(tooLarge ? 413 : 400, { 'Content-Type': 'application/json' })
      return void res.end(
        JSON.stringify({
          ok: false,
          error: {
            code: 'invalid_input',
            message: tooLarge ? 'Request too large' : 'Malformed JSON'
          }
        })
      )
    }
    const cookies: string[] = []
    const ctx: CallContext = {
      transport: 'http',
      clientId: `http:${req.socket.remoteAddress ?? '?'}`,
      session: sessionOf(req),
      bindSession(token) {
        cookies.push(sessionCookie(token, { secure: !!opts.tls, maxAgeS: cookieMaxAgeS }))
      }
    }
    const response = await app.dispatch(decodeURIComponent(channel), body, ctx)
    const headers: Record<string, string | string[]> = {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...SECURITY_HEADERS
    }
    if (cookies.length) headers['Set-Cookie'] = cookies
    res.writeHead(response.ok ? 200 : STATUS[response.error.code], headers)
    res.end(JSON.stringify(response))
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const route = async () => {
      if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice(5))
      if (url.pathname.startsWith('/media/')) {
        if (!sessionOf(req)) return void res.writeHead(401).end()
        const handled = await app.handleMedia(req, res, url.pathname.slice('/media/'.length))
        if (!handled && !res.headersSent) res.writeHead(404).end()
        return
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405).end()
      return serveStatic(opts.rendererDir, req, res, {
        ...SECURITY_HEADERS,
        'Content-Security-Policy': csp()
      })
    }
    route().catch((err: unknown) => {
      console.error('host request failed', req.url, err)
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    })
  }
  const server = opts.tls
    ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onRequest)
    : http.createServer(onRequest)

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const session = sessionOf(req)
    // the live video socket has its own path and handler (src/main/live/socket.ts)
    if (url.pathname === '/media/live/ws' && sameOrigin(req) && session) {
      const token = session.token
      return app.handleLiveUpgrade(req, socket, head, () => !!app.deps.sessions.get(token))
    }
    if (url.pathname !== '/ws' || !sameOrigin(req) || !session) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      const token = session.token
      const unsubscribe = app.bus.subscribe((msg) => {
        // a session that logged out or expired stops receiving events
        if (!app.deps.sessions.get(token)) return void ws.close(4001, 'session ended')
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg))
      })
      ws.on('close', () => {
        unsubscribe()
        sockets.delete(ws)
      })
      ws.on('message', () => {
        // the socket is push-only; calls go over POST /api
      })
    })
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, opts.host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const hostForUrl = opts.host.includes(':') ? `[${opts.host}]` : opts.host
  return {
    url: `${opts.tls ? 'https' : 'http'}://${hostForUrl}:${port}/`,
    port,
    close: async () => {
      for (const ws of sockets) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(new Error('too_large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
}
