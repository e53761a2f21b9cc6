import type { Sql } from '../db/sql'
import type { LookupQuery, LookupResult } from '../../shared/lookup/types'
import type { ReachableRoad, VehicleSearchResult } from '../../shared/ipc/contracts/lookup'
import { listCameras } from '../cameras/repository'
import { searchVehicles } from '../sightings/search'
import type { VehicleSearchQuery } from '../sightings/search'
import { searchVehiclesInDistrict } from '../sightings/pgSearch'
import { districtPoolOf, roomFileOf } from '../sightings/store'
import { createLookupService } from './service'
import { reachableRoads } from './reach'

/** The work the lookup runner does, on whichever thread it lives. */
export type LookupOps = {
  lookup: (q: LookupQuery) => Promise<LookupResult>
  reach: (q: LookupQuery) => Promise<ReachableRoad[]>
  search: (q: VehicleSearchQuery) => Promise<VehicleSearchResult>
  /** roads, cameras or clock offsets changed: rebuild the graph */
  invalidate: () => void
  /** sightings changed: forget remembered results */
  forget: () => void
}

/** How long a lookup's result answers the same query again (the map highlight right after it). */
const REMEMBER_MS = 120_000
const REMEMBERED = 16

/** A stable key of a query: the same place, window and hints give the same key. */
export function queryKey(q: LookupQuery): string {
  const h = q.hints ?? {}
  return JSON.stringify([
    q.lat,
    q.lng,
    q.fromMs,
    q.toMs,
    h.color ?? null,
    h.type ?? null,
    h.brand ?? null,
    h.heading ?? null,
    h.plate ?? null
  ])
}

/** Recently computed results by query, newest last, so `lookup:reach` after `lookup:run` is free. */
export class RecentResults<T> {
  private entries = new Map<string, { at: number; value: T }>()
  constructor(private readonly now: () => number = Date.now) {}
  get(key: string): T | null {
    const e = this.entries.get(key)
    if (!e || this.now() - e.at > REMEMBER_MS) return null
    return e.value
  }
  set(key: string, value: T): void {
    this.entries.delete(key)
    this.entries.set(key, { at: this.now(), value })
    while (this.entries.size > REMEMBERED) {
      const oldest = this.entries.keys().next().value as string
      this.entries.delete(oldest)
    }
  }
  clear(): void {
    this.entries.clear()
  }
}

/**
 * Vehicle search on the backend behind `sql`: the room's file with its
 * prepared reads, a district's PostgreSQL with the same answers (pgSearch.ts).
 */
async function searchOn(
  sql: Sql,
  q: VehicleSearchQuery,
  clockOffsets: ReadonlyMap<string, number>
): Promise<VehicleSearchResult> {
  const cameras = await listCameras(sql, { includeArchived: true })
  const file = roomFileOf(sql)
  if (file) return searchVehicles(file, cameras, q, clockOffsets)
  const pool = districtPoolOf(sql)
  if (!pool) throw new Error(`no vehicle search for this ${sql.dialect} connection`)
  return searchVehiclesInDistrict(pool, cameras, q, clockOffsets)
}

export function createLookupOps(sql: Sql): LookupOps {
  const service = createLookupService(sql)
  const recent = new RecentResults<LookupResult>()
  const lookup = async (q: LookupQuery): Promise<LookupResult> => {
    const key = queryKey(q)
    const hit = recent.get(key)
    if (hit) return hit
    const result = await service.lookup(q)
    recent.set(key, result)
    return result
  }
  return {
    lookup,
    reach: async (q) => reachableRoads(await service.graph(), q, (await lookup(q)).windows),
    search: async (q) => searchOn(sql, q, await service.clockOffsets()),
    invalidate: () => {
      service.invalidate()
      recent.clear()
    },
    forget: () => recent.clear()
  }
}
