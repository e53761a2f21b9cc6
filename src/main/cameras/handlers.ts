import type { AppDeps } from '../app/deps'
import { registryEdits } from '../registry/handlers'
import type { HandlersOf } from '../api/dispatch'
import type { camerasContract } from '../../shared/ipc/contracts/cameras'
import { ApiError } from '../../shared/ipc/errors'
import { roleHas } from '../../shared/auth/roles'
import { getCamera, listCameras } from './repository'
import { findCameraReferences } from '../registry/repository'
import {
  bulkEditCameras,
  createCamera,
  removeCameras,
  restoreCameras,
  updateCamera
} from '../registry/service'

/** A stream URL with any user name and password replaced, for roles that must not see them. */
export function withoutCredentials(url: string | null): string | null {
  if (!url) return url
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@')
}

/** The camera list and camera edits: every edit is audited in the registry service and pushed to every window. */
export function camerasHandlers(
  deps: AppDeps
): HandlersOf<Omit<typeof camerasContract, 'cameras:setCredentials'>> {
  const { db } = deps
  const { edit, changed } = registryEdits(deps)
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
      // cameras that were not archived: nothing to restore, nothing to audit
      if (r.restored === 0) ctx.nothingToAudit()
      changed('cameras')
      return r
    },
    'cameras:references': ({ id }) => {
      const cam = getCamera(db, id)
      if (!cam) throw new ApiError('not_found', `No camera ${id}`)
      return findCameraReferences(db, cam)
    }
  }
}
