import http from 'node:http'
import https from 'node:https'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { WatchRoomApp } from '../app/createApp'
import { checkPermission, type CallContext } from '../api/dispatch'
import type { Session } from '../users/sessions'
import type { ApiErrorCode, ApiResponse } from '../../shared/ipc/errors'
import { contract, isChannel } from '../../shared/ipc/contract'
import { buildCsp } from '../security/csp'
import { readCookie, SESSION_COOKIE, sessionCookie } from './cookies'
import { isAllowedHost, jsonNestingExceeds, LOOPBACK_NAMES, safeDecode } from './guards'
import { serveStatic } from './static'
import { ROOM_ATTACHMENTS_PATH, ROOM_LIVE_PATH } from '../district/link'

/** Which streams other rooms of the district relay from this room server now (room credential). */
export const ROOM_RELAYS_PATH = '/district/relays'

export type HostOptions = {
  host: string
  port: number
  /** the built renderer (out/renderer) */
  rendererDir: string
  /** largest body of a channel that declares none (bytes); file channels declare their own */
  maxBodyBytes?: number
  /** serve HTTPS with this key pair (required beyond loopback); cookies become Secure */
  tls?: { key: string; cert: string }
  /**
   * Host header names accepted besides loopback names and the bound address
   * (the names other workstations use to reach this room server).
   */
  allowedHosts?: readonly string[]
  log?: (msg: string) => void
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

/** Calls carry small JSON; channels that carry files declare a larger limit in the contract. */
const DEFAULT_BODY_BYTES = 1024 * 1024
/** No API input nests anywhere near this; deeper JSON is refused before parsing. */
const MAX_JSON_DEPTH = 64
/** Server-pushed events are small; a client has nothing to send on the socket. */
const MAX_WS_FRAME_BYTES = 64 * 1024

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', ''])

/** The Host header names this server answers to. */
export function allowedHostNames(bind: string, extra: readonly string[] = []): Set<string> {
  const names = new Set<string>(LOOPBACK_NAMES)
  const b = bind.toLowerCase().replace(/^\[|\]$/g, '')
  if (!WILDCARD_HOSTS.has(b)) names.add(b)
  for (const n of extra) names.add(n.toLowerCase())
  return names
}

/**
 * Host mode: the same handler map as the desktop app, served over HTTP
 * (calls: POST /api/<channel>) and WebSocket (server-pushed events), with the
 * built renderer and the media server on the same origin. Auth is a session
 * cookie (HttpOnly, SameSite=Strict); no CORS headers are ever sent.
 *
 * Every handler here catches: whatever bytes a client sends, it loses at most
 * its own request or socket, never the server.
 */
export async function startHostServer(app: WatchRoomApp, opts: HostOptions): Promise<HostServer> {
  const defaultBody = opts.maxBodyBytes ?? DEFAULT_BODY_BYTES
  const log = opts.log ?? ((m: string) => console.error(m))
  const cookieMaxAgeS = 12 * 3600
  const allowedHosts = allowedHostNames(opts.host, opts.allowedHosts)
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_FRAME_BYTES })
  wss.on('error', (err) => log(`websocket server error: ${err.message}`))
  const sockets = new Set<WebSocket>()

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

  /**
   * What every request and upgrade is checked for first: a Host this server
   * answers to, a parseable target and a well-formed session cookie.
   */
  const admit = (
    req: http.IncomingMessage
  ):
    | { ok: true; url: URL; token: string | null }
    | { ok: false; status: number; message: string } => {
    if (!isAllowedHost(req.headers.host, allowedHosts))
      return { ok: false, status: 421, message: 'Unknown host name' }
    let url: URL
    try {
      url = new URL(req.url ?? '/', 'http://x')
    } catch {
      return { ok: false, status: 400, message: 'Malformed request target' }
    }
    const token = readCookie(req.headers.cookie, SESSION_COOKIE)
    if (token === undefined) return { ok: false, status: 400, message: 'Malformed cookie' }
    return { ok: true, url, token }
  }

  const csp = () => buildCsp({ mediaOrigins: app.streamOrigins() })

  const sendJson = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    extra: Record<string, string | string[]> = {}
  ) => {
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...SECURITY_HEADERS,
      ...extra
    })
    res.end(JSON.stringify(body))
  }
  const refuse = (res: http.ServerResponse, status: number, message: string, close = false) =>
    sendJson(
      res,
      status,
      { ok: false, error: { code: 'invalid_input', message } },
      close ? { Connection: 'close' } : {}
    )

  const handleApi = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    rawChannel: string,
    token: string | null
  ) => {
    if (req.method !== 'POST') return void res.writeHead(405, { Allow: 'POST' }).end()
    if (!sameOrigin(req)) return void res.writeHead(403).end()
    const contentType = req.headers['content-type'] ?? ''
    const rawBytes = contentType.startsWith('application/octet-stream')
    if (!contentType.startsWith('application/json') && !rawBytes)
      return void res.writeHead(415).end()
    const channel = safeDecode(rawChannel)
    if (channel === undefined) return refuse(res, 400, 'Malformed channel name', true)
    const cookies: string[] = []
    const ctx: CallContext = {
      transport: 'http',
      clientId: `http:${req.socket.remoteAddress ?? '?'}`,
      session: await app.deps.sessions.get(token),
      bindSession(t) {
        cookies.push(sessionCookie(t, { secure: !!opts.tls, maxAgeS: cookieMaxAgeS }))
      }
    }
    const answer = (response: ApiResponse<unknown>, close = false) => {
      const headers: Record<string, string | string[]> = close ? { Connection: 'close' } : {}
      if (cookies.length) headers['Set-Cookie'] = cookies
      sendJson(res, response.ok ? 200 : STATUS[response.error.code], response, headers)
    }
    // The session and permission are checked before a byte of the body is
    // read: an anonymous client cannot make the server buffer anything.
    const def = isChannel(channel) ? contract[channel] : undefined
    if (!def || checkPermission(def.permission, ctx.session))
      return answer(await app.dispatch(channel, {}, ctx), true)
    const limit = def.maxBodyBytes ?? defaultBody
    if (Number(req.headers['content-length'] ?? 0) > limit)
      return refuse(res, 413, 'Request too large', true)
    // file bytes as the body itself: read in the socket's own pieces, no JSON or base64 to decode
    let rawInput: Record<string, unknown> | undefined
    if (rawBytes) {
      if (!def.rawBody) return void res.writeHead(415).end()
      const header = req.headers['x-watchroom-input']
      const text = typeof header === 'string' ? header : '{}'
      if (text.length > 4096 || jsonNestingExceeds(Buffer.from(text), MAX_JSON_DEPTH))
        return refuse(res, 400, 'Malformed X-WatchRoom-Input header', true)
      try {
        const parsed: unknown = JSON.parse(text)
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error()
        rawInput = parsed as Record<string, unknown>
      } catch {
        return refuse(res, 400, 'Malformed X-WatchRoom-Input header', true)
      }
    }
    let raw: Buffer
    try {
      raw = await readBody(req, limit)
    } catch (err) {
      if (err instanceof Error && err.message === 'too_large')
        return refuse(res, 413, 'Request too large', true)
      return void res.destroy()
    }
    if (rawInput && def.rawBody)
      return answer(await app.dispatch(channel, { ...rawInput, [def.rawBody]: raw }, ctx))
    if (jsonNestingExceeds(raw, MAX_JSON_DEPTH)) return refuse(res, 400, 'JSON nested too deeply')
    let body: unknown
    try {
      body = JSON.parse(raw.toString('utf8') || '{}')
    } catch {
      return refuse(res, 400, 'Malformed JSON')
    }
    answer(await app.dispatch(channel, body, ctx))
  }

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    req.on('error', () => res.destroy())
    res.on('error', () => undefined)
    const route = async () => {
      const a = admit(req)
      if (!a.ok) return refuse(res, a.status, a.message, true)
      const { url, token } = a
      if (url.pathname.startsWith('/api/')) return handleApi(req, res, url.pathname.slice(5), token)
      if (url.pathname === ROOM_RELAYS_PATH) {
        // what other rooms of the district hold open here: for rooms only, by their credential
        if (!app.room?.authenticate(req)) return sendJson(res, 401, { error: 'unauthenticated' })
        return sendJson(res, 200, { room: app.room.id, relays: app.room.relays() })
      }
      if (url.pathname.startsWith(ROOM_ATTACHMENTS_PATH) && req.method === 'GET') {
        if (!app.room?.authenticate(req)) return sendJson(res, 401, { error: 'unauthenticated' })
        const id = Number(url.pathname.slice(ROOM_ATTACHMENTS_PATH.length))
        const bytes = Number.isSafeInteger(id) && id > 0 ? await app.room.attachmentFile(id) : null
        if (!bytes) return sendJson(res, 404, { error: 'not_found' })
        // the asking room checks the bytes against the stored hash before showing them
        res.writeHead(200, {
          'Content-Type': 'application/octet-stream',
          'Content-Length': bytes.length,
          'Cache-Control': 'no-store',
          ...SECURITY_HEADERS
        })
        return void res.end(bytes)
      }
      if (url.pathname.startsWith('/media/')) {
        const session = app.deps.sessions.peek(token)
        if (!session) return void res.writeHead(401).end()
        const handled = await app.handleMedia(
          req,
          res,
          url.pathname.slice('/media/'.length),
          session
        )
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
      log(`host request failed: ${String(req.url).slice(0, 200)}: ${String(err)}`)
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    })
  }
  const server = opts.tls
    ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, onRequest)
    : http.createServer(onRequest)

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const reject = (status: number, text: string) =>
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    const a = admit(req)
    if (!a.ok) return reject(a.status, a.message)
    if (a.url.pathname === '/media/live/ws') {
      // the live video socket has its own path and handler (src/main/live/socket.ts); a locked
      // session keeps its wall playing behind the lock (issue #18), one that must change its
      // password first gets nothing
      if (!sameOrigin(req)) return reject(403, 'Forbidden')
      const viewer = app.deps.sessions.peek(a.token)
      if (!viewer || viewer.mustChangePassword) return reject(401, 'Unauthorized')
      const token = a.token
      return app.handleLiveUpgrade(req, socket, head, () => {
        const s = app.deps.sessions.peek(token)
        return !!s && !s.mustChangePassword
      })
    }
    // another room's server asks for a camera this room serves (no browser, no session: a room credential)
    if (a.url.pathname === ROOM_LIVE_PATH && app.room)
      return app.room.handleUpgrade(req, socket, head)
    if (a.url.pathname !== '/ws') return reject(404, 'Not Found')
    if (!sameOrigin(req)) return reject(403, 'Forbidden')
    // the account is read again (a disabled one gets no socket): the upgrade waits for it
    void app.deps.sessions.get(a.token).then(
      (session) => {
        if (!session) return reject(401, 'Unauthorized')
        acceptEvents(req, socket, head, session)
      },
      (err: unknown) => {
        log(`websocket upgrade failed: ${String(err)}`)
        socket.destroy()
      }
    )
  }
  const acceptEvents = (
    req: http.IncomingMessage,
    socket: Duplex,
    head: Buffer,
    session: Session
  ): void => {
    // a locked session may hold its socket; it just receives nothing until unlocked
    wss.handleUpgrade(req, socket, head, (ws) => {
      // ws closes the socket itself (1009 too big, 1007 invalid UTF-8, 1002
      // protocol); without a listener the error would end the process
      ws.on('error', () => undefined)
      sockets.add(ws)
      const token = session.token
      const unsubscribe = app.bus.subscribe((msg) => {
        const s = app.deps.sessions.peek(token)
        // a session that logged out, expired or lost its account stops receiving events
        if (!s) return void ws.close(4001, 'session ended')
        // a locked workstation shows nothing new until its user is back
        if (s.locked) return
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
  }
  // upgraded connections (events, live video) are not the HTTP server's to close: without this,
  // a shutdown with a wall still open would wait for the viewers to leave
  const upgraded = new Set<Duplex>()
  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    upgraded.add(socket)
    socket.once('close', () => upgraded.delete(socket))
    socket.on('error', () => socket.destroy())
    try {
      onUpgrade(req, socket, head)
    } catch (err) {
      log(`websocket upgrade failed: ${String(err)}`)
      socket.destroy()
    }
  })
  server.on('clientError', (_err, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
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
      for (const s of upgraded) s.destroy()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}

/** The body up to `limit` bytes; past it the rest is discarded and the promise fails with too_large. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (c: Buffer) => {
      size += c.length
      if (size > limit) {
        req.off('data', onData)
        req.resume()
        reject(new Error('too_large'))
      } else chunks.push(c)
    }
    req.on('data', onData)
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
    req.on('close', () => reject(new Error('aborted')))
  })
}
