/**
 * Plate matching that tolerates one misread character. ANPR misreads are
 * dominated by glyphs that look alike, so those substitutions are cheap and
 * any other single substitution is dear.
 */

/**
 * Groups of characters an ANPR engine confuses with each other: letters and
 * digits of similar shape, and digits that differ by a stroke or a gap
 * (3/8, 5/6, 6/8, 0/9, 2/7) as segment-level OCR errors go.
 */
export const LOOK_ALIKE_GROUPS: readonly string[] = [
  '8B',
  '0DQO',
  '5S',
  '2Z',
  '1IL7T',
  '6G',
  '4A',
  'UV',
  'MNH',
  'EF',
  'KX',
  'CG',
  '3E',
  '9P',
  '38',
  '56',
  '68',
  '09',
  '27',
  'YV'
]

const LOOK_ALIKE = new Map<string, Set<string>>()
for (const g of LOOK_ALIKE_GROUPS) {
  for (const c of g) {
    const s = LOOK_ALIKE.get(c) ?? new Set<string>()
    for (const d of g) if (d !== c) s.add(d)
    LOOK_ALIKE.set(c, s)
  }
}

export function isLookAlike(a: string, b: string): boolean {
  return LOOK_ALIKE.get(a)?.has(b) ?? false
}

/** Upper case, no blanks or separators: "浙A·123 45" → "浙A12345". */
export function normalizePlate(p: string): string {
  return p.replace(/[\s·•.\-_]/g, '').toUpperCase()
}

export type PlateMatch = {
  /** 0 identical, 1 one substitution */
  subs: 0 | 1
  /** the one substitution is between look-alike characters */
  lookAlike: boolean
  /** index of the differing character, -1 when identical */
  at: number
}

/** How `b` relates to `a` when they differ in at most one character (same length), else null. */
export function matchPlates(a: string, b: string): PlateMatch | null {
  if (a === b) return { subs: 0, lookAlike: false, at: -1 }
  const ca = [...a]
  const cb = [...b]
  if (ca.length !== cb.length) return null
  let at = -1
  for (let i = 0; i < ca.length; i++) {
    if (ca[i] !== cb[i]) {
      if (at >= 0) return null
      at = i
    }
  }
  return { subs: 1, lookAlike: isLookAlike(ca[at], cb[at]), at }
}

/**
 * Keys shared by plates that differ in at most one position: the plate with
 * each character in turn replaced by a wildcard. Two plates are within one
 * substitution iff they share a key.
 */
export function wildcardKeys(plate: string): string[] {
  const keys: string[] = []
  // plates are BMP text (CJK province + ASCII): code units are characters
  if (!/[\ud800-\udfff]/.test(plate)) {
    for (let i = 0; i < plate.length; i++)
      keys.push(plate.slice(0, i) + '\u0000' + plate.slice(i + 1))
    return keys
  }
  const c = [...plate]
  for (let i = 0; i < c.length; i++)
    keys.push(`${c.slice(0, i).join('')}\u0000${c.slice(i + 1).join('')}`)
  return keys
}

const HASH_BASE = 131
const HASH_MOD = 67108859 // a prime below 2^26: products stay exact in doubles

/**
 * wildcardKeys as numbers: one per position, a hash of the code points on
 * either side of it. Equal keys give equal hashes; unequal keys may collide
 * (rarely), so callers confirm with matchPlates. No strings are built, which
 * matters when every plate of a lookup is indexed.
 */
export function wildcardHashes(plate: string): number[] {
  const cps: number[] = []
  for (let i = 0; i < plate.length; i++) {
    const c = plate.codePointAt(i) as number
    cps.push(c % HASH_MOD)
    if (c > 0xffff) i++
  }
  const out: number[] = []
  for (let i = 0; i < cps.length; i++) {
    let h = 0
    for (let j = 0; j < cps.length; j++) if (j !== i) h = (h * HASH_BASE + cps[j]) % HASH_MOD
    out.push(h * 64 + Math.min(i, 63))
  }
  return out
}

const PLATE_ALPHABET = [...'0123456789ABCDEFGHJKLMNPQRSTUVWXYZ']
/** Province abbreviations of Chinese plates, for a misread first character. */
const PROVINCES = [...'京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼']

/**
 * All plates one substitution away, look-alikes first. Used to ask a store
 * that only matches exact plates for the reads of a plate under any single
 * misread.
 */
export function plateVariants(plate: string, opts: { lookAlikeOnly?: boolean } = {}): string[] {
  const c = [...plate]
  const near: string[] = []
  const far: string[] = []
  for (let i = 0; i < c.length; i++) {
    const alphabet = /[\u4e00-\u9fff]/.test(c[i]) ? PROVINCES : PLATE_ALPHABET
    for (const d of alphabet) {
      if (d === c[i]) continue
      const v = [...c.slice(0, i), d, ...c.slice(i + 1)].join('')
      if (isLookAlike(c[i], d)) near.push(v)
      else if (!opts.lookAlikeOnly) far.push(v)
    }
    // look-alikes outside the alphabet (I, O) are still worth asking for: engines emit them
    for (const d of LOOK_ALIKE.get(c[i]) ?? []) {
      if (!alphabet.includes(d)) near.push([...c.slice(0, i), d, ...c.slice(i + 1)].join(''))
    }
  }
  return [...near, ...far]
}

export type PatternMatch = {
  /** known characters of the pattern the plate does not have */
  misses: number
  /** …of which look-alikes (a witness, like a camera, confuses 8 and B) */
  lookAlikeMisses: number
}

/**
 * How a plate fits a witness's pattern (`浙A?3??8`, `?` for a character not
 * seen): null when the lengths differ, else the known characters it misses.
 */
export function matchPattern(pattern: string, plate: string): PatternMatch | null {
  const p = [...pattern]
  const c = [...plate]
  if (p.length !== c.length) return null
  let misses = 0
  let lookAlikeMisses = 0
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '?' || p[i] === c[i]) continue
    misses++
    if (isLookAlike(p[i], c[i])) lookAlikeMisses++
  }
  return { misses, lookAlikeMisses }
}
