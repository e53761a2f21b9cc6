import type { z } from 'zod'
import type { Sql } from '../db/sql'
import type { statsQuery } from '../../shared/ipc/contracts/stats'
import type { IncidentStats } from '../../shared/domain/stats'
import { listIncidentFacts } from '../incidents/repository'
import { listOutages } from './outages'
import { listServiceBlocks } from './repository'
import { computeStats, oneYearEarlier } from './compute'

export type StatsQuery = z.output<typeof statsQuery>

/**
 * Every figure of the statistics workspace. Over a year of a busy room it
 * reads a million incidents: in a room it runs on the database worker's
 * read-only connection (src/main/db/dbWorker.ts), never on the main thread;
 * on PostgreSQL the server does the reading.
 */
export async function buildStats(
  sql: Sql,
  room: { timeZone: string; now: number },
  q: StatsQuery
): Promise<IncidentStats> {
  const filter = { types: q.types, blocks: q.blocks }
  const outages = (await listOutages(sql, q.fromMs, q.toMs, room.now)).filter(
    (o) => !q.blocks?.length || q.blocks.includes(o.block ?? '')
  )
  return computeStats({
    from: q.fromMs,
    to: q.toMs,
    timeZone: room.timeZone,
    bucket: q.bucket,
    slotHours: q.slotHours,
    facts: await listIncidentFacts(sql, q.fromMs, q.toMs, filter),
    lastYear: await listIncidentFacts(
      sql,
      oneYearEarlier(q.fromMs),
      oneYearEarlier(q.toMs),
      filter
    ),
    outages,
    knownBlocks: q.blocks?.length ? q.blocks : await listServiceBlocks(sql)
  })
}
