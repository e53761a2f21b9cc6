import type { ImportRowError } from '../../../shared/domain/import'

/**
 * Stable machine codes of import errors. The UI translates them; adding a code
 * is fine, renaming one breaks translations.
 */
export const IMPORT_ERROR_CODES = [
  /** a required value (or required column value) is empty */
  'required',
  /** not a plain decimal number */
  'invalid_number',
  /** a number or coordinate outside its allowed range */
  'out_of_range',
  /** not an http(s)://, rtsp(s):// or demo:// URL */
  'invalid_url',
  /** a camera code already used by an earlier line of the same file */
  'duplicate_code',
  /** a road id already used by an earlier feature of the same file */
  'duplicate_id',
  /** not one of 1/0, true/false, yes/no */
  'invalid_boolean',
  /** owner is not public/social */
  'invalid_owner',
  /** oneway is not a recognised boolean / OSM value */
  'invalid_oneway',
  /** not ISO 8601 with seconds and an offset or Z, or not a real calendar time */
  'invalid_timestamp',
  /** a road geometry that is not a valid LineString / MultiLineString */
  'invalid_geometry',
  /** text longer than the column allows */
  'too_long',
  /** text containing control characters */
  'invalid_text',
  /** bytes that are not valid in the file's detected encoding */
  'invalid_encoding',
  /** the header lacks a required column */
  'missing_column',
  /** two header cells name the same column */
  'duplicate_column',
  /** a row has non-empty cells beyond the header's columns */
  'extra_fields',
  /** broken CSV quoting (a quote never closed) */
  'malformed_csv',
  /** the file has no header row */
  'empty_file',
  /** the file is not JSON */
  'invalid_json',
  /** JSON that is not a GeoJSON FeatureCollection / Feature */
  'invalid_geojson',
  /** a feature entry that is not a GeoJSON Feature object */
  'invalid_feature',
  /** a property value of the wrong JSON type, or a word outside a column's vocabulary */
  'invalid_value',
  /** a sighting at a camera code that is not registered */
  'unknown_camera'
] as const
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number]

/** Default cap on the error list; errors beyond it are counted, not kept. */
export const DEFAULT_MAX_ERRORS = 1000

/** Collects row errors up to a cap while counting all of them. */
export class ErrorList {
  readonly errors: ImportRowError[] = []
  count = 0
  private readonly max: number

  constructor(max: number = DEFAULT_MAX_ERRORS) {
    this.max = Math.max(0, Math.floor(max))
  }

  add(line: number, column: string | null, code: ImportErrorCode, message: string): void {
    this.count++
    if (this.errors.length < this.max) this.errors.push({ line, column, code, message })
  }

  get truncated(): boolean {
    return this.count > this.errors.length
  }
}

/** A value quoted for an English message; long values are cut so one bad cell cannot flood the UI. */
export function showValue(value: unknown): string {
  let s: string
  if (typeof value === 'string') s = JSON.stringify(value)
  else if (value === undefined) s = 'undefined'
  else {
    try {
      // JSON.stringify gives undefined for functions and symbols despite its type
      const j: unknown = JSON.stringify(value)
      s = typeof j === 'string' ? j : typeof value
    } catch {
      s = Object.prototype.toString.call(value)
    }
  }
  return s.length > 80 ? `${s.slice(0, 77)}...` : s
}

/**
 * A table lookup that sees only the table's own keys: a cell reading
 * "constructor" or "__proto__" must not find Object.prototype members.
 */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined
}

const DECIMAL_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/**
 * A plain decimal number (optional sign, fraction and exponent) or null.
 * Rejects what `Number()` would accept but a spreadsheet user did not mean:
 * hex, `Infinity`, empty strings, thousands separators.
 */
export function parseDecimal(raw: string): number | null {
  const s = raw.trim()
  if (s.length === 0 || s.length > 64 || !DECIMAL_RE.test(s)) return null
  const n = Number(s)
  if (!Number.isFinite(n)) return null
  // -0 compares unequal to 0 under Object.is; a coordinate has no signed zero.
  return n === 0 ? 0 : n
}

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 't', '是', '真'])
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'f', '否', '假'])

/** 1/0, true/false, yes/no (any case, also 是/否) or null. */
export function parseBooleanWord(raw: string): boolean | null {
  const s = raw.trim().toLowerCase()
  if (TRUE_WORDS.has(s)) return true
  if (FALSE_WORDS.has(s)) return false
  return null
}

const URL_SCHEMES = new Set(['http:', 'https:', 'rtsp:', 'rtsps:', 'demo:'])
export const MAX_URL_LENGTH = 2048

/**
 * A stream URL WatchRoom can play: http(s) (HLS), rtsp(s), or demo:// for the
 * built-in source. Needs a host; no whitespace or control characters, since
 * the URL ends up on an ffmpeg command line.
 */
export function isStreamUrl(raw: string): boolean {
  if (raw.length === 0 || raw.length > MAX_URL_LENGTH) return false
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw)) return false
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(raw)
  if (m === null) return false
  const scheme = `${m[1].toLowerCase()}:`
  if (!URL_SCHEMES.has(scheme)) return false
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  return url.hostname.length > 0
}

// eslint-disable-next-line no-control-regex
const CONTROL_RE = /[\u0000-\u001f\u007f]/
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_WS_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** True when the text has control characters; multi-line text may keep tab, CR and LF. */
export function hasControlChars(s: string, multiline = false): boolean {
  return (multiline ? CONTROL_EXCEPT_WS_RE : CONTROL_RE).test(s)
}

export function isLatitude(n: number): boolean {
  return n >= -90 && n <= 90
}

export function isLongitude(n: number): boolean {
  return n >= -180 && n <= 180
}
