import type { StreamVariant } from '../../../../shared/domain/stream'

/** The picture's box inside a tile (object-fit: contain) for a stream of this aspect. */
function containedBox(
  tile: { width: number; height: number },
  aspect: number
): { width: number; height: number } {
  const width = Math.min(tile.width, tile.height * aspect)
  return { width, height: width / aspect }
}

/**
 * The smallest variant whose resolution covers the picture's size on screen
 * (in device pixels, as drawn with object-fit: contain); the largest when
 * none does. Variants of unknown size (external sub/main pairs) are chosen by
 * order: sub for tiles under 640 device pixels wide, main otherwise.
 */
export function pickVariant(
  variants: readonly StreamVariant[],
  tile: { width: number; height: number },
  devicePixelRatio = 1
): StreamVariant | null {
  if (variants.length === 0) return null
  const device = { width: tile.width * devicePixelRatio, height: tile.height * devicePixelRatio }
  const known = variants.filter((v) => v.width !== null && v.height !== null)
  if (known.length === variants.length) {
    const sorted = [...known].sort(
      (a, b) => (a.width ?? 0) * (a.height ?? 0) - (b.width ?? 0) * (b.height ?? 0)
    )
    const covers = (v: StreamVariant) => {
      const box = containedBox(device, (v.width ?? 1) / (v.height ?? 1))
      // 10 % slack: a 280-px picture does not need the 640-px stream
      return (v.width ?? 0) >= box.width * 0.9 && (v.height ?? 0) >= box.height * 0.9
    }
    return sorted.find(covers) ?? sorted[sorted.length - 1] ?? null
  }
  if (variants.length === 1) return variants[0] ?? null
  return device.width < 640 ? (variants[0] ?? null) : (variants[variants.length - 1] ?? null)
}
