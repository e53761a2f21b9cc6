import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { lookupContract } from '../../shared/ipc/contracts/lookup'
import type { LookupServices } from './services'

/** Lookups and vehicle searches run on their own thread (runner.ts); cases and trails here. */
export function lookupHandlers(
  deps: AppDeps,
  { service, runner, cases }: Pick<LookupServices, 'service' | 'runner' | 'cases'>
): HandlersOf<typeof lookupContract> {
  const changed = <T extends { id: number; version: number }>(c: T): T => {
    deps.bus.emit('lookup:caseChanged', { id: c.id, version: c.version })
    return c
  }
  return {
    'lookup:run': async (q, ctx) => {
      const result = await runner.lookup(q)
      await ctx.audit({
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
    'lookup:trail': async ({ plate, fromMs, toMs, exact }, ctx) => {
      await ctx.audit({ action: 'lookup.trail', entityId: plate, after: { fromMs, toMs } })
      return service.trail(plate, fromMs, toMs, !exact)
    },
    'lookup:clockOffsets': async () =>
      [...(await service.clockOffsets())].map(([cameraCode, offsetMs]) => ({
        cameraCode,
        offsetMs
      })),
    'lookup:cases:list': (f) => cases.list(f),
    'lookup:cases:get': ({ id }) => cases.get(id),
    'lookup:cases:create': async (input, ctx) => {
      const { lat, lng, fromMs, toMs, hints } = input.query
      await runner.lookup({ lat, lng, fromMs, toMs, hints })
      return changed(await cases.create(input, ctx.actor))
    },
    'lookup:cases:update': async (input, ctx) => changed(await cases.update(input, ctx.actor)),
    'lookup:cases:confirm': async (input, ctx) => changed(await cases.confirm(input, ctx.actor)),
    'lookup:cases:unconfirm': async (input, ctx) =>
      changed(await cases.unconfirm(input, ctx.actor)),
    'lookup:report': async (input, ctx) => {
      const urls = await cases.report(input, ctx.actor)
      changed(await cases.get(input.caseId))
      return urls
    }
  }
}
