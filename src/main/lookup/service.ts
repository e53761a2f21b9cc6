import type { ReadableDb, WritableDb } from '../db/database'
import { listRoads } from '../roads/repository'
import { listCameras } from '../cameras/repository'
import { buildRoadGraph, estimateClockOffsets, lookup, trail, type RoadGraph } from './engine'
import { createSqliteSightingStore } from '../sightings/store'
import type { LookupQuery, LookupResult, TrailPoint } from '../../shared/lookup/types'
import type { Sighting } from '../../shared/domain/sighting'

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
  const rows = db.prepare('SELECT camera_code, offset_ms FROM camera_clock_offsets').all() as {
    camera_code: string
    offset_ms: number
  }[]
  return new Map(rows.map((r) => [r.camera_code, r.offset_ms]))
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
  type Row = { camera_code: string; ts: number; plate: string; confidence: number | null }
  function* all(): Generator<Sighting> {
    for (const r of db
      .prepare('SELECT camera_code, ts, plate, confidence FROM sightings ORDER BY plate, ts')
      .iterate() as IterableIterator<Row>)
      yield { cameraCode: r.camera_code, ts: r.ts, plate: r.plate, confidence: r.confidence }
  }
  const offsets = estimateClockOffsets(graph, all())
  db.transaction(() => {
    db.prepare('DELETE FROM camera_clock_offsets').run()
    const ins = db.prepare(
      'INSERT INTO camera_clock_offsets (camera_code, offset_ms, estimated_at) VALUES (?, ?, ?)'
    )
    for (const [code, ms] of offsets) ins.run(code, ms, now)
  })()
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
