import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { lookupContract } from '../../shared/ipc/contracts/lookup'
import { createLookupService } from './service'
import { createCaseService } from './cases'
import { createLookupRunner } from './runner'
import type { LookupRunner } from './runner'

export function lookupHandlers(
  deps: AppDeps,
  opts: { dataDir: string; runner?: LookupRunner }
): HandlersOf<typeof lookupContract> {
  const service = createLookupService(deps.db)
  // lookups and vehicle searches run on their own thread (runner.ts)
  const runner = opts.runner ?? createLookupRunner(deps.db)
  const cases = createCaseService({
    db: deps.db,
    dataDir: opts.dataDir,
    mediaBase: deps.info.mediaBase,
    timeZone: deps.info.timeZone,
    now: () => deps.now(),
    // the handler has just run it on the lookup thread; computed here only if that result is gone
    lookup: ({ lat, lng, fromMs, toMs, hints }) => {
      const q = { lat, lng, fromMs, toMs, hints }
      return runner.recent(q) ?? service.lookup(q)
    }
  })
  // roads and cameras make the graph: rebuild it after any registry change
  deps.bus.subscribe((msg) => {
    if (msg.event === 'registry:changed') {
      service.invalidate()
      runner.invalidate()
    }
  })
  const changed = <T extends { id: number; version: number }>(c: T): T => {
    deps.bus.emit('lookup:caseChanged', { id: c.id, version: c.version })
    return c
  }
  return {
    'lookup:run': async (q, ctx) => {
      const result = await runner.lookup(q)
      ctx.audit({
        action: 'lookup.run',
        after: {
          ...q,
          windows: result.windows.length,
          candidates: result.candidates.slice(0, 5).map((c) => c.plate)
        }
      })
      return result
    },
    'lookup:reach': (q) => runner.reach(q),
    'lookup:trail': ({ plate, fromMs, toMs, exact }, ctx) => {
      ctx.audit({ action: 'lookup.trail', entityId: plate, after: { fromMs, toMs } })
      return service.trail(plate, fromMs, toMs, !exact)
    },
    'lookup:clockOffsets': () =>
      [...service.clockOffsets()].map(([cameraCode, offsetMs]) => ({ cameraCode, offsetMs })),
    'lookup:cases:list': (f) => cases.list(f),
    'lookup:cases:get': ({ id }) => cases.get(id),
    'lookup:cases:create': async (input, ctx) => {
      const { lat, lng, fromMs, toMs, hints } = input.query
      await runner.lookup({ lat, lng, fromMs, toMs, hints })
      return changed(cases.create(input, ctx.actor))
    },
    'lookup:cases:update': (input, ctx) => changed(cases.update(input, ctx.actor)),
    'lookup:cases:confirm': (input, ctx) => changed(cases.confirm(input, ctx.actor)),
    'lookup:cases:unconfirm': (input, ctx) => changed(cases.unconfirm(input, ctx.actor)),
    'lookup:report': async (input, ctx) => {
      const urls = await cases.report(input, ctx.actor)
      changed(cases.get(input.caseId))
      return urls
    }
  }
}
