import type { Road } from '../../../../../shared/domain/road'

const R = 6371008.8
const RAD = Math.PI / 180

/**
 * The name of the road nearest each camera (within `maxMetres`), so that
 * typing a road finds its cameras even when their names do not say it.
 * Segments are bucketed in a grid of `cell` metres: linear in cameras and
 * segments instead of their product.
 */
export function nearestRoadNames(
  cameras: readonly { id: number; lat: number; lng: number }[],
  roads: readonly Road[],
  maxMetres = 40,
  cell = 100
): Map<number, string> {
  const out = new Map<number, string>()
  if (cameras.length === 0 || roads.length === 0) return out
  const lat0 = cameras[0].lat
  const kx = R * RAD * Math.cos(lat0 * RAD)
  const ky = R * RAD
  const grid = new Map<string, { ax: number; ay: number; bx: number; by: number; name: string }[]>()
  for (const r of roads) {
    if (!r.name) continue
    for (const line of r.lines)
      for (let i = 1; i < line.length; i++) {
        const [alng, alat] = line[i - 1]
        const [blng, blat] = line[i]
        const s = { ax: alng * kx, ay: alat * ky, bx: blng * kx, by: blat * ky, name: r.name }
        const x0 = Math.floor((Math.min(s.ax, s.bx) - maxMetres) / cell)
        const x1 = Math.floor((Math.max(s.ax, s.bx) + maxMetres) / cell)
        const y0 = Math.floor((Math.min(s.ay, s.by) - maxMetres) / cell)
        const y1 = Math.floor((Math.max(s.ay, s.by) + maxMetres) / cell)
        // a very long segment is rare in city data; cap the cells it may fill
        if ((x1 - x0 + 1) * (y1 - y0 + 1) > 400) continue
        for (let x = x0; x <= x1; x++)
          for (let y = y0; y <= y1; y++) {
            const k = `${x},${y}`
            let a = grid.get(k)
            if (!a) grid.set(k, (a = []))
            a.push(s)
          }
      }
  }
  for (const c of cameras) {
    const px = c.lng * kx
    const py = c.lat * ky
    let best = maxMetres * maxMetres
    let name: string | undefined
    for (const s of grid.get(`${Math.floor(px / cell)},${Math.floor(py / cell)}`) ?? []) {
      const dx = s.bx - s.ax
      const dy = s.by - s.ay
      const len = dx * dx + dy * dy
      const t =
        len === 0 ? 0 : Math.max(0, Math.min(1, ((px - s.ax) * dx + (py - s.ay) * dy) / len))
      const ex = s.ax + t * dx - px
      const ey = s.ay + t * dy - py
      const d = ex * ex + ey * ey
      if (d <= best) {
        best = d
        name = s.name
      }
    }
    if (name) out.set(c.id, name)
  }
  return out
}
