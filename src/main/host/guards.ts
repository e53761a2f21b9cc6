/**
 * Pure checks host mode runs on raw requests before anything else sees them.
 * Each returns a verdict instead of throwing, so no client input can turn
 * into an exception in a socket handler.
 */

/** `decodeURIComponent` that says undefined for malformed percent-encoding instead of throwing URIError. */
export function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s)
  } catch {
    return undefined
  }
}

/** The host name of a Host header, lower-cased, without port or IPv6 brackets; undefined if malformed. */
export function hostNameOf(header: string | undefined): string | undefined {
  if (!header || header.length > 255) return undefined
  const h = header.trim().toLowerCase()
  const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::([0-9]{1,5}))?$/.exec(h)
  if (!m?.[1]) return undefined
  return m[1].startsWith('[') ? m[1].slice(1, -1) : m[1]
}

export const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'] as const

/**
 * DNS rebinding: a page on evil.example that resolves to 127.0.0.1 reaches
 * this server with `Host: evil.example`. Only names the room configured (and
 * loopback ones when bound there) are accepted.
 */
export function isAllowedHost(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  const name = hostNameOf(header)
  return name !== undefined && allowed.has(name)
}

/**
 * True when JSON text nests deeper than `max` (arrays and objects). A linear
 * byte scan, so a 5-million-deep document costs one pass and never reaches
 * JSON.parse or a recursive validator.
 */
export function jsonNestingExceeds(buf: Buffer, max: number): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]
    if (inString) {
      if (c === 0x5c) i++
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true
    } else if (c === 0x5d || c === 0x7d) depth--
  }
  return false
}
