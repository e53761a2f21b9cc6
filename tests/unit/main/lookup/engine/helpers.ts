import type { RoadFields, Oneway } from '../../../../../src/shared/domain/road'
import type { Sighting } from '../../../../../src/shared/domain/sighting'
import type { GraphCamera } from '../../../../../src/main/lookup/engine/graph'

/** Hand-made maps are drawn in metres east/north of this point. */
const LNG0 = 120.26
const LAT0 = 30.18
const R = 6371008.8
const KY = (R * Math.PI) / 180
const KX = KY * Math.cos((LAT0 * Math.PI) / 180)

export function ll(x: number, y: number): [number, number] {
  return [LNG0 + x / KX, LAT0 + y / KY]
}

export function road(
  id: string,
  pts: [number, number][],
  opts: { oneway?: Oneway; speedKmh?: number; kind?: string; name?: string } = {}
): RoadFields {
  return {
    externalId: id,
    name: opts.name ?? id,
    oneway: opts.oneway ?? 'no',
    speedKmh: opts.speedKmh ?? 36,
    kind: opts.kind ?? 'road',
    lines: [pts.map(([x, y]) => ll(x, y))]
  }
}

/** A straight two-way street from (x1, y1) to (x2, y2). */
export function street(id: string, x1: number, y1: number, x2: number, y2: number): RoadFields {
  return road(id, [
    [x1, y1],
    [x2, y2]
  ])
}

export function cam(code: string, x: number, y: number, anpr = true): GraphCamera {
  const [lng, lat] = ll(x, y)
  return { code, name: code, lat, lng, anpr, headingDeg: null }
}

export const T0 = Date.UTC(2026, 5, 1, 6, 0, 0) // 14:00 +08:00

export function read(
  cameraCode: string,
  atS: number,
  plate: string,
  confidence: number | null = 0.9
): Sighting {
  return { cameraCode, ts: T0 + Math.round(atS * 1000), plate, confidence }
}

/** Small deterministic PRNG (mulberry32) so synthetic traffic is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * A 4 x 4 grid of two-way streets 200 m apart at 36 km/h (10 m/s), a plate
 * camera at every junction, named J<col><row>.
 */
export function grid(): { roads: RoadFields[]; cameras: GraphCamera[] } {
  const roads: RoadFields[] = []
  const cameras: GraphCamera[] = []
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      cameras.push(cam(`J${i}${j}`, i * 200, j * 200))
      if (i < 3)
        roads.push(
          road(`H${i}${j}`, [
            [i * 200, j * 200],
            [(i + 1) * 200, j * 200]
          ])
        )
      if (j < 3)
        roads.push(
          road(`V${i}${j}`, [
            [i * 200, j * 200],
            [i * 200, (j + 1) * 200]
          ])
        )
    }
  }
  return { roads, cameras }
}
