import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { statsContract } from '../../shared/ipc/contracts/stats'
import type { IncidentStats } from '../../shared/domain/stats'
import { roomDate } from '../../shared/domain/roomTime'
import { getIncidentTypes } from '../incidents/config'
import type { DbWorker } from '../db/dbWorker'
import { statsToCsv } from './compute'
import { buildStats, type StatsQuery } from './service'

/**
 * Statistics read up to a million incidents: they run on the database
 * worker (`worker`); without one (a database in memory, PostgreSQL, whose
 * server does the reading) they are queries through `deps.sql`.
 */
export function statsHandlers(
  deps: AppDeps,
  opts: { worker?: DbWorker } = {}
): HandlersOf<typeof statsContract> {
  const stats = (query: StatsQuery): Promise<IncidentStats> => {
    const room = { timeZone: deps.info.timeZone, now: deps.now() }
    return opts.worker
      ? opts.worker.run('stats.build', { room, query })
      : buildStats(deps.sql, room, query)
  }
  return {
    'stats:incidents': (q) => stats(q),
    'stats:exportCsv': async (q, ctx) => {
      const s = await stats(q)
      const types = new Map((await getIncidentTypes(deps.sql)).map((t) => [t.code, t.name]))
      const csv = statsToCsv(s, { type: (c) => types.get(c) ?? c, block: (b) => b || '—' })
      // the room's calendar days; the period's end is exclusive, so its last day is the one before
      const day = (ms: number) => roomDate(ms, deps.info.timeZone)
      const fileName = `incident-stats_${day(q.fromMs)}_${day(q.toMs - 1)}.csv`
      await ctx.audit({
        action: 'export.stats',
        after: { ...q, fileName, bytes: Buffer.byteLength(csv) }
      })
      return { fileName, csv }
    }
  }
}
