import type { AppDeps } from '../app/deps'
import type { CallContext, HandlersOf } from '../api/dispatch'
import type { registryContract } from '../../shared/ipc/contracts/registry'
import { ApiError } from '../../shared/ipc/errors'
import { getCamera } from '../cameras/repository'
import { findCameraReferences, listBlocks, listCommunities, listGroups } from './repository'
import {
  bulkEditCameras,
  createCamera,
  createGroup,
  exportRegistry,
  lastCameraImport,
  undoLastCameraImport,
  removeCameras,
  removeGroup,
  restoreCameras,
  updateCamera,
  type EditContext
} from './service'

/** Registry edits: every one is audited in the service and pushed to every window. */
export function registryHandlers(deps: AppDeps): HandlersOf<typeof registryContract> {
  const { db, bus } = deps
  const edit = (ctx: CallContext): EditContext => ({
    actor: ctx.session?.user.username ?? null,
    now: deps.now(),
    secrets: deps.secrets
  })
  const changed = (what: 'cameras' | 'groups') => bus.emit('registry:changed', { what })
  return {
    'registry:taxonomy': () => ({
      blocks: listBlocks(db),
      communities: listCommunities(db),
      groups: listGroups(db)
    }),
    'cameras:create': ({ code, fields }, ctx) => {
      const cam = createCamera(
        db,
        code,
        {
          headingDeg: null,
          fovDeg: null,
          anpr: false,
          streamUrl: null,
          subStreamUrl: null,
          block: null,
          community: null,
          kind: null,
          owner: null,
          notes: null,
          ...fields
        },
        edit(ctx)
      )
      changed('cameras')
      return cam
    },
    'cameras:update': ({ id, patch, expectedUpdatedAt }, ctx) => {
      const cam = updateCamera(db, id, patch, expectedUpdatedAt, edit(ctx))
      changed('cameras')
      return cam
    },
    'cameras:bulkEdit': ({ ids, edit: e }, ctx) => {
      const r = bulkEditCameras(db, ids, e, edit(ctx))
      changed('cameras')
      if (e.addToGroups?.length || e.removeFromGroups?.length) changed('groups')
      return r
    },
    'cameras:remove': ({ ids, mode }, ctx) => {
      const r = removeCameras(db, ids, mode, edit(ctx))
      changed('cameras')
      return r
    },
    'cameras:restore': ({ ids }, ctx) => {
      const r = restoreCameras(db, ids, edit(ctx))
      changed('cameras')
      return r
    },
    'cameras:references': ({ id }) => {
      const cam = getCamera(db, id)
      if (!cam) throw new ApiError('not_found', `No camera ${id}`)
      return findCameraReferences(db, cam)
    },
    'groups:create': ({ name, color }, ctx) => {
      const g = createGroup(db, name, color ?? null, edit(ctx))
      changed('groups')
      return g
    },
    'groups:delete': ({ id }, ctx) => {
      removeGroup(db, id, edit(ctx))
      changed('groups')
      return null
    },
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
