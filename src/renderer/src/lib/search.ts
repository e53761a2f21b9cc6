import type { ReactNode } from 'react'
import { pinyin } from 'pinyin-pro'

const initialsCache = new Map<string, string>()

/** Pinyin initials of a Chinese string, e.g. 金城路 → jcl (non-Chinese kept). */
export function pinyinInitials(s: string): string {
  let v = initialsCache.get(s)
  if (v === undefined) {
    v = pinyin(s, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase()
    initialsCache.set(s, v)
  }
  return v
}

/**
 * Whether any field matches the query: as a substring (code, Chinese name),
 * or by pinyin initials (typing `jcl` finds 金城路).
 */
export function matchesSearch(query: string, fields: readonly string[]): boolean {
  const q = query.trim().toLowerCase()
  if (!q) return true
  return fields.some((f) => f.toLowerCase().includes(q) || pinyinInitials(f).includes(q))
}

/** A select's `filterOption`: the option's text label matches what was typed, pinyin initials too. */
export function labelMatches(input: string, option?: { label?: ReactNode }): boolean {
  const label = option?.label
  return matchesSearch(input, [
    typeof label === 'string' || typeof label === 'number' ? String(label) : ''
  ])
}
