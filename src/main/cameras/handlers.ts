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
  const { sql } = deps
  const { edit, changed } = registryEdits(deps)
  return {
    'cameras:list': async ({ includeArchived }, ctx) => {
      // stream credentials are the technicians' business: other roles get no user name, no
      // "password set", and no user info in a URL
      const secrets = !!ctx.session && roleHas(ctx.session.user.role, 'registry.edit')
      return (await listCameras(sql, { includeArchived })).map((c) => ({
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
    'cameras:create': async ({ code, fields }, ctx) => {
      const cam = await createCamera(
        sql,
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
    'cameras:update': async ({ id, patch, expectedUpdatedAt }, ctx) => {
      const cam = await updateCamera(sql, id, patch, expectedUpdatedAt, edit(ctx))
      changed('cameras')
      return cam
    },
    'cameras:bulkEdit': async ({ ids, edit: e }, ctx) => {
      const r = await bulkEditCameras(sql, ids, e, edit(ctx))
      changed('cameras')
      if (e.addToGroups?.length || e.removeFromGroups?.length) changed('groups')
      return r
    },
    'cameras:remove': async ({ ids, mode }, ctx) => {
      const r = await removeCameras(sql, ids, mode, edit(ctx))
      changed('cameras')
      return r
    },
    'cameras:restore': async ({ ids }, ctx) => {
      const r = await restoreCameras(sql, ids, edit(ctx))
      // cameras that were not archived: nothing to restore, nothing to audit
      if (r.restored === 0) ctx.nothingToAudit()
      changed('cameras')
      return r
    },
    'cameras:references': async ({ id }) => {
      const cam = await getCamera(sql, id)
      if (!cam) throw new ApiError('not_found', `No camera ${id}`)
      return findCameraReferences(sql, cam)
    }
  }
}
