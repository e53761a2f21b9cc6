import type { ReadableDb, WritableDb } from '../db/database'
import type { LngLat, Oneway, Road, RoadFields } from '../../shared/domain/road'
import { upsertEach } from '../db/upsert'

type RoadRow = {
  id: number
  external_id: string
  name: string
  oneway: Oneway
  speed_kmh: number
  kind: string | null
  lines: string
  created_at: number
  updated_at: number
}

function toRoad(r: RoadRow): Road {
  return {
    id: r.id,
    externalId: r.external_id,
    name: r.name,
    oneway: r.oneway,
    speedKmh: r.speed_kmh,
    kind: r.kind,
    lines: JSON.parse(r.lines) as LngLat[][],
    createdAt: r.created_at,
    updatedAt: r.updated_at
  }
}

export function listRoads(db: ReadableDb): Road[] {
  return (db.prepare('SELECT * FROM roads ORDER BY id').all() as RoadRow[]).map(toRoad)
}

export function getRoad(db: ReadableDb, id: number): Road | undefined {
  const r = db.prepare('SELECT * FROM roads WHERE id = ?').get(id) as RoadRow | undefined
  return r && toRoad(r)
}

export function countRoads(db: ReadableDb): number {
  return db.prepare('SELECT COUNT(*) FROM roads').pluck().get() as number
}

/** Inserts or updates by external id. Call inside a transaction. */
export function upsertRoads(
  db: WritableDb,
  roads: readonly RoadFields[],
  now: number
): { added: number; updated: number } {
  return upsertEach(roads, {
    exists: db.prepare('SELECT 1 FROM roads WHERE external_id = ?').pluck(),
    insert: db.prepare(
      `INSERT INTO roads (external_id, name, oneway, speed_kmh, kind, lines, created_at, updated_at)
       VALUES (@externalId, @name, @oneway, @speedKmh, @kind, @lines, @now, @now)`
    ),
    update: db.prepare(
      `UPDATE roads SET name = @name, oneway = @oneway, speed_kmh = @speedKmh, kind = @kind, lines = @lines,
         updated_at = @now WHERE external_id = @externalId`
    ),
    key: (r) => r.externalId,
    params: (r) => ({
      externalId: r.externalId,
      name: r.name,
      oneway: r.oneway,
      speedKmh: r.speedKmh,
      kind: r.kind,
      lines: JSON.stringify(r.lines),
      now
    })
  })
}
