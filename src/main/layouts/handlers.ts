import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { layoutsContract } from '../../shared/ipc/contracts/layouts'
import { ApiError } from '../../shared/ipc/errors'
import {
  deleteLayout,
  getLayout,
  getWorkstationDefault,
  insertLayout,
  listLayouts,
  setDefaultLayout,
  setWorkstationDefault,
  updateLayout
} from './repository'
import { validateLayout } from './validate'

/** Layouts are shared with the whole room, so every change is in the audit trail. */
export function layoutsHandlers(deps: AppDeps): HandlersOf<typeof layoutsContract> {
  const { db } = deps
  return {
    'layouts:list': ({ workstationId }) => listLayouts(db, { workstationId }),
    'layouts:save': ({ id, layout }, ctx) => {
      const problem = validateLayout(layout)
      if (problem) throw new ApiError('invalid_input', problem)
      const at = deps.now()
      const saved = db.transaction(() => {
        const before = id === undefined ? null : getLayout(db, id)
        if (id !== undefined && !before) return undefined
        const after =
          id === undefined ? insertLayout(db, layout, at) : updateLayout(db, id, layout, at)
        if (!after) return undefined
        ctx.audit({
          at,
          action: id === undefined ? 'layout.create' : 'layout.update',
          entityId: after.id,
          before,
          after
        })
        return after
      })()
      if (!saved) throw new ApiError('not_found', `No layout ${id}`)
      deps.bus.emit('layouts:changed', { id: saved.id })
      return saved
    },
    'layouts:delete': ({ id }, ctx) => {
      db.transaction(() => {
        const before = getLayout(db, id)
        if (!before) throw new ApiError('not_found', `No layout ${id}`)
        if (before.isRoomDefault)
          throw new ApiError('invalid_transition', 'The room default layout cannot be deleted')
        deleteLayout(db, id)
        ctx.audit({ action: 'layout.delete', entityId: id, before })
      })()
      deps.bus.emit('layouts:changed', { id })
      return null
    },
    'layouts:setDefault': ({ id, workstationId }, ctx) => {
      db.transaction(() => {
        const at = deps.now()
        if (workstationId !== undefined) {
          const before = getWorkstationDefault(db, workstationId)
          if (!setWorkstationDefault(db, workstationId, id, at))
            throw new ApiError('not_found', `No layout ${id}`)
          ctx.audit({
            at,
            action: 'layout.workstationDefault',
            entity: 'workstation',
            entityId: workstationId,
            before: { layoutId: before },
            after: { layoutId: id }
          })
          return
        }
        if (id === null)
          throw new ApiError('invalid_input', 'Only a workstation choice can be cleared')
        const before = listLayouts(db).find((l) => l.isRoomDefault)?.id ?? null
        if (!setDefaultLayout(db, id)) throw new ApiError('not_found', `No layout ${id}`)
        ctx.audit({
          at,
          action: 'layout.roomDefault',
          entityId: id,
          before: { layoutId: before },
          after: { layoutId: id }
        })
      })()
      deps.bus.emit('layouts:changed', { id })
      return null
    }
  }
}
