import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Content types of the built renderer's files (host mode and the desktop's app scheme). */
export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm'
}

/**
 * Resolves a URL path inside `root`, or null when it would escape it.
 * Pure, so the traversal rule is unit-tested.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const full = path.resolve(root, '.' + path.posix.normalize('/' + decoded))
  const rootResolved = path.resolve(root)
  return full === rootResolved || full.startsWith(rootResolved + path.sep) ? full : null
}

/** Serves the built renderer; unknown paths without an extension get index.html (client routes). */
export async function serveStatic(
  root: string,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>
): Promise<void> {
  const urlPath = new URL(req.url ?? '/', 'http://x').pathname
  let file = resolveInside(root, urlPath === '/' ? '/index.html' : urlPath)
  if (!file) {
    res.writeHead(400).end()
    return
  }
  let st = await stat(file).catch(() => null)
  if (!st?.isFile() && !path.extname(file)) {
    file = path.join(root, 'index.html')
    st = await stat(file).catch(() => null)
  }
  if (!st?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found')
    return
  }
  const ext = path.extname(file)
  res.writeHead(200, {
    ...headers,
    'Content-Type': CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': st.size,
    'Cache-Control': ext === '.html' ? 'no-cache' : 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff'
  })
  if (req.method === 'HEAD') {
    res.end()
    return
  }
  createReadStream(file).pipe(res)
}
