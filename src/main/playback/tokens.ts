/**
 * Signed, expiring grants in media URLs. The media server (a secret path on
 * 127.0.0.1 for the desktop shell, cookie-guarded /media in host mode) knows
 * nothing of API permissions; a grant proves that a caller holding the
 * permission asked main for exactly this camera and range (or export).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * `s` is the id of the session that asked: a link is honoured for that
 * session only, while it lives and its account still holds the permission.
 */
export type VodGrant = { k: 'vod'; c: number; f: number; t: number; s: string | null; e: number }
export type FileGrant = { k: 'exp'; x: number; s: string | null; e: number }
export type Grant = VodGrant | FileGrant

export const TOKEN_RE = /^[A-Za-z0-9_-]{8,1024}\.[A-Za-z0-9_-]{43}$/

export type Signer = {
  sign(grant: Grant): string
  /** The grant of a token with a valid signature that has not expired, else undefined. */
  verify(token: string, now: number): Grant | undefined
}

export function createSigner(secret: Buffer = randomBytes(32)): Signer {
  const mac = (payload: string) => createHmac('sha256', secret).update(payload).digest()
  return {
    sign(grant) {
      const payload = Buffer.from(JSON.stringify(grant)).toString('base64url')
      return `${payload}.${mac(payload).toString('base64url')}`
    },
    verify(token, now) {
      if (!TOKEN_RE.test(token)) return undefined
      const [payload = '', sig = ''] = token.split('.')
      const expected = mac(payload)
      const given = Buffer.from(sig, 'base64url')
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined
      try {
        const g = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Grant
        if (typeof g.e !== 'number' || g.e < now) return undefined
        if (g.k === 'vod' && [g.c, g.f, g.t].every(Number.isInteger)) return g
        if (g.k === 'exp' && Number.isInteger(g.x)) return g
        return undefined
      } catch {
        return undefined
      }
    }
  }
}
