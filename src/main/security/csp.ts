/**
 * The renderer's Content-Security-Policy, for the desktop app and host mode
 * alike. Media may come only from the local media server and the origins of
 * configured camera streams; scripts only from the app itself.
 */
export function buildCsp(opts: {
  mediaOrigins: readonly string[]
  connectOrigins?: readonly string[]
  /** extra script-src entries: the desktop dev build allows Vite's inline preamble by hash */
  scriptSources?: readonly string[]
}): string {
  const media = ["'self'", 'blob:', ...opts.mediaOrigins]
  const connect = ["'self'", ...opts.mediaOrigins, ...(opts.connectOrigins ?? [])]
  return [
    "default-src 'none'",
    `script-src ${unique(["'self'", ...(opts.scriptSources ?? [])]).join(' ')}`,
    // antd injects its CSS-in-JS as <style> elements at run time
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `media-src ${unique(media).join(' ')}`,
    `connect-src ${unique(connect).join(' ')}`,
    // hls.js transmuxes in a blob: worker
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'"
  ].join('; ')
}

/** The http(s) origins of camera stream URLs (rtsp is ingested by main). */
export function streamOrigins(urls: readonly (string | null)[]): string[] {
  const out = new Set<string>()
  for (const u of urls) {
    if (!u) continue
    try {
      const parsed = new URL(u)
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') out.add(parsed.origin)
    } catch {
      // an unparsable URL grants nothing
    }
  }
  return [...out].sort()
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)]
}
