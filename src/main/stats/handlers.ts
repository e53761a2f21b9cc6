import type { z } from 'zod'
import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { statsContract, statsQuery } from '../../shared/ipc/contracts/stats'
import type { IncidentStats } from '../../shared/domain/stats'
import { roomDate } from '../../shared/domain/roomTime'
import { listIncidentFacts } from '../incidents/repository'
import { getIncidentTypes } from '../incidents/config'
import { listOutages } from './outages'
import { computeStats, oneYearEarlier, statsToCsv } from './compute'

type Query = z.output<typeof statsQuery>

export function buildStats(deps: Pick<AppDeps, 'db' | 'info' | 'now'>, q: Query): IncidentStats {
  const filter = { types: q.types, blocks: q.blocks }
  const knownBlocks = deps.db
    .prepare('SELECT DISTINCT block FROM cameras WHERE block IS NOT NULL AND archived = 0')
    .pluck()
    .all() as string[]
  const outages = listOutages(deps.db, q.fromMs, q.toMs, deps.now()).filter(
    (o) => !q.blocks?.length || q.blocks.includes(o.block ?? '')
  )
  return computeStats({
    from: q.fromMs,
    to: q.toMs,
    timeZone: deps.info.timeZone,
    bucket: q.bucket,
    slotHours: q.slotHours,
    facts: listIncidentFacts(deps.db, q.fromMs, q.toMs, filter),
    lastYear: listIncidentFacts(deps.db, oneYearEarlier(q.fromMs), oneYearEarlier(q.toMs), filter),
    outages,
    knownBlocks: q.blocks?.length ? q.blocks : knownBlocks
  })
}

export function statsHandlers(deps: AppDeps): HandlersOf<typeof statsContract> {
  return {
    'stats:incidents': (q) => buildStats(deps, q),
    'stats:exportCsv': (q, ctx) => {
      const s = buildStats(deps, q)
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
