import type { ReadableDb, WritableDb } from '../db/database'
import { listRoads } from '../roads/repository'
import { listCameras } from '../cameras/repository'
import { buildRoadGraph, estimateClockOffsets, lookup, trail, type RoadGraph } from './engine'
import { createSqliteSightingStore } from '../sightings/store'
import type { LookupQuery, LookupResult, TrailPoint } from '../../shared/lookup/types'
import { iterateSightingsByPlate, listClockOffsets, replaceClockOffsets } from './repository'

/** The road graph of the registry as it is now (roads + cameras attached). */
export function loadRoadGraph(db: ReadableDb): RoadGraph {
  return buildRoadGraph(
    listRoads(db),
    listCameras(db).map((c) => ({
      code: c.code,
      name: c.name,
      lat: c.lat,
      lng: c.lng,
      anpr: c.anpr,
      headingDeg: c.headingDeg
    }))
  )
}

export function loadClockOffsets(db: ReadableDb): Map<string, number> {
  return listClockOffsets(db)
}

/**
 * Re-estimates every ANPR camera's clock offset from all plate reads (the
 * same vehicles seen by neighbouring cameras) and stores the result.
 */
export function recomputeClockOffsets(
  db: WritableDb,
  graph: RoadGraph,
  now: number
): Map<string, number> {
  const offsets = estimateClockOffsets(graph, iterateSightingsByPlate(db))
  replaceClockOffsets(db, offsets, now)
  return offsets
}

/**
 * A lookup service bound to one database: the graph is built once and
 * rebuilt when the registry changes (`invalidate`).
 */
export function createLookupService(db: ReadableDb) {
  let graph: RoadGraph | null = null
  let offsets: Map<string, number> | null = null
  const store = createSqliteSightingStore(db)
  const ready = () => {
    graph ??= loadRoadGraph(db)
    offsets ??= loadClockOffsets(db)
    return { graph, offsets }
  }
  return {
    lookup(query: LookupQuery): LookupResult {
      const { graph: g, offsets: o } = ready()
      return lookup(g, store, query, { clockOffsets: o })
    },
    trail(plate: string, fromMs: number, toMs: number, fuzzy = true): TrailPoint[] {
      const { offsets: o } = ready()
      return trail(store, plate, fromMs, toMs, fuzzy, { clockOffsets: o })
    },
    graph(): RoadGraph {
      return ready().graph
    },
    clockOffsets(): Map<string, number> {
      return ready().offsets
    },
    /** roads, cameras or clock offsets changed */
    invalidate(): void {
      graph = null
      offsets = null
    }
  }
}
export type LookupService = ReturnType<typeof createLookupService>
