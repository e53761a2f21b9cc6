import type { ImportRowError } from '../../shared/domain/import'
import type { Sighting } from '../../shared/domain/sighting'
import { createStreamDecoder } from '../registry/io/encoding'
import { ATTRIBUTE_VOCABULARIES, localTimeParser } from './vocabulary'
import type { StreamTextDecoder, TextEncodingName } from '../registry/io/encoding'
import { ErrorList, lookup, parseDecimal, showValue } from '../registry/io/validate'
import { isBlankRecord, normalizeHeader, scanCsvRecord } from '../registry/io/csvScanner'

// ---------------------------------------------------------------------------
// Timestamps

const C0 = 48
const DASH = 45
const COLON = 58
const PLUS = 43
const DOT = 46
const CR = 13

function digit(s: string, i: number): number {
  const d = s.charCodeAt(i) - C0
  return d >= 0 && d <= 9 ? d : -1
}

function two(s: string, i: number): number {
  const a = digit(s, i)
  const b = digit(s, i + 1)
  return a < 0 || b < 0 ? -1 : a * 10 + b
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, m: number, d: number): number {
  const y = m <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/**
 * Parses `s[start, end)` as `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM|±HHMM|±HH)`
 * into UTC epoch milliseconds, or NaN. Works on indices so the hot loop of
 * the sightings parser never allocates a substring; digits past milliseconds
 * are truncated. `T` may also be `t` or a space (RFC 3339).
 */
export function parseIsoTimestampRange(s: string, start: number, end: number): number {
  if (end - start < 20 || end > s.length) return NaN
  const y1 = two(s, start)
  const y2 = two(s, start + 2)
  if (y1 < 0 || y2 < 0 || s.charCodeAt(start + 4) !== DASH || s.charCodeAt(start + 7) !== DASH)
    return NaN
  const sep = s.charCodeAt(start + 10)
  if (sep !== 84 && sep !== 116 && sep !== 32) return NaN
  if (s.charCodeAt(start + 13) !== COLON || s.charCodeAt(start + 16) !== COLON) return NaN
  const year = y1 * 100 + y2
  const month = two(s, start + 5)
  const day = two(s, start + 8)
  const hour = two(s, start + 11)
  const minute = two(s, start + 14)
  const second = two(s, start + 17)
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN

  let i = start + 19
  let ms = 0
  if (s.charCodeAt(i) === DOT) {
    i++
    let k = 0
    while (i < end) {
      const d = digit(s, i)
      if (d < 0) break
      if (k < 3) ms = ms * 10 + d
      k++
      i++
    }
    if (k === 0 || k > 9) return NaN
    if (k === 1) ms *= 100
    else if (k === 2) ms *= 10
  }
  if (i >= end) return NaN
  let offsetMin = 0
  const c = s.charCodeAt(i)
  if (c === 90 || c === 122) {
    i++
  } else if (c === PLUS || c === DASH) {
    if (end - i < 3) return NaN
    const oh = two(s, i + 1)
    if (oh < 0 || oh > 18) return NaN
    i += 3
    let om = 0
    if (i < end) {
      if (s.charCodeAt(i) === COLON) i++
      if (end - i < 2) return NaN
      om = two(s, i)
      if (om < 0 || om > 59) return NaN
      i += 2
    }
    offsetMin = (c === PLUS ? 1 : -1) * (oh * 60 + om)
  } else return NaN
  if (i !== end) return NaN
  const days = daysFromCivil(year, month, day)
  return ((days * 24 + hour) * 60 + minute - offsetMin) * 60_000 + second * 1000 + ms
}

/**
 * Strict ISO 8601 timestamp with seconds and an offset or Z (e.g.
 * `2026-06-01T14:03:10.250+08:00`) to UTC epoch milliseconds; null when the
 * text is not one or names a time that does not exist (2026-02-30, 24:00).
 */
export function parseIsoTimestamp(s: string): number | null {
  const t = parseIsoTimestampRange(s, 0, s.length)
  return Number.isNaN(t) ? null : t
}

/** Digits with an optional fraction, up to 15 digits: exact as a quotient, so equal to Number(). */
function parsePlainDecimalRange(s: string, start: number, end: number): number {
  let intPart = 0
  let frac = 0
  let scale = 1
  let digits = 0
  let i = start
  for (; i < end; i++) {
    const d = digit(s, i)
    if (d < 0) break
    intPart = intPart * 10 + d
    digits++
  }
  if (i < end && s.charCodeAt(i) === DOT) {
    i++
    for (; i < end; i++) {
      const d = digit(s, i)
      if (d < 0) break
      frac = frac * 10 + d
      scale *= 10
      digits++
    }
  }
  if (i !== end || digits === 0 || digits > 15) return NaN
  return scale === 1 ? intPart : (intPart * scale + frac) / scale
}

// ---------------------------------------------------------------------------
// Rows

export const SIGHTING_COLUMNS = [
  'camera_code',
  'ts',
  'plate',
  'confidence',
  'direction',
  'plate_color',
  'vehicle_color',
  'vehicle_type',
  'vehicle_brand'
] as const
export type SightingColumn = (typeof SIGHTING_COLUMNS)[number]

/** Other names of the columns, as checkpoint (卡口) systems export them. */
const SIGHTING_HEADER_ALIASES: Readonly<Record<string, SightingColumn>> = {
  camera: 'camera_code',
  code: 'camera_code',
  摄像机编号: 'camera_code',
  点位编号: 'camera_code',
  设备编号: 'camera_code',
  卡口编号: 'camera_code',
  编号: 'camera_code',
  timestamp: 'ts',
  time: 'ts',
  时间: 'ts',
  抓拍时间: 'ts',
  过车时间: 'ts',
  plate_no: 'plate',
  plate_number: 'plate',
  车牌: 'plate',
  车牌号: 'plate',
  车牌号码: 'plate',
  号牌号码: 'plate',
  置信度: 'confidence',
  heading: 'direction',
  行驶方向: 'direction',
  方向: 'direction',
  号牌颜色: 'plate_color',
  车牌颜色: 'plate_color',
  color: 'vehicle_color',
  车身颜色: 'vehicle_color',
  车辆颜色: 'vehicle_color',
  type: 'vehicle_type',
  车辆类型: 'vehicle_type',
  车型: 'vehicle_type',
  brand: 'vehicle_brand',
  车辆品牌: 'vehicle_brand',
  品牌: 'vehicle_brand'
}

export const MAX_CAMERA_CODE_LENGTH = 64
export const MAX_PLATE_LENGTH = 32
/** A "line" longer than this is garbage (a binary file, a quote never closed); it is reported and skipped. */
export const MAX_RECORD_CHARS = 1 << 20

/** A control character or U+FFFD (bytes the decoder could not read). */
function hasBadChars(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 32 || c === 0x7f || c === 0xfffd) return true
  }
  return false
}

const ROLE_NONE = -1
const ROLE_CODE = 0
const ROLE_TS = 1
const ROLE_PLATE = 2
const ROLE_CONF = 3
const ROLE_DIRECTION = 4
const ROLE_COUNT = SIGHTING_COLUMNS.length

export type SightingsParseOptions = {
  /** rows per onBatch call (default 10,000) */
  batchSize?: number
  /** called after each input chunk with the bytes (or UTF-8 bytes of string chunks) read so far */
  onProgress?: (bytes: number, rows: number) => void
  /** errors kept in the result; all are counted (default 1000) */
  maxErrors?: number
  /** aborts between chunks; the promise rejects with the signal's reason */
  signal?: AbortSignal
  /**
   * IANA zone of the room: times without an offset (`2026-06-01 14:03:10`,
   * as checkpoint exports write them) are read in it. Without it they are
   * refused.
   */
  timeZone?: string
  /** when given, a row at a camera code outside this set is refused (`unknown_camera`) */
  knownCameras?: ReadonlySet<string>
}

export type SightingsParseResult = {
  /** non-blank data rows read */
  total: number
  /** rows handed to onBatch */
  accepted: number
  /** rows with at least one error */
  rejected: number
  errors: ImportRowError[]
  errorCount: number
  unknownColumns: string[]
  encoding: TextEncodingName
  bytes: number
}

/**
 * The synchronous core of the sightings parser: push decoded text, take the
 * finished batches. Exposed for worker threads and for tests that feed text
 * directly; {@link parseSightingsCsv} is the usual entry point.
 */
export class SightingsCsvParser {
  readonly errorList: ErrorList
  total = 0
  accepted = 0
  rejected = 0
  readonly unknownColumns: string[] = []
  /** finished batches not yet taken by the caller */
  readonly ready: Sighting[][] = []

  private readonly batchSize: number
  private batch: Sighting[] = []
  private pending = ''
  private started = false
  private line = 1
  private skipping = false
  private headerDone = false
  private dead = false
  private roles: number[] = []

  private readonly localTime: ((s: string, a: number, e: number) => number) | null
  private readonly knownCameras: ReadonlySet<string> | null
  /** registered codes by length and last character, compared in place: no substring per row */
  private readonly knownByShape = new Map<number, string[]>()

  // scratch positions of the current row's cells, by role, so the hot loop allocates nothing but the row
  private readonly cellSrc: string[] = new Array<string>(ROLE_COUNT).fill('')
  private readonly cellA = new Int32Array(ROLE_COUNT)
  private readonly cellE = new Int32Array(ROLE_COUNT)
  private extraFrom = -1

  constructor(
    opts: {
      batchSize?: number
      maxErrors?: number
      timeZone?: string
      knownCameras?: ReadonlySet<string>
    } = {}
  ) {
    this.batchSize = Math.max(1, Math.floor(opts.batchSize ?? 10_000))
    this.errorList = new ErrorList(opts.maxErrors)
    this.localTime = opts.timeZone ? localTimeParser(opts.timeZone) : null
    this.knownCameras = opts.knownCameras ?? null
    for (const code of this.knownCameras ?? []) {
      if (code.length === 0 || hasBadChars(code)) continue
      const key = code.length * 0x10000 + code.charCodeAt(code.length - 1)
      this.knownByShape.set(key, [...(this.knownByShape.get(key) ?? []), code])
    }
  }

  push(text: string): void {
    if (!this.started) {
      this.started = true
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    }
    this.pending = this.pending.length === 0 ? text : this.pending + text
    this.consume(false)
  }

  end(): void {
    this.consume(true)
    if (!this.headerDone) this.errorList.add(1, null, 'empty_file', 'The file has no header row')
    if (this.batch.length > 0) {
      this.ready.push(this.batch)
      this.batch = []
    }
  }

  private consume(final: boolean): void {
    const s = this.pending
    const n = s.length
    let pos = 0
    let nextQuote = s.indexOf('"')
    let nextCr = s.indexOf('\r')
    // cached like the quote and CR positions, so text without any of them is scanned once
    let nextNl = s.indexOf('\n')
    while (pos < n) {
      if (this.skipping) {
        const nl = s.indexOf('\n', pos)
        if (nl < 0) {
          pos = n
          break
        }
        this.skipping = false
        this.line++
        pos = nl + 1
        continue
      }
      if (nextNl >= 0 && nextNl < pos) nextNl = s.indexOf('\n', pos)
      let nl = nextNl
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = s.indexOf('"', pos)
      if (nextCr >= 0 && nextCr < pos) nextCr = s.indexOf('\r', pos)
      const lineBreak = nl < 0 ? n : nl
      // a CR that does not end a CRLF is a line break of its own (classic Mac files)
      const loneCr = nextCr >= 0 && nextCr < lineBreak && !(nl >= 0 && nextCr === nl - 1)
      if (loneCr || (nextQuote >= 0 && nextQuote < lineBreak)) {
        const rec = scanCsvRecord(s, pos, final)
        if (rec === null) {
          if (n - pos > MAX_RECORD_CHARS) {
            this.giveUpOnRecord(s, pos)
            pos = n
          }
          break
        }
        const recLine = this.line
        this.line += rec.newlines
        pos = rec.end
        if (rec.unterminated) {
          this.total++
          this.rejected++
          this.errorList.add(
            recLine,
            null,
            'malformed_csv',
            'A quoted cell is never closed (the rest of the file was read into it)'
          )
          continue
        }
        this.handleFields(rec.fields, recLine)
        continue
      }
      if (nl < 0) {
        if (!final) {
          if (n - pos > MAX_RECORD_CHARS) {
            this.giveUpOnRecord(s, pos)
            pos = n
          }
          break
        }
        nl = n
      }
      let lineEnd = nl
      if (lineEnd > pos && s.charCodeAt(lineEnd - 1) === CR) lineEnd--
      this.handleLine(s, pos, lineEnd)
      this.line++
      pos = nl + 1
    }
    this.pending = pos >= n ? '' : s.slice(pos)
  }

  private giveUpOnRecord(s: string, pos: number): void {
    this.total++
    this.rejected++
    this.errorList.add(
      this.line,
      null,
      'malformed_csv',
      `The line is longer than ${MAX_RECORD_CHARS} characters (starts ${showValue(s.slice(pos, pos + 40))})`
    )
    this.skipping = true
  }

  private setHeader(fields: string[], line: number): void {
    this.headerDone = true
    const seen = new Map<number, number>()
    this.roles = fields.map((raw, i) => {
      const h = normalizeHeader(raw)
      const col = (SIGHTING_COLUMNS as readonly string[]).includes(h)
        ? (h as SightingColumn)
        : lookup(SIGHTING_HEADER_ALIASES, h)
      if (col === undefined) {
        if (h.length > 0) this.unknownColumns.push(raw.trim())
        return ROLE_NONE
      }
      const role = SIGHTING_COLUMNS.indexOf(col)
      const first = seen.get(role)
      if (first !== undefined) {
        this.errorList.add(
          line,
          col,
          'duplicate_column',
          `Header cell ${showValue(raw.trim())} (column ${i + 1}) repeats column "${col}" of column ${first + 1}`
        )
        return ROLE_NONE
      }
      seen.set(role, i)
      return role
    })
    for (const role of [ROLE_CODE, ROLE_TS, ROLE_PLATE]) {
      if (!seen.has(role)) {
        this.errorList.add(
          line,
          SIGHTING_COLUMNS[role],
          'missing_column',
          `The header has no "${SIGHTING_COLUMNS[role]}" column`
        )
        this.dead = true
      }
    }
  }

  private resetCells(): void {
    this.cellA.fill(0)
    this.cellE.fill(0)
    this.extraFrom = -1
  }

  private setCell(role: number, src: string, a: number, e: number): void {
    // trim blanks in place
    while (a < e && src.charCodeAt(a) <= 32) a++
    while (e > a && src.charCodeAt(e - 1) <= 32) e--
    this.cellSrc[role] = src
    this.cellA[role] = a
    this.cellE[role] = e
  }

  private cell(role: number): string {
    return this.cellSrc[role].slice(this.cellA[role], this.cellE[role])
  }

  /** The registered code the camera cell spells, or '' */
  private knownCode(): string {
    const src = this.cellSrc[ROLE_CODE]
    const a = this.cellA[ROLE_CODE]
    const e = this.cellE[ROLE_CODE]
    const list = this.knownByShape.get((e - a) * 0x10000 + src.charCodeAt(e - 1))
    if (list !== undefined)
      next: for (const code of list) {
        for (let i = 0; i < code.length - 1; i++)
          if (src.charCodeAt(a + i) !== code.charCodeAt(i)) continue next
        return code
      }
    return ''
  }

  private isEmpty(role: number): boolean {
    return this.cellE[role] === this.cellA[role]
  }

  /** The fast path: one physical line without quotes, cells split by indexOf. */
  private handleLine(s: string, start: number, end: number): void {
    if (start >= end) return
    if (!this.headerDone) {
      const rec = scanCsvRecord(s.slice(start, end), 0, true)!
      if (!isBlankRecord(rec.fields)) this.setHeader(rec.fields, this.line)
      return
    }
    if (this.dead) return
    this.resetCells()
    const roles = this.roles
    const ncols = roles.length
    let idx = 0
    let a = start
    let blank = true
    for (;;) {
      let comma = s.indexOf(',', a)
      if (comma < 0 || comma > end) comma = end
      if (blank) {
        for (let k = a; k < comma; k++) {
          if (s.charCodeAt(k) > 32) {
            blank = false
            break
          }
        }
      }
      if (idx < ncols) {
        const role = roles[idx]
        if (role !== ROLE_NONE) this.setCell(role, s, a, comma)
      } else if (this.extraFrom < 0 && !isBlankRange(s, a, comma)) {
        this.extraFrom = idx
      }
      idx++
      if (comma >= end) break
      a = comma + 1
    }
    if (blank) return
    this.validateRow(this.line)
  }

  /** The slow path: a record with quoted cells. */
  private handleFields(fields: string[], line: number): void {
    if (isBlankRecord(fields)) return
    if (!this.headerDone) {
      this.setHeader(fields, line)
      return
    }
    if (this.dead) return
    this.resetCells()
    const roles = this.roles
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]
      if (i < roles.length) {
        const role = roles[i]
        if (role !== ROLE_NONE) this.setCell(role, f, 0, f.length)
      } else if (this.extraFrom < 0 && f.trim().length > 0) this.extraFrom = i
    }
    this.validateRow(line)
  }

  /** Whether a required cell is filled and at most `max` characters; if not, the row's error says which. */
  private requiredWithin(line: number, role: number, column: string, max: number): boolean {
    if (this.isEmpty(role)) {
      this.errorList.add(line, column, 'required', `Column "${column}" is empty`)
      return false
    }
    if (this.cellE[role] - this.cellA[role] > max) {
      this.errorList.add(
        line,
        column,
        'too_long',
        `${showValue(this.cell(role))} is longer than ${max} characters`
      )
      return false
    }
    return true
  }

  private validateRow(line: number): void {
    this.total++
    const errors = this.errorList
    const before = errors.count

    if (this.extraFrom >= 0) {
      errors.add(
        line,
        null,
        'extra_fields',
        `Cell ${this.extraFrom + 1} is not empty but the header has only ${this.roles.length} columns`
      )
    }

    let cameraCode = ''
    if (this.requiredWithin(line, ROLE_CODE, 'camera_code', MAX_CAMERA_CODE_LENGTH)) {
      cameraCode = this.knownCode()
      if (cameraCode === '') {
        cameraCode = this.cell(ROLE_CODE)
        if (hasBadChars(cameraCode)) badChars(errors, line, 'camera_code', cameraCode)
        else if (this.knownCameras !== null && !this.knownCameras.has(cameraCode))
          errors.add(
            line,
            'camera_code',
            'unknown_camera',
            `No registered camera has the code ${showValue(cameraCode)}`
          )
      }
    }

    let ts = NaN
    if (this.isEmpty(ROLE_TS)) errors.add(line, 'ts', 'required', 'Column "ts" is empty')
    else {
      const src = this.cellSrc[ROLE_TS]
      const a = this.cellA[ROLE_TS]
      const e = this.cellE[ROLE_TS]
      ts = parseIsoTimestampRange(src, a, e)
      if (Number.isNaN(ts) && this.localTime !== null) ts = this.localTime(src, a, e)
      if (Number.isNaN(ts)) {
        errors.add(
          line,
          'ts',
          'invalid_timestamp',
          this.localTime !== null
            ? `${showValue(this.cell(ROLE_TS))} is not a time with seconds, e.g. 2026-06-01 14:03:10 (the room's time zone) or 2026-06-01T14:03:10.250+08:00`
            : `${showValue(this.cell(ROLE_TS))} is not an ISO 8601 time with seconds and an offset, e.g. 2026-06-01T14:03:10.250+08:00`
        )
      }
    }

    let plate = ''
    if (this.requiredWithin(line, ROLE_PLATE, 'plate', MAX_PLATE_LENGTH)) {
      plate = this.cell(ROLE_PLATE)
      if (hasBadChars(plate)) badChars(errors, line, 'plate', plate)
    }

    let confidence: number | null = null
    if (!this.isEmpty(ROLE_CONF)) {
      let c = parsePlainDecimalRange(
        this.cellSrc[ROLE_CONF],
        this.cellA[ROLE_CONF],
        this.cellE[ROLE_CONF]
      )
      if (Number.isNaN(c)) c = parseDecimal(this.cell(ROLE_CONF)) ?? NaN
      if (Number.isNaN(c)) {
        errors.add(
          line,
          'confidence',
          'invalid_number',
          `${showValue(this.cell(ROLE_CONF))} is not a number`
        )
      } else if (c < 0 || c > 1) {
        errors.add(line, 'confidence', 'out_of_range', `${this.cell(ROLE_CONF)} is outside 0..1`)
      } else confidence = c
    }

    // every field from the start, so all rows share one object shape
    const row: Sighting = {
      cameraCode,
      ts,
      plate,
      confidence,
      direction: undefined,
      plateColor: undefined,
      vehicleColor: undefined,
      vehicleType: undefined,
      vehicleBrand: undefined
    }
    for (let role = ROLE_DIRECTION; role < ROLE_COUNT; role++) {
      if (this.isEmpty(role)) continue
      const vocabulary = ATTRIBUTE_VOCABULARIES[role - ROLE_DIRECTION]
      const value = vocabulary.readRange(this.cellSrc[role], this.cellA[role], this.cellE[role])
      if (value === undefined)
        errors.add(
          line,
          SIGHTING_COLUMNS[role],
          'invalid_value',
          `${showValue(this.cell(role))} is not one of ${vocabulary.words}`
        )
      else if (value !== null) row[vocabulary.field] = value as never
    }

    if (errors.count !== before) {
      this.rejected++
      return
    }
    this.accepted++
    this.batch.push(row)
    if (this.batch.length >= this.batchSize) {
      this.ready.push(this.batch)
      this.batch = []
    }
  }
}

function isBlankRange(s: string, a: number, e: number): boolean {
  for (let k = a; k < e; k++) if (s.charCodeAt(k) > 32) return false
  return true
}

function badChars(errors: ErrorList, line: number, column: string, value: string): void {
  if (value.includes('\ufffd')) {
    errors.add(
      line,
      column,
      'invalid_encoding',
      `${showValue(value)} has bytes that are not valid in the file's encoding`
    )
  } else {
    errors.add(line, column, 'invalid_text', `${showValue(value)} contains control characters`)
  }
}

export type SightingsInput = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>

/** Bytes to look at before choosing the encoding of a byte stream. */
const SNIFF_BYTES = 64 * 1024
/** Largest piece of one input chunk parsed before batches are handed over. */
const MAX_SLICE = 1 << 20

/**
 * Parses sightings.csv from a stream (a `Readable`, or any (async) iterable of
 * byte or string chunks) in constant memory: valid rows go to `onBatch` in
 * file order, awaited when it returns a promise (back-pressure for database
 * inserts). Encoding: a BOM decides; otherwise UTF-8 unless the first 64 KiB
 * are not valid UTF-8, then GB18030. Never throws for bad content; the caller
 * applies the all-or-nothing rule (`errorCount === 0`), e.g. by inserting
 * batches in one transaction and rolling back.
 */
export async function parseSightingsCsv(
  input: SightingsInput,
  onBatch: (rows: Sighting[]) => void | Promise<void>,
  opts: SightingsParseOptions = {}
): Promise<SightingsParseResult> {
  const parser = new SightingsCsvParser(opts)
  // in an object so that the closures below and the loop see the same decoder
  const st: {
    decoder: StreamTextDecoder | null
    head: Uint8Array[]
    headBytes: number
    bytes: number
  } = {
    decoder: null,
    head: [],
    headBytes: 0,
    bytes: 0
  }

  const flush = async (): Promise<void> => {
    while (parser.ready.length > 0) {
      const batch = parser.ready.shift()!
      const r = onBatch(batch)
      if (r !== undefined) await r
    }
  }
  const startDecoder = (): StreamTextDecoder => {
    const all = Buffer.concat(st.head)
    st.head = []
    const { decoder, skip } = createStreamDecoder(all)
    st.decoder = decoder
    parser.push(decoder.write(all.subarray(skip)))
    return decoder
  }

  const feed = (chunk: Uint8Array | string): void => {
    if (typeof chunk === 'string') {
      st.bytes += Buffer.byteLength(chunk)
      if (st.head.length > 0) startDecoder()
      parser.push(chunk)
    } else {
      st.bytes += chunk.byteLength
      if (st.decoder !== null) parser.push(st.decoder.write(chunk))
      else {
        st.head.push(chunk)
        st.headBytes += chunk.byteLength
        if (st.headBytes >= SNIFF_BYTES) startDecoder()
      }
    }
  }

  for await (const chunk of input) {
    // A whole file passed as one chunk is fed in slices, so batches still
    // reach onBatch (and memory is freed) while it is parsed.
    for (let at = 0; at < chunk.length || at === 0; at += MAX_SLICE) {
      opts.signal?.throwIfAborted()
      if (chunk.length <= MAX_SLICE) feed(chunk)
      else
        feed(
          typeof chunk === 'string'
            ? chunk.slice(at, at + MAX_SLICE)
            : chunk.subarray(at, at + MAX_SLICE)
        )
      await flush()
      opts.onProgress?.(st.bytes, parser.total)
      if (chunk.length <= MAX_SLICE) break
    }
  }
  opts.signal?.throwIfAborted()
  const decoder = st.head.length > 0 ? startDecoder() : st.decoder
  if (decoder !== null) parser.push(decoder.end())
  parser.end()
  await flush()
  opts.onProgress?.(st.bytes, parser.total)

  const encoding: TextEncodingName = decoder !== null ? decoder.encoding : 'utf-8'
  const bytes = st.bytes
  return {
    total: parser.total,
    accepted: parser.accepted,
    rejected: parser.rejected,
    errors: parser.errorList.errors,
    errorCount: parser.errorList.count,
    unknownColumns: parser.unknownColumns,
    encoding,
    bytes
  }
}
