import { safeDecode } from './guards'

export const SESSION_COOKIE = 'wr_session'

/**
 * Reads one cookie from a Cookie header (no library: the grammar is small).
 * Malformed percent-encoding gives undefined (a bad request), never a throw:
 * `wr_session=%` once took the whole server down from an upgrade handler.
 */
export function readCookie(header: string | undefined, name: string): string | null | undefined {
  if (!header) return null
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === name) return safeDecode(part.slice(eq + 1).trim())
  }
  return null
}

export function sessionCookie(
  token: string | null,
  opts: { secure: boolean; maxAgeS: number }
): string {
  const attrs = ['Path=/', 'HttpOnly', 'SameSite=Strict']
  if (opts.secure) attrs.push('Secure')
  if (token === null) return `${SESSION_COOKIE}=; Max-Age=0; ${attrs.join('; ')}`
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Max-Age=${opts.maxAgeS}; ${attrs.join('; ')}`
}
