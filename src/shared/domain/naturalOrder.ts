/**
 * The order people expect of camera codes and place names, whatever scheme a
 * district uses: `A9` before `A10`, `HK-9` before `HK-12`, `3301060002` before
 * `3301060012`, 第二片区 before 第十片区, Chinese by pinyin and before Latin
 * (the zh-CN collation).
 * Nothing here knows the demo's `BG-0001` codes.
 */

const CN_DIGIT: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9
}
const CN_UNIT: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 }

/**
 * A run of Chinese numerals read as a number: 十一 → 11, 二十 → 20,
 * 一百零五 → 105; without 十/百/千 it is read digit by digit (一〇一 → 101).
 */
export function chineseNumeral(run: string): number {
  if (!/[十百千]/.test(run)) return Number([...run].map((c) => CN_DIGIT[c] ?? 0).join(''))
  let total = 0
  let digit = 0
  for (const c of run) {
    const unit = CN_UNIT[c]
    if (unit === undefined) digit = CN_DIGIT[c] ?? 0
    else {
      total += (digit || 1) * unit
      digit = 0
    }
  }
  return total + digit
}

/*
 * Numerals only where they count something (第…, or before 区/号/期/栋…): 九龙社区
 * and 一中路 are names, and reading them as 9 and 1 would pull them to the front.
 */
const COUNTED =
  /(?<=第)[零〇一二三四五六七八九十百千]+|[零〇一二三四五六七八九十百千]+(?=[区号期栋幢楼层组队片村站])/gu

const keys = new Map<string, string>()

/** The string the collator compares: full-width forms folded, counted Chinese numerals as digits. */
function sortKey(s: string): string {
  let k = keys.get(s)
  if (k === undefined) {
    k = s.normalize('NFKC').replace(COUNTED, (run) => String(chineseNumeral(run)))
    // names and codes are a bounded set (the registry's); the cap only guards odd callers
    if (keys.size > 20_000) keys.clear()
    keys.set(s, k)
  }
  return k
}

const collator = new Intl.Collator('zh-CN', { numeric: true, sensitivity: 'base' })

/** Natural order of two strings; total (equal only for equal strings), so sorts are stable across runs. */
export function naturalCompare(a: string, b: string): number {
  if (a === b) return 0
  return collator.compare(sortKey(a), sortKey(b)) || collator.compare(a, b) || (a < b ? -1 : 1)
}

/** `naturalCompare` with "not assigned" (null or empty) after every name. */
export function naturalCompareBlankLast(
  a: string | null | undefined,
  b: string | null | undefined
): number {
  const blankA = a === null || a === undefined || a === ''
  const blankB = b === null || b === undefined || b === ''
  if (blankA || blankB) return blankA === blankB ? 0 : blankA ? 1 : -1
  return naturalCompare(a, b)
}
