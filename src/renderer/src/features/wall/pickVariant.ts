import type { StreamVariant } from '../../../../shared/domain/stream'

/**
 * The smallest variant whose resolution covers the tile's size on screen
 * (in device pixels); the largest when none does. Variants of unknown size
 * (external sub/main pairs) are chosen by order: sub for tiles under 640
 * device pixels wide, main otherwise.
 */
export function pickVariant(
  variants: readonly StreamVariant[],
  tile: { width: number; height: number },
  devicePixelRatio = 1
): StreamVariant | null {
  if (variants.length === 0) return null
  const w = tile.width * devicePixelRatio
  const h = tile.height * devicePixelRatio
  const known = variants.filter((v) => v.width !== null && v.height !== null)
  if (known.length === variants.length) {
    const sorted = [...known].sort((a, b) => (a.width ?? 0) * (a.height ?? 0) - (b.width ?? 0) * (b.height ?? 0))
    // 10 % slack: a 356-px tile does not need the 640-px stream
    return sorted.find((v) => (v.width ?? 0) >= w * 0.9 && (v.height ?? 0) >= h * 0.9) ?? sorted[sorted.length - 1] ?? null
  }
  if (variants.length === 1) return variants[0] ?? null
  return w < 640 ? (variants[0] ?? null) : (variants[variants.length - 1] ?? null)
}
