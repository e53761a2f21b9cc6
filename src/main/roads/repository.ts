import type { Sql } from '../db/sql'
import { value } from '../db/sql'
import type { LngLat, Oneway, Road, RoadFields } from '../../shared/domain/road'
import { upsertEach } from '../db/upsert'
import { rowReader } from '../db/rows'

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

const roadRows = rowReader(toRoad)

export function listRoads(sql: Sql): Promise<Road[]> {
  return roadRows.all(sql, 'SELECT * FROM roads ORDER BY id')
}

export function getRoad(sql: Sql, id: number): Promise<Road | undefined> {
  return roadRows.get(sql, 'SELECT * FROM roads WHERE id = ?', [id])
}

export async function countRoads(sql: Sql): Promise<number> {
  return Number(await value<number>(sql, 'SELECT COUNT(*) AS n FROM roads'))
}

/** Inserts or updates by external id. Call inside a transaction. */
export function upsertRoads(
  sql: Sql,
  roads: readonly RoadFields[],
  now: number
): Promise<{ added: number; updated: number }> {
  return upsertEach(sql, roads, {
    exists: 'SELECT 1 AS one FROM roads WHERE external_id = ?',
    insert: `INSERT INTO roads (external_id, name, oneway, speed_kmh, kind, lines, created_at, updated_at)
       VALUES (@externalId, @name, @oneway, @speedKmh, @kind, @lines, @now, @now)`,
    update: `UPDATE roads SET name = @name, oneway = @oneway, speed_kmh = @speedKmh, kind = @kind,
       lines = @lines, updated_at = @now WHERE external_id = @externalId`,
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
