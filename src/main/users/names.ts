/**
 * User names: stored NFKC-normalised (full-width ａｄｍｉｎ is admin), and a
 * new name that looks like an existing one (Cyrillic а for Latin a, 0 for o,
 * a different case) is refused, so nobody can pose as another account in
 * the audit trail.
 */

export const normalizeUsername = (name: string): string => name.normalize('NFKC').trim()

// Letters that render like Latin ones in common UI fonts (Cyrillic, Greek), and digits like letters.
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  і: 'i',
  ј: 'j',
  ѕ: 's',
  ԁ: 'd',
  ɡ: 'g',
  ӏ: 'l',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  '0': 'o',
  '1': 'l',
  i: 'l',
  '|': 'l',
  '5': 's',
  _: '-',
  '.': '-'
}

/** What a name looks like: two names with the same skeleton are confusable. */
export function usernameSkeleton(name: string): string {
  let out = ''
  for (const ch of normalizeUsername(name).toLowerCase().normalize('NFD')) {
    // combining marks (é → e) do not make a name distinct to the eye
    if (/\p{M}/u.test(ch)) continue
    out += CONFUSABLES[ch] ?? ch
  }
  return out.replace(/rn/g, 'm').replace(/vv/g, 'w')
}

/** The existing name a new one could be mistaken for, if any. */
export function confusableWith(name: string, existing: readonly string[]): string | undefined {
  const s = usernameSkeleton(name)
  return existing.find((e) => usernameSkeleton(e) === s)
}
