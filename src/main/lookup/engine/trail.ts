import { sightingAttributes } from '../../../shared/domain/sighting'
import type { TrailPoint } from '../../../shared/lookup/types'
import type { SightingStore } from './memoryStore'
import { matchPlates, normalizePlate, plateVariants } from './plates'

export type TrailOptions = {
  /** ms, camera clock minus true time: reads are ordered by corrected time */
  clockOffsets?: ReadonlyMap<string, number>
  /** with fuzzy matching, only look-alike substitutions (fewer false matches) */
  lookAlikeOnly?: boolean
}

/**
 * Every read of a plate in [fromMs, toMs], in true-time order. With fuzzy
 * matching, reads one character away count too (look-alikes flagged), since
 * a misread is exactly what breaks a trail in two.
 */
export function trail(
  store: SightingStore,
  plate: string,
  fromMs: number,
  toMs: number,
  fuzzy = true,
  options: TrailOptions = {}
): TrailPoint[] {
  const p = normalizePlate(plate)
  const offsets = options.clockOffsets ?? new Map<string, number>()
  const wanted = fuzzy ? [p, ...plateVariants(p, { lookAlikeOnly: options.lookAlikeOnly })] : [p]
  // widen by the largest clock offset so corrected times inside the range are not cut off
  let pad = 0
  for (const v of offsets.values()) pad = Math.max(pad, Math.abs(v))
  const points: TrailPoint[] = []
  for (const s of store.byPlates(wanted, fromMs - pad, toMs + pad)) {
    const trueTs = s.ts - (offsets.get(s.cameraCode) ?? 0)
    if (trueTs < fromMs || trueTs > toMs) continue
    const m = matchPlates(p, s.plate)
    points.push({
      cameraCode: s.cameraCode,
      ts: s.ts,
      trueTs,
      plate: s.plate,
      confidence: s.confidence,
      ...sightingAttributes(s),
      fuzzy: m !== null && m.subs > 0,
      lookAlike: m?.lookAlike ?? false
    })
  }
  points.sort((a, b) => a.trueTs - b.trueTs || (a.cameraCode < b.cameraCode ? -1 : 1))
  return points
}
