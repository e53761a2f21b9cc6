import {
  HEADING_LABELS,
  PLATE_COLOR_LABELS,
  VEHICLE_BRAND_LABELS,
  VEHICLE_COLOR_LABELS,
  VEHICLE_TYPE_LABELS
} from '../../shared/domain/sighting'
import type { Heading, SightingAttributes, VocabularyLabel } from '../../shared/domain/sighting'
import { zoneFieldsFormatter } from '../../shared/domain/zoneClock'

/** Words checkpoint exports put where the classifier could not tell. */
const UNKNOWN_WORDS = new Set([
  '未知',
  '未识别',
  '无',
  '不详',
  '-',
  '--',
  'unknown',
  'none',
  'n/a',
  'null'
])

export type AttributeVocabulary = {
  field: keyof SightingAttributes
  /** the value, null for an "unknown" word, undefined for a word outside the vocabulary */
  read(raw: string): string | null | undefined
  /** read() of s[a, e), without making the substring when the word is written as in the table */
  readRange(s: string, a: number, e: number): string | null | undefined
  /** the accepted words, for error messages */
  words: string
}

function vocabulary(
  field: keyof SightingAttributes,
  labels: Record<string, VocabularyLabel>,
  extra: Record<string, string> = {},
  fallback?: (word: string) => string | undefined
): AttributeVocabulary {
  const table = new Map<string, string>()
  for (const [code, label] of Object.entries(labels)) {
    for (const w of [code, label.en, label['zh-CN']]) table.set(w.toLowerCase(), code)
    table.set(code, code)
    table.set(label['zh-CN'], code)
  }
  for (const [w, code] of Object.entries(extra)) table.set(w.toLowerCase(), code)
  const read = (raw: string): string | null | undefined => {
    const hit = table.get(raw)
    if (hit !== undefined) return hit
    // the slow path: full-width letters, upper case, a trailing 色 (白色) or 车 (SUV车)
    const w = raw.normalize('NFKC').trim().toLowerCase()
    if (w.length === 0 || UNKNOWN_WORDS.has(w)) return null
    const found = table.get(w) ?? table.get(w.replace(/[色车]$/, ''))
    if (found !== undefined) return found
    return fallback?.(w)
  }
  // the table's words by length and first character, compared in place: the
  // parser reads five words a row, and most are written exactly so
  const inPlace = new Map<number, [string, string][]>()
  for (const [w, code] of table) {
    const key = w.length * 0x10000 + w.charCodeAt(0)
    inPlace.set(key, [...(inPlace.get(key) ?? []), [w, code]])
  }
  const readRange = (s: string, a: number, e: number): string | null | undefined => {
    const list = inPlace.get((e - a) * 0x10000 + s.charCodeAt(a))
    if (list !== undefined)
      next: for (const [w, code] of list) {
        for (let i = 1; i < w.length; i++)
          if (s.charCodeAt(a + i) !== w.charCodeAt(i)) continue next
        return code
      }
    return read(s.slice(a, e))
  }
  const words = Object.entries(labels)
    .map(([code, l]) => `${code}/${l['zh-CN']}`)
    .join(', ')
  return { field, read, readRange, words }
}

const HEADING_CHARS: Record<string, Heading> = { 东: 'E', 南: 'S', 西: 'W', 北: 'N' }

/**
 * Where the vehicle was going: 由西向东 / 西向东 / 西至东 name the way it
 * went (east), 向东 / 往东 / 东行 / 东向 the same; a lone 东 is east.
 */
function readHeadingPhrase(w: string): Heading | undefined {
  const to = /(?:向|至|到|往|->|→)\s*([东南西北])/.exec(w)
  if (to) return HEADING_CHARS[to[1]]
  const lone = /^([东南西北])(?:向|行|行驶|方向)?$/.exec(w)
  if (lone) return HEADING_CHARS[lone[1]]
  return undefined
}

/** In SIGHTING_COLUMNS order from `direction` on. */
export const ATTRIBUTE_VOCABULARIES: readonly AttributeVocabulary[] = [
  vocabulary(
    'direction',
    HEADING_LABELS,
    { north: 'N', east: 'E', south: 'S', west: 'W', nb: 'N', eb: 'E', sb: 'S', wb: 'W' },
    readHeadingPhrase
  ),
  vocabulary('plateColor', PLATE_COLOR_LABELS, { 渐变绿: 'green', 黄绿: 'green' }),
  vocabulary('vehicleColor', VEHICLE_COLOR_LABELS, {
    grey: 'gray',
    其它: 'other',
    咖啡: 'brown',
    深灰: 'gray',
    浅灰: 'gray'
  }),
  vocabulary('vehicleType', VEHICLE_TYPE_LABELS, {
    小型轿车: 'sedan',
    car: 'sedan',
    越野车: 'suv',
    商务车: 'mpv',
    面包: 'van',
    其它: 'other',
    卡车: 'truck',
    大客车: 'bus',
    公交车: 'bus'
  }),
  vocabulary('vehicleBrand', VEHICLE_BRAND_LABELS, {
    vw: 'volkswagen',
    'mercedes benz': 'mercedes',
    benz: 'mercedes',
    梅赛德斯奔驰: 'mercedes',
    'li auto': 'li-auto',
    其它: 'other',
    上汽大众: 'volkswagen',
    一汽大众: 'volkswagen',
    广汽丰田: 'toyota',
    一汽丰田: 'toyota',
    广汽本田: 'honda',
    东风本田: 'honda',
    东风日产: 'nissan',
    上汽通用五菱: 'wuling',
    长安福特: 'ford',
    北京现代: 'hyundai',
    东风悦达起亚: 'kia',
    华晨宝马: 'bmw',
    北京奔驰: 'mercedes',
    一汽奥迪: 'audi',
    上汽通用别克: 'buick'
  })
]

const DIGIT0 = 48

function num(s: string, a: number, n: number): number {
  let v = 0
  for (let i = a; i < a + n; i++) {
    const d = s.charCodeAt(i) - DIGIT0
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
  }
  return v
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

/** ms east of UTC of a zone at an instant (Intl, so DST and history are right). */
function zoneOffsetAt(timeZone: string, epochMs: number): number {
  const parts = zoneFieldsFormatter(timeZone).formatToParts(new Date(epochMs))
  const f: Record<string, number> = {}
  for (const p of parts) if (p.type !== 'literal') f[p.type] = Number(p.value)
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second)
  return asUtc - Math.floor(epochMs / 1000) * 1000
}

/** Where the two-digit fields of a local time start, from its first character, and where it ends. */
type TimeLayout = {
  month: number
  day: number
  hour: number
  minute: number
  second: number
  end: number
}
/** `20260601140310` */
const COMPACT_TIME: TimeLayout = { month: 4, day: 6, hour: 8, minute: 10, second: 12, end: 14 }
/** `2026-06-01 14:03:10` (or / between the date's fields, T before the time) */
const SEPARATED_TIME: TimeLayout = { month: 5, day: 8, hour: 11, minute: 14, second: 17, end: 19 }

/**
 * A reader of wall-clock times without an offset, as checkpoint exports write
 * them (`2026-06-01 14:03:10`, `2026/06/01 14:03:10.5`, `20260601140310`), in
 * the room's zone. Zone offsets are cached per local hour, so a million rows
 * cost a handful of Intl calls.
 */
export function localTimeParser(timeZone: string): (s: string, a: number, e: number) => number {
  zoneFieldsFormatter(timeZone) // throws now on a zone Intl does not know
  const offsets = new Map<number, number>()
  const offsetForLocalHour = (localMs: number): number => {
    const key = Math.floor(localMs / 3_600_000)
    let off = offsets.get(key)
    if (off === undefined) {
      // two steps: the zone's offset near the instant, then at the instant it gives
      const guess = localMs - zoneOffsetAt(timeZone, localMs)
      off = zoneOffsetAt(timeZone, guess)
      offsets.set(key, off)
    }
    return off
  }
  return (s, a, e) => {
    let at: TimeLayout
    if (e - a >= 14 && num(s, a, 8) >= 0 && (e - a === 14 || s.charCodeAt(a + 14) === 46)) {
      at = COMPACT_TIME
    } else {
      if (e - a < 19) return NaN
      const sep = s.charCodeAt(a + 4)
      if ((sep !== 45 && sep !== 47) || s.charCodeAt(a + 7) !== sep) return NaN
      const t = s.charCodeAt(a + 10)
      if (t !== 32 && t !== 84 && t !== 116) return NaN
      if (s.charCodeAt(a + 13) !== 58 || s.charCodeAt(a + 16) !== 58) return NaN
      at = SEPARATED_TIME
    }
    const y = num(s, a, 4)
    const mo = num(s, a + at.month, 2)
    const d = num(s, a + at.day, 2)
    const h = num(s, a + at.hour, 2)
    const mi = num(s, a + at.minute, 2)
    const sec = num(s, a + at.second, 2)
    let i = a + at.end
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return NaN
    if (sec < 0 || sec > 59) return NaN
    let ms = 0
    if (i < e) {
      if (s.charCodeAt(i) !== 46) return NaN
      i++
      let k = 0
      for (; i < e; i++, k++) {
        const dg = s.charCodeAt(i) - DIGIT0
        if (dg < 0 || dg > 9) return NaN
        if (k < 3) ms = ms * 10 + dg
      }
      if (k === 0) return NaN
      if (k === 1) ms *= 100
      else if (k === 2) ms *= 10
    }
    // Date.UTC would roll 2026-02-30 over into March: such a date does not exist
    if (d > daysInMonth(y, mo)) return NaN
    const localMs = Date.UTC(y, mo - 1, d, h, mi, sec, ms)
    return localMs - offsetForLocalHour(localMs)
  }
}
