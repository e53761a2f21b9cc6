import type { AppDeps } from '../app/deps'
import type { HandlerContext, HandlersOf } from '../api/dispatch'
import type { registryContract } from '../../shared/ipc/contracts/registry'
import type { groupsContract } from '../../shared/ipc/contracts/groups'
import { importCamerasAudited, importRoadsAudited } from './service'
import { appendSystemEvent } from '../events/repository'
import { runWorkerTask } from '../workers/runner'
import { ApiError } from '../../shared/ipc/errors'
import { listBlocks, listCommunities, listGroups } from './repository'
import {
  createGroup,
  exportRegistry,
  lastCameraImport,
  undoLastCameraImport,
  removeGroup,
  type EditContext
} from './service'

/** Registry edits: every one is audited in the service and pushed to every window. */
export function registryHandlers(deps: AppDeps): HandlersOf<typeof registryContract> {
  const { db, bus } = deps
  const edit = (ctx: HandlerContext): EditContext => ({
    actor: ctx.actor,
    now: deps.now(),
    secrets: deps.secrets
  })
  const changed = (what: 'cameras' | 'groups') => bus.emit('registry:changed', { what })
  return {
    'registry:import': async ({ kind, contentBase64, dryRun, fileName, blankErases }, ctx) => {
      const file = Buffer.from(contentBase64, 'base64')
      const opts = {
        dryRun,
        actor: ctx.actor,
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
      if (dryRun) ctx.nothingToAudit()
      else {
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
    },
    'registry:taxonomy': () => ({
      blocks: listBlocks(db),
      communities: listCommunities(db),
      groups: listGroups(db)
    }),
    'registry:lastImport': () => lastCameraImport(db),
    'registry:undoImport': ({ auditId }, ctx) => {
      // the user confirmed a particular import; a newer one since means they saw something stale
      const last = lastCameraImport(db)
      if (last?.auditId !== auditId)
        throw new ApiError('conflict', 'Another import happened since; reload and try again')
      const r = undoLastCameraImport(db, edit(ctx))
      changed('cameras')
      return r
    },
    'registry:export': ({ what, includeArchived }, ctx) =>
      exportRegistry(db, what, { ...edit(ctx), includeArchived, timeZone: deps.info.timeZone })
  }
}

/** Camera groups: audited in the registry service and pushed to every window. */
export function groupsHandlers(deps: AppDeps): HandlersOf<typeof groupsContract> {
  const { db, bus } = deps
  const edit = (ctx: HandlerContext): EditContext => ({
    actor: ctx.actor,
    now: deps.now(),
    secrets: deps.secrets
  })
  const changed = (what: 'cameras' | 'groups') => bus.emit('registry:changed', { what })
  return {
    'groups:create': ({ name, color }, ctx) => {
      const g = createGroup(db, name, color ?? null, edit(ctx))
      changed('groups')
      return g
    },
    'groups:delete': ({ id }, ctx) => {
      removeGroup(db, id, edit(ctx))
      changed('groups')
      return null
    }
  }
}
