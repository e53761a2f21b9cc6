import type { CameraFields, CameraOwner } from '../../../shared/domain/camera'
import type { ImportRowError } from '../../../shared/domain/import'
import { decodeText } from './encoding'
import type { TextEncodingName } from './encoding'
import {
  ErrorList,
  hasControlChars,
  isLatitude,
  isLongitude,
  isStreamUrl,
  lookup,
  parseBooleanWord,
  parseDecimal,
  showValue
} from './validate'
import {
  isBlankRecord,
  neutraliseFormula,
  normalizeHeader,
  quoteCsvCell,
  scanCsvRecord,
  unneutraliseFormula
} from './csvScanner'

/** The columns of cameras.csv in DESIGN.md order; export writes them all in this order. */
export const CAMERA_COLUMNS = [
  'code',
  'name',
  'lat',
  'lng',
  'heading_deg',
  'fov_deg',
  'anpr',
  'stream_url',
  'sub_stream_url',
  'block',
  'community',
  'kind',
  'owner',
  'notes'
] as const
export type CameraColumn = (typeof CAMERA_COLUMNS)[number]

/** cameras.csv column → camera field. */
export const FIELD_OF_COLUMN: Readonly<Record<CameraColumn, keyof CameraFields>> = {
  code: 'code',
  name: 'name',
  lat: 'lat',
  lng: 'lng',
  heading_deg: 'headingDeg',
  fov_deg: 'fovDeg',
  anpr: 'anpr',
  stream_url: 'streamUrl',
  sub_stream_url: 'subStreamUrl',
  block: 'block',
  community: 'community',
  kind: 'kind',
  owner: 'owner',
  notes: 'notes'
}

const REQUIRED_COLUMNS: readonly CameraColumn[] = ['code', 'name', 'lat', 'lng']

/** Header spellings seen in real spreadsheets, after {@link normalizeHeader}. */
const HEADER_ALIASES: Readonly<Record<string, CameraColumn>> = {
  camera_code: 'code',
  编号: 'code',
  编码: 'code',
  点位编号: 'code',
  设备编号: 'code',
  摄像机编号: 'code',
  名称: 'name',
  点位名称: 'name',
  设备名称: 'name',
  latitude: 'lat',
  纬度: 'lat',
  longitude: 'lng',
  lon: 'lng',
  long: 'lng',
  经度: 'lng',
  heading: 'heading_deg',
  朝向: 'heading_deg',
  方向角: 'heading_deg',
  fov: 'fov_deg',
  视场角: 'fov_deg',
  车牌识别: 'anpr',
  主码流: 'stream_url',
  主码流地址: 'stream_url',
  视频流地址: 'stream_url',
  子码流: 'sub_stream_url',
  子码流地址: 'sub_stream_url',
  片区: 'block',
  街区: 'block',
  社区: 'community',
  类型: 'kind',
  权属: 'owner',
  归属: 'owner',
  备注: 'notes'
}

const OWNER_WORDS: Readonly<Record<string, CameraOwner>> = {
  public: 'public',
  公共: 'public',
  公安: 'public',
  social: 'social',
  社会: 'social'
}

/** Maximum lengths of text cells, generous for real data, tight enough to catch a wrong column. */
export const CAMERA_TEXT_LIMITS = {
  code: 64,
  name: 200,
  block: 100,
  community: 100,
  kind: 50,
  notes: 2000
} as const

/**
 * One valid row. `filled` names the columns whose cell holds a value, so a
 * re-import can tell "the file says nothing" (absent column or blank cell)
 * from "the file says this".
 */
export type CameraCsvRow = { line: number; camera: CameraFields; filled: CameraColumn[] }

export type CamerasCsvResult = {
  /** valid rows in file order, with their 1-based line number */
  rows: CameraCsvRow[]
  /** row errors (capped at `maxErrors`, see `errorCount`) */
  errors: ImportRowError[]
  errorCount: number
  /** non-blank data rows read, valid or not */
  total: number
  /** header cells that are not WatchRoom columns, as written in the file */
  unknownColumns: string[]
  /** the WatchRoom columns the header carries */
  columns: CameraColumn[]
  encoding: TextEncodingName
}

export type ParseCamerasOptions = {
  maxErrors?: number
  /** told the share of the text read now and then (a 100 MB file takes seconds) */
  onProgress?: (fraction: number) => void
}

/** Resolves a header cell to a camera column, or null when unknown. */
export function cameraColumnOf(header: string): CameraColumn | null {
  const h = normalizeHeader(header)
  if ((CAMERA_COLUMNS as readonly string[]).includes(h)) return h as CameraColumn
  return lookup(HEADER_ALIASES, h) ?? null
}

/**
 * Parses and validates a cameras.csv file (any encoding {@link decodeText}
 * detects). Never throws: every problem is a typed row error. The caller
 * applies the all-or-nothing rule (commit only when `errorCount === 0`).
 */
export function parseCamerasCsv(buf: Uint8Array, opts: ParseCamerasOptions = {}): CamerasCsvResult {
  const { text, encoding } = decodeText(buf)
  return parseCamerasCsvText(text, encoding, opts)
}

/** As {@link parseCamerasCsv}, for text already decoded. */
export function parseCamerasCsvText(
  text: string,
  encoding: TextEncodingName = 'utf-8',
  opts: ParseCamerasOptions = {}
): CamerasCsvResult {
  const errors = new ErrorList(opts.maxErrors)
  const rows: CameraCsvRow[] = []
  const unknownColumns: string[] = []
  const seen = new Map<CameraColumn, number>()
  const result = (total: number): CamerasCsvResult => ({
    rows,
    errors: errors.errors,
    errorCount: errors.count,
    total,
    unknownColumns,
    columns: [...seen.keys()],
    encoding
  })

  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  let pos = 0
  let line = 1
  /** The next record and the line it starts on. */
  const nextRecord = () => {
    const rec = scanCsvRecord(text, pos, true)!
    const recLine = line
    pos = rec.end
    line += rec.newlines
    return { rec, recLine }
  }

  // header: the first non-blank record
  let header: string[] | null = null
  let headerLine = 1
  while (pos < text.length) {
    const { rec, recLine } = nextRecord()
    if (isBlankRecord(rec.fields)) continue
    header = rec.fields
    headerLine = recLine
    if (rec.unterminated)
      errors.add(recLine, null, 'malformed_csv', 'The header row has a quote that is never closed')
    break
  }
  if (header === null) {
    errors.add(1, null, 'empty_file', 'The file has no header row')
    return result(0)
  }

  // column index → camera column (null: unknown or empty header cell)
  const roles: (CameraColumn | null)[] = []
  const emptyHeaderCols: number[] = []
  header.forEach((cell, i) => {
    const name = cell.replace(/^\uFEFF/, '').trim()
    if (name.length === 0) {
      roles.push(null)
      emptyHeaderCols.push(i)
      return
    }
    const col = cameraColumnOf(name)
    if (col === null) {
      roles.push(null)
      unknownColumns.push(name)
      return
    }
    const first = seen.get(col)
    if (first !== undefined) {
      roles.push(null)
      errors.add(
        headerLine,
        col,
        'duplicate_column',
        `Header cell ${showValue(name)} (column ${i + 1}) repeats column "${col}" of column ${first + 1}`
      )
      return
    }
    seen.set(col, i)
    roles.push(col)
  })
  const missing = REQUIRED_COLUMNS.filter((c) => !seen.has(c))
  for (const c of missing) {
    errors.add(headerLine, c, 'missing_column', `The header has no "${c}" column`)
  }
  if (missing.length > 0) return result(0)

  const firstLineOfCode = new Map<string, number>()
  const usedEmptyCols = new Set<number>()
  let total = 0
  while (pos < text.length) {
    const { rec, recLine } = nextRecord()
    if (isBlankRecord(rec.fields)) continue
    total++
    if (opts.onProgress && total % 10_000 === 0) opts.onProgress(pos / text.length)
    const before = errors.count
    if (rec.unterminated) {
      errors.add(
        recLine,
        null,
        'malformed_csv',
        'A quoted cell is never closed (the rest of the file was read into it)'
      )
      continue
    }
    const cells: Partial<Record<CameraColumn, string>> = {}
    for (let i = 0; i < rec.fields.length; i++) {
      const value = rec.fields[i]
      if (i >= roles.length) {
        if (value.trim().length > 0) {
          errors.add(
            recLine,
            null,
            'extra_fields',
            `Cell ${i + 1} holds ${showValue(value)} but the header has only ${roles.length} columns`
          )
        }
        continue
      }
      const role = roles[i]!
      if (role !== null) cells[role] = value
      else if (emptyHeaderCols.includes(i) && value.trim().length > 0) usedEmptyCols.add(i)
    }
    const camera = validateCameraCells(cells, recLine, errors)
    if (camera !== null && errors.count === before) {
      const firstLine = firstLineOfCode.get(camera.code)
      if (firstLine !== undefined) {
        errors.add(
          recLine,
          'code',
          'duplicate_code',
          `Code ${showValue(camera.code)} is already used on line ${firstLine}`
        )
        continue
      }
      firstLineOfCode.set(camera.code, recLine)
      const filled = (Object.keys(cells) as CameraColumn[]).filter(
        (c) => cells[c]!.trim().length > 0
      )
      rows.push({ line: recLine, camera, filled })
    } else if (camera !== null && !firstLineOfCode.has(camera.code)) {
      // an invalid row still claims its code, so a later copy is reported too
      firstLineOfCode.set(camera.code, recLine)
    }
  }
  for (const i of usedEmptyCols) unknownColumns.push(`(column ${i + 1})`)
  return result(total)
}

/**
 * Validates the cells of one row. Returns the camera when the code could be
 * read (even if other cells are bad, so duplicate detection still works);
 * errors go to `errors`.
 */
function validateCameraCells(
  cells: Partial<Record<CameraColumn, string>>,
  line: number,
  errors: ErrorList
): CameraFields | null {
  const text = (
    col: CameraColumn,
    max: number,
    required: boolean,
    multiline = false
  ): string | null => {
    const raw = cells[col]
    const v = raw === undefined ? '' : unneutraliseFormula(raw.trim())
    if (v.length === 0) {
      if (required) errors.add(line, col, 'required', `Column "${col}" is empty`)
      return null
    }
    if (v.length > max) {
      errors.add(
        line,
        col,
        'too_long',
        `${showValue(v)} is ${v.length} characters long; at most ${max} are allowed`
      )
      return null
    }
    if (hasControlChars(v, multiline)) {
      errors.add(line, col, 'invalid_text', `${showValue(v)} contains control characters`)
      return null
    }
    return v
  }
  const num = (
    col: CameraColumn,
    required: boolean,
    ok: (n: number) => boolean,
    range: string
  ): number | null => {
    const raw = (cells[col] ?? '').trim()
    if (raw.length === 0) {
      if (required) errors.add(line, col, 'required', `Column "${col}" is empty`)
      return null
    }
    const n = parseDecimal(raw)
    if (n === null) {
      errors.add(line, col, 'invalid_number', `${showValue(raw)} is not a number`)
      return null
    }
    if (!ok(n)) {
      errors.add(line, col, 'out_of_range', `${raw} is outside ${range}`)
      return null
    }
    return n
  }
  const url = (col: CameraColumn): string | null => {
    const raw = (cells[col] ?? '').trim()
    if (raw.length === 0) return null
    if (!isStreamUrl(raw)) {
      errors.add(
        line,
        col,
        'invalid_url',
        `${showValue(raw)} is not an http(s)://, rtsp(s):// or demo:// URL with a host`
      )
      return null
    }
    return raw
  }

  const code = text('code', CAMERA_TEXT_LIMITS.code, true)
  const name = text('name', CAMERA_TEXT_LIMITS.name, true)
  const lat = num('lat', true, isLatitude, 'the latitude range -90..90')
  const lng = num('lng', true, isLongitude, 'the longitude range -180..180')
  const headingDeg = num('heading_deg', false, (n) => n >= 0 && n <= 360, '0..360 degrees')
  const fovDeg = num('fov_deg', false, (n) => n > 0 && n <= 360, '0 (exclusive)..360 degrees')

  let anpr = false
  const anprRaw = (cells.anpr ?? '').trim()
  if (anprRaw.length > 0) {
    const b = parseBooleanWord(anprRaw)
    if (b === null) {
      errors.add(
        line,
        'anpr',
        'invalid_boolean',
        `${showValue(anprRaw)} is not 1/0, true/false or yes/no`
      )
    } else anpr = b
  }

  const streamUrl = url('stream_url')
  const subStreamUrl = url('sub_stream_url')
  const block = text('block', CAMERA_TEXT_LIMITS.block, false)
  const community = text('community', CAMERA_TEXT_LIMITS.community, false)
  const kind = text('kind', CAMERA_TEXT_LIMITS.kind, false)

  let owner: CameraOwner | null = null
  const ownerRaw = unneutraliseFormula((cells.owner ?? '').trim())
  if (ownerRaw.length > 0) {
    const o = lookup(OWNER_WORDS, ownerRaw.toLowerCase())
    if (o === undefined) {
      errors.add(
        line,
        'owner',
        'invalid_owner',
        `${showValue(ownerRaw)} is neither "public" nor "social"`
      )
    } else owner = o
  }
  const notes = text('notes', CAMERA_TEXT_LIMITS.notes, false, true)

  if (code === null) return null
  return {
    code,
    name: name ?? '',
    lat: lat ?? 0,
    lng: lng ?? 0,
    headingDeg,
    fovDeg,
    anpr,
    streamUrl,
    subStreamUrl,
    block,
    community,
    kind,
    owner,
    notes
  }
}

/** Line ending of exported CSV: CRLF, as RFC 4180 and Excel write it. */
export const CSV_EOL = '\r\n'

/**
 * Writes cameras.csv: UTF-8 with a BOM (so Excel detects the encoding), CRLF
 * line endings, every column in DESIGN.md order, RFC 4180 quoting, and text
 * cells that a spreadsheet would run as a formula prefixed with `'`. Numbers
 * are written in JavaScript's shortest round-trip form, so parse(serialize(x))
 * gives back the same doubles.
 */
export function serializeCamerasCsv(cameras: readonly CameraFields[]): string {
  const out: string[] = ['\uFEFF' + CAMERA_COLUMNS.join(',')]
  const txt = (s: string | null): string => (s === null ? '' : quoteCsvCell(neutraliseFormula(s)))
  const num = (n: number | null): string => (n === null ? '' : String(n))
  for (const c of cameras) {
    out.push(
      [
        txt(c.code),
        txt(c.name),
        num(c.lat),
        num(c.lng),
        num(c.headingDeg),
        num(c.fovDeg),
        c.anpr ? '1' : '0',
        txt(c.streamUrl),
        txt(c.subStreamUrl),
        txt(c.block),
        txt(c.community),
        txt(c.kind),
        txt(c.owner),
        txt(c.notes)
      ].join(',')
    )
  }
  return out.join(CSV_EOL) + CSV_EOL
}
