/**
 * Hints and checkpoint attributes in words: the shared vocabularies carry
 * each value's zh-CN and en label (the words Chinese checkpoint exports use).
 */
import {
  HEADING_LABELS,
  PLATE_COLOR_LABELS,
  VEHICLE_BRAND_LABELS,
  VEHICLE_COLOR_LABELS,
  VEHICLE_TYPE_LABELS,
  type VocabularyLabel
} from '../../../../../shared/domain/sighting'
import type { LookupHints } from '../../../../../shared/lookup/types'

export type Lang = 'zh-CN' | 'en'
export const HINT_KEYS = ['color', 'type', 'brand', 'heading', 'plate'] as const

const VOCABULARY: Record<Exclude<keyof LookupHints, 'plate'>, Record<string, VocabularyLabel>> = {
  color: VEHICLE_COLOR_LABELS,
  type: VEHICLE_TYPE_LABELS,
  brand: VEHICLE_BRAND_LABELS,
  heading: HEADING_LABELS
}

/** A hint's (or a read attribute's) value in the reader's language; plates as they are. */
export function hintValueLabel(hint: keyof LookupHints, value: string, lang: Lang): string {
  if (hint === 'plate') return value
  return VOCABULARY[hint][value]?.[lang] ?? value
}

export const plateColorLabel = (v: string, lang: Lang) =>
  PLATE_COLOR_LABELS[v as keyof typeof PLATE_COLOR_LABELS]?.[lang] ?? v

/** The hints actually given (empty strings and unset fields dropped); undefined when none. */
export function cleanHints(h: LookupHints): LookupHints | undefined {
  const out: LookupHints = {}
  if (h.color) out.color = h.color
  if (h.type) out.type = h.type
  if (h.brand) out.brand = h.brand
  if (h.heading) out.heading = h.heading
  const plate = h.plate?.trim().toUpperCase()
  if (plate) out.plate = plate
  return Object.keys(out).length ? out : undefined
}

/**
 * Why a typed plate pattern is refused, or null when it is fine: the same
 * rules as the API's (letters, digits, Chinese and `?`, one known at least).
 */
export function platePatternProblem(p: string): 'chars' | 'length' | 'unknownOnly' | null {
  const v = p.trim()
  if (!v) return null
  if (v.length < 2 || v.length > 16) return 'length'
  if (!/^[\p{L}\p{N}?？]+$/u.test(v)) return 'chars'
  if (!/[^?？]/.test(v)) return 'unknownOnly'
  return null
}

/** Full-width question marks (as Chinese keyboards type them) become `?`. */
export const normalizePattern = (p: string) => p.replace(/？/g, '?').toUpperCase()
