import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { lookupContract } from '../../shared/ipc/contracts/lookup'
import { ApiError } from '../../shared/ipc/errors'
import { appendAudit } from '../audit/repository'
import { listCameraCodes } from '../cameras/repository'
import { prepareSightingInsert } from '../sightings/repository'
import { createHitRunService } from './service'

export function hitRunHandlers(deps: AppDeps): HandlersOf<typeof lookupContract> {
  const service = createHitRunService(deps.db)
  // roads and cameras make the graph: rebuild it after any registry change
  deps.bus.subscribe((msg) => {
    if (msg.event === 'registry:changed') service.invalidate()
  })
  return {
    'lookup:run': (q, ctx) => {
      const result = service.lookup(q)
      appendAudit(deps.db, {
        at: deps.now(),
        actor: ctx.session?.user.username ?? null,
        action: 'lookup.run',
        entity: 'lookup',
        entityId: null,
        before: null,
        after: { ...q, windows: result.windows.length, candidates: result.candidates.slice(0, 5).map((c) => c.plate) }
      })
      return result
    },
    'lookup:trail': ({ plate, fromMs, toMs, exact }, ctx) => {
      appendAudit(deps.db, { at: deps.now(), actor: ctx.session?.user.username ?? null, action: 'lookup.trail', entity: 'plate', entityId: plate, before: null, after: { fromMs, toMs } })
      return service.trail(plate, fromMs, toMs, !exact)
    },
    'lookup:clockOffsets': () => [...service.clockOffsets()].map(([cameraCode, offsetMs]) => ({ cameraCode, offsetMs })),
    'sightings:ingest': ({ sightings }) => {
      const known = listCameraCodes(deps.db)
      const unknown = sightings.find((s) => !known.has(s.cameraCode))
      if (unknown) throw new ApiError('invalid_input', `No registered camera has the code "${unknown.cameraCode}"`, { reason: 'unknown_camera' })
      const insert = prepareSightingInsert(deps.db)
      deps.db.transaction(() => insert(sightings))()
      return { accepted: sightings.length }
    }
  }
}
