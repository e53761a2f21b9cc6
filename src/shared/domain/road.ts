/** Travel direction allowed along a road's digitized vertex order. */
export const ONEWAY_VALUES = ['no', 'forward', 'backward'] as const
export type Oneway = (typeof ONEWAY_VALUES)[number]

/** [lng, lat] in WGS84, as in GeoJSON. */
export type LngLat = [number, number]

/** A road as stored: one GeoJSON feature, normalized. */
export type RoadFields = {
  /** the feature's `id` property (or feature id); generated when absent */
  externalId: string
  name: string
  oneway: Oneway
  speedKmh: number
  /** `road`, or `parking` for a car-park exit ramp; other values are kept */
  kind: string | null
  /** one or more polylines (MultiLineString parts) */
  lines: LngLat[][]
}

export type Road = RoadFields & { id: number; createdAt: number; updatedAt: number }
