import type { z } from 'zod'
import type { ReadableDb } from '../db/database'
import type { statsQuery } from '../../shared/ipc/contracts/stats'
import type { IncidentStats } from '../../shared/domain/stats'
import { listIncidentFacts } from '../incidents/repository'
import { listOutages } from './outages'
import { listServiceBlocks } from './repository'
import { computeStats, oneYearEarlier } from './compute'

export type StatsQuery = z.output<typeof statsQuery>

/**
 * Every figure of the statistics workspace. Over a year of a busy room it
 * reads a million incidents: it runs on the database worker's read-only
 * connection (src/main/db/dbWorker.ts), never on the main thread.
 */
export function buildStats(
  db: ReadableDb,
  room: { timeZone: string; now: number },
  q: StatsQuery
): IncidentStats {
  const filter = { types: q.types, blocks: q.blocks }
  const outages = listOutages(db, q.fromMs, q.toMs, room.now).filter(
    (o) => !q.blocks?.length || q.blocks.includes(o.block ?? '')
  )
  return computeStats({
    from: q.fromMs,
    to: q.toMs,
    timeZone: room.timeZone,
    bucket: q.bucket,
    slotHours: q.slotHours,
    facts: listIncidentFacts(db, q.fromMs, q.toMs, filter),
    lastYear: listIncidentFacts(db, oneYearEarlier(q.fromMs), oneYearEarlier(q.toMs), filter),
    outages,
    knownBlocks: q.blocks?.length ? q.blocks : listServiceBlocks(db)
  })
}
