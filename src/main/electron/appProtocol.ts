import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { resolveInside } from '../host/static'
import { CONTENT_TYPES } from '../host/static'

/**
 * The desktop app's one origin. Pages, scripts and media all come from
 * `watchroom://app/`, a privileged standard scheme served through
 * `protocol.handle` (Electron's security checklist, item 18): hls.js fetches
 * media same-origin, so no CORS header is ever needed, and the CSP travels as
 * a response header exactly as in host mode. This module knows nothing of
 * Electron (Request in, Response out), so tests and the desktop harness run
 * the very handler the app registers.
 */
export const APP_SCHEME = 'watchroom'
export const APP_ORIGIN = `${APP_SCHEME}://app`

/** For `protocol.registerSchemesAsPrivileged`, before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
  codeCache: true
} as const

/** A mounted route: `/media/` today; the live video route and others are added the same way. */
export type AppRoute = {
  prefix: string
  handle: (req: Request, subPath: string) => Promise<Response>
}

export type AppProtocolOptions = {
  /** the built renderer (out/renderer); unused when devServerUrl is set */
  rendererDir: string
  /** `npm run dev`: pages and modules are proxied from the Vite dev server */
  devServerUrl?: string
  routes: readonly AppRoute[]
  /** the CSP for a page; `scriptSources` are extra script-src entries (dev inline-script hashes) */
  csp: (extra: { scriptSources: string[]; connectOrigins: string[] }) => string
}

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin'
}

export function createAppProtocolHandler(
  opts: AppProtocolOptions
): (req: Request) => Promise<Response> {
  return async (req) => {
    let url: URL
    try {
      url = new URL(req.url)
    } catch {
      return new Response(null, { status: 400 })
    }
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return new Response(null, { status: 404 })
    try {
      for (const route of opts.routes) {
        if (url.pathname.startsWith(route.prefix)) {
          const res = await route.handle(req, url.pathname.slice(route.prefix.length))
          return withHeaders(res, {
            ...SECURITY_HEADERS,
            // a case report is HTML on this origin: it gets the page policy too
            'Content-Security-Policy': opts.csp({ scriptSources: [], connectOrigins: [] })
          })
        }
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return new Response(null, { status: 405 })
      return opts.devServerUrl
        ? await proxyDevServer(opts, url, req)
        : await serveRenderer(opts, url, req)
    } catch (err) {
      console.error('app protocol request failed', req.url, err)
      return new Response(null, { status: 500 })
    }
  }
}

/**
 * A route that forwards to an HTTP server on the loopback interface (the
 * media server; live video later). `base` carries its per-launch secret.
 */
export function loopbackRoute(prefix: string, base: () => string | null): AppRoute {
  return {
    prefix,
    handle: async (req, subPath) => {
      const target = base()
      if (!target) return new Response(null, { status: 503 })
      const headers = new Headers(req.headers)
      headers.delete('host')
      const res = await fetch(`${target}/${subPath}`, {
        method: req.method,
        headers,
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer(),
        redirect: 'manual'
      })
      return res
    }
  }
}

async function serveRenderer(opts: AppProtocolOptions, url: URL, req: Request): Promise<Response> {
  const root = opts.rendererDir
  let file = resolveInside(root, url.pathname === '/' ? '/index.html' : url.pathname)
  if (!file) return new Response(null, { status: 400 })
  let st = await stat(file).catch(() => null)
  // client routes (no extension) get the app's page
  if (!st?.isFile() && !path.extname(file)) {
    file = path.join(root, 'index.html')
    st = await stat(file).catch(() => null)
  }
  if (!st?.isFile()) return new Response('Not found', { status: 404 })
  const ext = path.extname(file)
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': String(st.size),
    'Cache-Control': ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable'
  }
  if (ext === '.html')
    headers['Content-Security-Policy'] = opts.csp({ scriptSources: [], connectOrigins: [] })
  return new Response(req.method === 'HEAD' ? null : await readFile(file), { headers })
}

/**
 * `npm run dev`: the page and its modules come from Vite through this scheme,
 * so development runs under the same origin and CSP as a release. The React
 * refresh preamble is an inline script: it is allowed by its hash, not by
 * 'unsafe-inline', and Vite's HMR socket by the dev server's origin.
 */
async function proxyDevServer(opts: AppProtocolOptions, url: URL, req: Request): Promise<Response> {
  const dev = new URL(opts.devServerUrl ?? '')
  const upstream = await fetch(new URL(url.pathname + url.search, dev), {
    method: req.method,
    headers: { accept: req.headers.get('accept') ?? '*/*' }
  })
  const headers = new Headers(upstream.headers)
  headers.delete('content-encoding')
  headers.delete('content-length')
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) headers.set(k, v)
  if (!(headers.get('content-type') ?? '').startsWith('text/html'))
    return new Response(upstream.body, { status: upstream.status, headers })
  const html = await upstream.text()
  const wsOrigin = `${dev.protocol === 'https:' ? 'wss' : 'ws'}://${dev.host}`
  headers.set(
    'Content-Security-Policy',
    opts.csp({ scriptSources: inlineScriptHashes(html), connectOrigins: [wsOrigin, dev.origin] })
  )
  return new Response(html, { status: upstream.status, headers })
}

/** CSP hash sources of a page's inline scripts. Pure, for tests. */
export function inlineScriptHashes(html: string): string[] {
  const out: string[] = []
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/.test(m[1] ?? '')) continue
    const digest = createHash('sha256')
      .update(m[2] ?? '', 'utf8')
      .digest('base64')
    out.push(`'sha256-${digest}'`)
  }
  return out
}

function withHeaders(res: Response, extra: Record<string, string>): Response {
  const headers = new Headers(res.headers)
  for (const [k, v] of Object.entries(extra)) if (!headers.has(k)) headers.set(k, v)
  const body = [101, 204, 205, 304].includes(res.status) ? null : res.body
  return new Response(body, { status: res.status, statusText: res.statusText, headers })
}
