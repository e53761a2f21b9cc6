import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { camerasContract } from '../../shared/ipc/contracts/cameras'
import { listCameras } from './repository'
import { roleHas } from '../../shared/auth/roles'
import { runWorkerTask } from '../workers/runner'

/** A stream URL with any user name and password replaced, for roles that must not see them. */
export function withoutCredentials(url: string | null): string | null {
  if (!url) return url
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@')
}
import { listRoads } from '../roads/repository'
import { importCamerasAudited, importRoadsAudited } from '../registry/service'
import { appendSystemEvent } from '../events/repository'

export function camerasHandlers(deps: AppDeps): HandlersOf<typeof camerasContract> {
  return {
    'cameras:list': ({ includeArchived }, ctx) => {
      // stream credentials are the technicians' business: other roles get no user name, no
      // "password set", and no user info in a URL
      const secrets = !!ctx.session && roleHas(ctx.session.user.role, 'registry.edit')
      return listCameras(deps.db, { includeArchived }).map((c) => ({
        ...c,
        ...(secrets
          ? {}
          : {
              streamUrl: withoutCredentials(c.streamUrl),
              subStreamUrl: withoutCredentials(c.subStreamUrl),
              streamUser: null,
              streamPasswordSet: false
            }),
        streams: deps.resolveStreams(c),
        statusReason: deps.liveReason?.(c.id) ?? null
      }))
    },
    'roads:list': () => listRoads(deps.db),
    'registry:import': async ({ kind, contentBase64, dryRun, fileName, blankErases }, ctx) => {
      const file = Buffer.from(contentBase64, 'base64')
      const opts = {
        dryRun,
        actor: ctx.session?.user.username ?? null,
        now: deps.now(),
        fileName,
        blankErases,
        secrets: deps.secrets
      }
      // decoding, parsing and validating run on a worker thread (a 100 MB file once held every
      // other request for 21 s); the all-or-nothing write stays one transaction here.
      // The audited imports also record what each updated row was before.
      const summary =
        kind === 'cameras'
          ? importCamerasAudited(deps.db, await runWorkerTask('registry.parseCameras', file), opts)
          : importRoadsAudited(deps.db, await runWorkerTask('registry.parseRoads', file), opts)
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
