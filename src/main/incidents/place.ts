import type { Sql } from '../db/sql'
import type { IncidentFields } from '../../shared/domain/incident'
import type { LngLat } from '../../shared/domain/road'
import { ApiError } from '../../shared/ipc/errors'
import type { DerivedPlace } from './repository'
import { getCamera, nearestCameraBlock as nearestBlock } from '../cameras/repository'
import { getRoad } from '../roads/repository'

/** The middle vertex of a road's longest part: where a road-only place is pinned. */
function roadMidpoint(lines: LngLat[][]): LngLat | null {
  const longest = lines.reduce<LngLat[]>((a, b) => (b.length > a.length ? b : a), [])
  return longest[Math.floor(longest.length / 2)] ?? null
}

/** The form named a kind of place but not the place itself (reason place_<kind>_missing). */
const missing = (message: string, kind: 'camera' | 'road' | 'point') =>
  new ApiError('invalid_input', message, { reason: `place_${kind}_missing` })

/**
 * Derives what an incident stores from its place: a camera gives its own
 * block, community, name and position; a road or a map point takes the
 * block and community of the nearest camera.
 */
export async function derivePlace(
  sql: Sql,
  f: Pick<IncidentFields, 'placeKind' | 'cameraId' | 'roadId' | 'placeName' | 'lat' | 'lng'>
): Promise<DerivedPlace> {
  if (f.placeKind === 'camera') {
    if (f.cameraId === null) throw missing('A camera place needs a camera.', 'camera')
    const c = await getCamera(sql, f.cameraId)
    if (!c) throw new ApiError('not_found', `No camera ${f.cameraId}`)
    return {
      block: c.block,
      community: c.community,
      placeName: f.placeName.trim() || c.name,
      lat: c.lat,
      lng: c.lng
    }
  }
  if (f.placeKind === 'road') {
    if (f.roadId === null) throw missing('A road place needs a road.', 'road')
    const r = await getRoad(sql, f.roadId)
    if (!r) throw new ApiError('not_found', `No road ${f.roadId}`)
    const mid =
      f.lat !== null && f.lng !== null ? ([f.lng, f.lat] as LngLat) : roadMidpoint(r.lines)
    const near = mid ? await nearestBlock(sql, mid[1], mid[0]) : { block: null, community: null }
    return {
      ...near,
      placeName: f.placeName.trim() || r.name,
      lat: mid?.[1] ?? null,
      lng: mid?.[0] ?? null
    }
  }
  if (f.lat === null || f.lng === null) throw missing('A map point needs a position.', 'point')
  return {
    ...(await nearestBlock(sql, f.lat, f.lng)),
    placeName: f.placeName.trim(),
    lat: f.lat,
    lng: f.lng
  }
}
