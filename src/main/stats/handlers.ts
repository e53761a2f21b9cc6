import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { statsContract } from '../../shared/ipc/contracts/stats'
import type { IncidentStats } from '../../shared/domain/stats'
import { roomDate } from '../../shared/domain/roomTime'
import { getIncidentTypes } from '../incidents/config'
import { inlineDbWorker, type DbWorker } from '../db/dbWorker'
import { statsToCsv } from './compute'
import type { StatsQuery } from './service'

/**
 * Statistics read up to a million incidents: they run on the database
 * worker (`worker`; inline on the main thread when none is given, as in tests
 * of an in-memory database).
 */
export function statsHandlers(
  deps: AppDeps,
  opts: { worker?: DbWorker } = {}
): HandlersOf<typeof statsContract> {
  const worker = opts.worker ?? inlineDbWorker(deps.db)
  const stats = (query: StatsQuery): Promise<IncidentStats> =>
    worker.run('stats.build', { room: { timeZone: deps.info.timeZone, now: deps.now() }, query })
  return {
    'stats:incidents': (q) => stats(q),
    'stats:exportCsv': async (q, ctx) => {
      const s = await stats(q)
      const types = new Map(getIncidentTypes(deps.db).map((t) => [t.code, t.name]))
      const csv = statsToCsv(s, { type: (c) => types.get(c) ?? c, block: (b) => b || '—' })
      // the room's calendar days; the period's end is exclusive, so its last day is the one before
      const day = (ms: number) => roomDate(ms, deps.info.timeZone)
      const fileName = `incident-stats_${day(q.fromMs)}_${day(q.toMs - 1)}.csv`
      ctx.audit({
        action: 'export.stats',
        after: { ...q, fileName, bytes: Buffer.byteLength(csv) }
      })
      return { fileName, csv }
    }
  }
}
