import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { layoutsContract } from '../../shared/ipc/contracts/layouts'
import { ApiError } from '../../shared/ipc/errors'
import { deleteLayout, insertLayout, listLayouts, setDefaultLayout, updateLayout } from './repository'
import { validateLayout } from './validate'

export function layoutsHandlers(deps: AppDeps): HandlersOf<typeof layoutsContract> {
  return {
    'layouts:list': () => listLayouts(deps.db),
    'layouts:save': ({ id, layout }) => {
      const problem = validateLayout(layout)
      if (problem) throw new ApiError('invalid_input', problem)
      const saved =
        id === undefined ? insertLayout(deps.db, layout, deps.now()) : updateLayout(deps.db, id, layout, deps.now())
      if (!saved) throw new ApiError('not_found', `No layout ${id}`)
      deps.bus.emit('layouts:changed', { id: saved.id })
      return saved
    },
    'layouts:delete': ({ id }) => {
      if (!deleteLayout(deps.db, id)) throw new ApiError('not_found', `No layout ${id}`)
      deps.bus.emit('layouts:changed', { id })
      return null
    },
    'layouts:setDefault': ({ id }) => {
      if (!setDefaultLayout(deps.db, id)) throw new ApiError('not_found', `No layout ${id}`)
      deps.bus.emit('layouts:changed', { id })
      return null
    }
  }
}
