import type { Sql } from '../db/sql'
import { listRoads } from '../roads/repository'
import { listCameras } from '../cameras/repository'
import { buildRoadGraph, estimateClockOffsets, lookup, trail, type RoadGraph } from './engine'
import { sightingReaderOf } from '../sightings/store'
import type { LookupQuery, LookupResult, TrailPoint } from '../../shared/lookup/types'
import { listClockOffsets, replaceClockOffsets, sightingsByPlate } from './repository'

/** The road graph of the registry as it is now (roads + cameras attached). */
export async function loadRoadGraph(sql: Sql): Promise<RoadGraph> {
  const [roads, cameras] = [await listRoads(sql), await listCameras(sql)]
  return buildRoadGraph(
    roads,
    cameras.map((c) => ({
      code: c.code,
      name: c.name,
      lat: c.lat,
      lng: c.lng,
      anpr: c.anpr,
      headingDeg: c.headingDeg
    }))
  )
}

export function loadClockOffsets(sql: Sql): Promise<Map<string, number>> {
  return listClockOffsets(sql)
}

/**
 * Re-estimates every ANPR camera's clock offset from all plate reads (the
 * same vehicles seen by neighbouring cameras) and stores the result.
 */
export async function recomputeClockOffsets(
  sql: Sql,
  graph: RoadGraph,
  now: number
): Promise<Map<string, number>> {
  const offsets = estimateClockOffsets(graph, await sightingsByPlate(sql))
  await replaceClockOffsets(sql, offsets, now)
  return offsets
}

/**
 * A lookup service bound to one database: the graph is built once and
 * rebuilt when the registry changes (`invalidate`).
 */
export function createLookupService(sql: Sql) {
  let loading: Promise<{ graph: RoadGraph; offsets: Map<string, number> }> | null = null
  const read = sightingReaderOf(sql)
  const ready = () => {
    const next = (loading ??= Promise.all([loadRoadGraph(sql), loadClockOffsets(sql)]).then(
      ([graph, offsets]) => ({ graph, offsets })
    ))
    // a failed load is tried again by the next call
    next.catch(() => {
      if (loading === next) loading = null
    })
    return next
  }
  return {
    async lookup(query: LookupQuery): Promise<LookupResult> {
      const { graph: g, offsets: o } = await ready()
      return read((store) => lookup(g, store, query, { clockOffsets: o }))
    },
    async trail(plate: string, fromMs: number, toMs: number, fuzzy = true): Promise<TrailPoint[]> {
      const { offsets: o } = await ready()
      return read((store) => trail(store, plate, fromMs, toMs, fuzzy, { clockOffsets: o }))
    },
    async graph(): Promise<RoadGraph> {
      return (await ready()).graph
    },
    async clockOffsets(): Promise<Map<string, number>> {
      return (await ready()).offsets
    },
    /** roads, cameras or clock offsets changed */
    invalidate(): void {
      loading = null
    }
  }
}
export type LookupService = ReturnType<typeof createLookupService>
