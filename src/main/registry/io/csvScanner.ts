/**
 * The CSV scanner shared by the camera and sighting parsers: RFC 4180 records
 * scanned from decoded text, header normalising, and the cell quoting and
 * formula neutralising of exports.
 */

/** One CSV record scanned from text. */
export type CsvRecord = {
  fields: string[]
  /** index just past the record's line terminator (or the end of the text) */
  end: number
  /** line breaks consumed, including those inside quoted fields */
  newlines: number
  /** a quoted field was still open at the end of the text */
  unterminated: boolean
}

const QUOTE = 34
const COMMA = 44
const CR = 13
const LF = 10

/**
 * Scans one RFC 4180 record starting at `start`. Returns null when the text
 * ends before the record does and `final` is false (the caller has more text
 * coming). Lenient where Excel and hand edits are: a quote inside an unquoted
 * field is literal, and text after a closing quote is appended.
 */
export function scanCsvRecord(text: string, start: number, final: boolean): CsvRecord | null {
  const fields: string[] = []
  const n = text.length
  let i = start
  let newlines = 0
  let field = ''
  for (;;) {
    if (i < n && text.charCodeAt(i) === QUOTE) {
      i++
      for (;;) {
        const q = text.indexOf('"', i)
        if (q < 0) {
          if (!final) return null
          field += text.slice(i)
          newlines += countNewlines(text, i, n)
          fields.push(field)
          return { fields, end: n, newlines, unterminated: true }
        }
        if (q + 1 >= n && !final) return null
        field += text.slice(i, q)
        newlines += countNewlines(text, i, q)
        if (text.charCodeAt(q + 1) === QUOTE) {
          field += '"'
          i = q + 2
          continue
        }
        i = q + 1
        break
      }
    }
    // unquoted part (or what follows a closing quote) up to the delimiter
    let j = i
    while (j < n) {
      const c = text.charCodeAt(j)
      if (c === COMMA || c === LF || c === CR) break
      j++
    }
    field += text.slice(i, j)
    fields.push(field)
    field = ''
    if (j >= n) {
      if (!final) return null
      return { fields, end: n, newlines, unterminated: false }
    }
    const c = text.charCodeAt(j)
    if (c === COMMA) {
      i = j + 1
      continue
    }
    if (c === CR) {
      if (j + 1 >= n && !final) return null
      newlines++
      return {
        fields,
        end: text.charCodeAt(j + 1) === LF ? j + 2 : j + 1,
        newlines,
        unterminated: false
      }
    }
    newlines++
    return { fields, end: j + 1, newlines, unterminated: false }
  }
}

/** Counts line breaks (CRLF, LF or lone CR) in text[from, to). */
export function countNewlines(text: string, from: number, to: number): number {
  let count = 0
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k)
    if (c === LF) count++
    else if (c === CR && text.charCodeAt(k + 1) !== LF) count++
  }
  return count
}

/** True when every cell is empty or blank (Excel leaves ",,,," rows behind). */
export function isBlankRecord(fields: readonly string[]): boolean {
  for (const f of fields) if (f.trim().length > 0) return false
  return true
}

/** A header cell normalised for matching: trimmed, lower case, spaces and dashes as underscores. */
export function normalizeHeader(raw: string): string {
  return raw
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
}

/** Quotes a CSV cell when it holds a delimiter, quote, line break or edge spaces. */
export function quoteCsvCell(s: string): string {
  if (/[",\r\n]|^\s|\s$/.test(s)) return `"${s.replace(/"/g, '""')}"`
  return s
}

// Leading apostrophes are included so that neutralising stays reversible:
// "'=x" (a real value) is written as "''=x" and read back as "'=x".
const FORMULA_RE = /^'*[=+\-@\t\r]/
const NEUTRALISED_RE = /^'+[=+\-@\t\r]/

/**
 * Prefixes `'` to a text cell a spreadsheet would run as a formula
 * (CSV injection: = + - @ tab CR).
 */
export function neutraliseFormula(s: string): string {
  return FORMULA_RE.test(s) ? `'${s}` : s
}

/** Undoes {@link neutraliseFormula} on import, so that export → import round-trips. */
export function unneutraliseFormula(s: string): string {
  return NEUTRALISED_RE.test(s) ? s.slice(1) : s
}
