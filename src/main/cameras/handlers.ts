import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { camerasContract } from '../../shared/ipc/contracts/cameras'
import { listCameras } from './repository'
import { listRoads } from '../roads/repository'
import { importCamerasAudited, importRoadsAudited } from '../registry/service'
import { appendSystemEvent } from '../events/repository'

export function camerasHandlers(deps: AppDeps): HandlersOf<typeof camerasContract> {
  return {
    'cameras:list': ({ includeArchived }) =>
      listCameras(deps.db, { includeArchived }).map((c) => ({
        ...c,
        streams: deps.resolveStreams(c),
        statusReason: deps.liveReason?.(c.id) ?? null
      })),
    'roads:list': () => listRoads(deps.db),
    'registry:import': ({ kind, contentBase64, dryRun, fileName }, ctx) => {
      const file = Buffer.from(contentBase64, 'base64')
      const opts = { dryRun, actor: ctx.session?.user.username ?? null, now: deps.now(), fileName }
      // the audited imports also record what each updated row was before
      const summary =
        kind === 'cameras'
          ? importCamerasAudited(deps.db, file, opts)
          : importRoadsAudited(deps.db, file, opts)
      if (!dryRun) {
        const e = appendSystemEvent(deps.db, {
          at: deps.now(),
          kind: kind === 'cameras' ? 'import.cameras' : 'import.roads',
          cameraId: null,
          actor: opts.actor,
          data: { fileName, added: summary.added, updated: summary.updated, total: summary.total }
        })
        deps.bus.emit('event:appended', e)
        deps.bus.emit('registry:changed', { what: kind })
      }
      return summary
    }
  }
}
