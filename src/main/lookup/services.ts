import type { Sql } from '../db/sql'
import type { EventBus } from '../app/bus'
import { createLookupService } from './service'
import { createCaseService } from './cases'
import { createLookupRunner } from './runner'

export type LookupServices = ReturnType<typeof createLookupServices>

/**
 * The lookup feature's services, built once by the composition root: the
 * in-process service (trails, clock offsets), the lookup thread (lookups and
 * vehicle searches) and the cases. Both caches follow the registry: roads and
 * cameras make the graph, so any registry change drops it.
 */
export function createLookupServices(d: {
  sql: Sql
  bus: EventBus
  dataDir: string
  mediaBase: string
  timeZone: string
  now: () => number
  nativeBinding?: string
}) {
  const service = createLookupService(d.sql)
  const runner = createLookupRunner(d.sql, { nativeBinding: d.nativeBinding })
  const cases = createCaseService({
    sql: d.sql,
    dataDir: d.dataDir,
    mediaBase: d.mediaBase,
    timeZone: d.timeZone,
    now: d.now,
    // the handler has just run it on the lookup thread; computed here only if that result is gone
    lookup: ({ lat, lng, fromMs, toMs, hints }) => {
      const q = { lat, lng, fromMs, toMs, hints }
      return Promise.resolve(runner.recent(q) ?? service.lookup(q))
    }
  })
  const unsubscribe = d.bus.subscribe((msg) => {
    if (msg.event === 'registry:changed') {
      service.invalidate()
      runner.invalidate()
    }
  })
  return {
    service,
    runner,
    cases,
    close: async () => {
      unsubscribe()
      await runner.close()
    }
  }
}
