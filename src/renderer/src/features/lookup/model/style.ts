/** Colours of the lookup map, by hop: first cameras out of the origin warmest. */
export const HOP_COLORS = [
  '#ff4d4f',
  '#fa8c16',
  '#fadb14',
  '#52c41a',
  '#13c2c2',
  '#2f54eb'
] as const

export function hopColor(hops: number): string {
  return HOP_COLORS[Math.min(HOP_COLORS.length - 1, Math.max(0, hops - 1))]
}

export const ORIGIN_COLOR = '#eb2f96'
export const TRAIL_COLOR = '#40a9ff'
export const EXIT_COLOR = '#9254de'
