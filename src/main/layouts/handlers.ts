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
  const { sql } = deps
  return {
    'layouts:list': ({ workstationId }) => listLayouts(sql, { workstationId }),
    'layouts:save': async ({ id, layout }, ctx) => {
      const problem = validateLayout(layout)
      if (problem) throw new ApiError('invalid_input', problem)
      const at = deps.now()
      const saved = await sql.tx(async (t) => {
        const before = id === undefined ? null : await getLayout(t, id)
        if (id !== undefined && !before) return undefined
        const after =
          id === undefined
            ? await insertLayout(t, layout, at)
            : await updateLayout(t, id, layout, at)
        if (!after) return undefined
        await ctx.audit({
          at,
          action: id === undefined ? 'layout.create' : 'layout.update',
          entityId: after.id,
          before,
          after
        })
        return after
      })
      if (!saved) throw new ApiError('not_found', `No layout ${id}`)
      deps.bus.emit('layouts:changed', { id: saved.id })
      return saved
    },
    'layouts:delete': async ({ id }, ctx) => {
      await sql.tx(async (t) => {
        const before = await getLayout(t, id)
        if (!before) throw new ApiError('not_found', `No layout ${id}`)
        if (before.isRoomDefault)
          throw new ApiError('invalid_transition', 'The room default layout cannot be deleted')
        await deleteLayout(t, id)
        await ctx.audit({ action: 'layout.delete', entityId: id, before })
      })
      deps.bus.emit('layouts:changed', { id })
      return null
    },
    'layouts:setDefault': async ({ id, workstationId }, ctx) => {
      await sql.tx(async (t) => {
        const at = deps.now()
        if (workstationId !== undefined) {
          const before = await getWorkstationDefault(t, workstationId)
          if (!(await setWorkstationDefault(t, workstationId, id, at)))
            throw new ApiError('not_found', `No layout ${id}`)
          await ctx.audit({
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
        const before = (await listLayouts(t)).find((l) => l.isRoomDefault)?.id ?? null
        if (!(await setDefaultLayout(t, id))) throw new ApiError('not_found', `No layout ${id}`)
        await ctx.audit({
          at,
          action: 'layout.roomDefault',
          entityId: id,
          before: { layoutId: before },
          after: { layoutId: id }
        })
      })
      deps.bus.emit('layouts:changed', { id })
      return null
    }
  }
}
