/**
 * Greedy label placement on screen: labels are tried in priority order and
 * kept only where they overlap no label already kept, using a uniform grid
 * so the cost stays linear in the number of candidates. Pure.
 */
export type LabelBox = { x: number; y: number; w: number; h: number }

export function declutter(
  boxes: readonly LabelBox[],
  order: readonly number[],
  cell = 64
): number[] {
  const grid = new Map<number, LabelBox[]>()
  const key = (cx: number, cy: number) => cx * 100_003 + cy
  const kept: number[] = []
  for (const i of order) {
    const b = boxes[i]
    if (!b) continue
    const x0 = Math.floor(b.x / cell)
    const x1 = Math.floor((b.x + b.w) / cell)
    const y0 = Math.floor(b.y / cell)
    const y1 = Math.floor((b.y + b.h) / cell)
    let hit = false
    for (let cx = x0; cx <= x1 && !hit; cx++)
      for (let cy = y0; cy <= y1 && !hit; cy++)
        for (const o of grid.get(key(cx, cy)) ?? [])
          if (b.x < o.x + o.w && o.x < b.x + b.w && b.y < o.y + o.h && o.y < b.y + b.h) {
            hit = true
            break
          }
    if (hit) continue
    kept.push(i)
    for (let cx = x0; cx <= x1; cx++)
      for (let cy = y0; cy <= y1; cy++) {
        const k = key(cx, cy)
        let a = grid.get(k)
        if (!a) grid.set(k, (a = []))
        a.push(b)
      }
  }
  return kept
}
