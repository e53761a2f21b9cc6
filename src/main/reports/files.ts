/**
 * Where lookup case files live and how the media server hands them out:
 *   <data dir>/lookup-cases/<case id>/map.png | snap-<confirmation id>.jpg|png
 *   <data dir>/reports/case-<case id>-<32 hex>/report.html | report.pdf
 * served as /media/lookup-cases/… and /media/reports/… to a logged-in
 * session. Paths are matched by an exact grammar (no traversal, no
 * encodings); a report folder carries a random part so its URL cannot be
 * guessed from the case number.
 */
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { IncomingMessage, ServerResponse } from 'node:http'

export const CASES_DIR = 'lookup-cases'
export const REPORTS_DIR = 'reports'

const CASE_FILE_RE =
  /^lookup-cases\/([1-9][0-9]{0,8})\/(map\.png|snap-[1-9][0-9]{0,8}\.(?:jpg|png))$/
const REPORT_FILE_RE = /^reports\/(case-[1-9][0-9]{0,8}-[0-9a-f]{32})\/(report\.html|report\.pdf)$/

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf'
}

/** The file a media sub-path names, relative to the data dir; undefined for anything else. */
export function parseLookupMediaPath(subPath: string): string | undefined {
  if (subPath.includes('..') || subPath.includes('\\') || subPath.includes('%')) return undefined
  const m = CASE_FILE_RE.exec(subPath) ?? REPORT_FILE_RE.exec(subPath)
  if (!m) return undefined
  return path.join(subPath.startsWith('reports/') ? REPORTS_DIR : CASES_DIR, m[1], m[2])
}

export const caseFileRel = (caseId: number, name: string): string =>
  `${CASES_DIR}/${caseId}/${name}`

/**
 * Serves a lookup file below the media mount; false when the path is not one
 * of ours (the next route may take it).
 */
export async function serveLookupMedia(
  req: IncomingMessage,
  res: ServerResponse,
  subPath: string,
  dataDir: string
): Promise<boolean> {
  if (!subPath.startsWith(`${CASES_DIR}/`) && !subPath.startsWith(`${REPORTS_DIR}/`)) return false
  const method = req.method ?? 'GET'
  if (method !== 'GET' && method !== 'HEAD') return false
  const rel = parseLookupMediaPath(subPath)
  const full = rel && path.resolve(dataDir, rel)
  if (!full || !full.startsWith(path.resolve(dataDir) + path.sep)) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n')
    return true
  }
  const st = await stat(full).catch(() => null)
  if (!st?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n')
    return true
  }
  const ext = path.extname(full)
  const headers: Record<string, string | number> = {
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Content-Length': st.size,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff'
  }
  // the report page is self-contained: it may show inline images and nothing else
  if (ext === '.html')
    headers['Content-Security-Policy'] =
      "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
  res.writeHead(200, headers)
  if (method === 'HEAD') {
    res.end()
    return true
  }
  await new Promise<void>((resolve, reject) => {
    const s = createReadStream(full)
    s.on('error', reject)
    res.on('close', resolve)
    s.pipe(res)
  })
  return true
}
