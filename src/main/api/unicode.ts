/**
 * Text at the API edge: every string (and object key) of an input is
 * normalised to NFC, and text with a lone surrogate is refused. A lone
 * surrogate cannot be stored as UTF-8, so the stored bytes would differ from
 * what was checked, hashed or compared (it once broke audit verification
 * with a single login attempt).
 */

const LONE_SURROGATE = /\p{Surrogate}/u
// ASCII text (base64 file contents, most names) is NFC and surrogate-free as it is
const NON_ASCII = /[\u0080-\uffff]/

/** No API input nests anywhere near this. */
const MAX_DEPTH = 64

export type NormalizedInput =
  { ok: true; value: unknown } | { ok: false; path: string; reason: 'lone_surrogate' | 'too_deep' }

export function normalizeInput(value: unknown): NormalizedInput {
  let failure: { path: string; reason: 'lone_surrogate' | 'too_deep' } | undefined
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (failure) return v
    if (typeof v === 'string') {
      if (!NON_ASCII.test(v)) return v
      if (LONE_SURROGATE.test(v)) {
        failure = { path, reason: 'lone_surrogate' }
        return v
      }
      return v.normalize('NFC')
    }
    if (v === null || typeof v !== 'object') return v
    if (depth >= MAX_DEPTH) {
      failure = { path, reason: 'too_deep' }
      return v
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`, depth + 1))
    // only plain data crosses the boundary; anything else is left to the schema to refuse
    if (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null) return v
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) {
      if (LONE_SURROGATE.test(k)) {
        failure = { path: `${path}.${k}`, reason: 'lone_surrogate' }
        return v
      }
      out[k.normalize('NFC')] = walk(x, `${path}.${k}`, depth + 1)
    }
    return out
  }
  const out = walk(value, '$', 0)
  return failure ? { ok: false, ...failure } : { ok: true, value: out }
}
