/** Local equirectangular projection around a centre: metres east/north. Fine at district scale. */
export type Projection = {
  toXY(lng: number, lat: number): [number, number]
  toLngLat(x: number, y: number): [number, number]
}

const R = 6371008.8
const RAD = Math.PI / 180

export function createProjection(centreLng: number, centreLat: number): Projection {
  const kx = R * RAD * Math.cos(centreLat * RAD)
  const ky = R * RAD
  return {
    // y grows southwards on screen
    toXY: (lng, lat) => [(lng - centreLng) * kx, -(lat - centreLat) * ky],
    toLngLat: (x, y) => [centreLng + x / kx, centreLat - y / ky]
  }
}

/** Bounding box centre of a set of [lng, lat] points. */
export function centreOf(points: Iterable<readonly [number, number]>): [number, number] | null {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const [x, y] of points) {
    minX = Math.min(minX, x)
    maxX = Math.max(maxX, x)
    minY = Math.min(minY, y)
    maxY = Math.max(maxY, y)
  }
  return Number.isFinite(minX) ? [(minX + maxX) / 2, (minY + maxY) / 2] : null
}
