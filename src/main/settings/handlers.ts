import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import {
  DEFAULT_ROOM_SETTINGS,
  type RoomSettings,
  type settingsContract
} from '../../shared/ipc/contracts/settings'
import { getSetting, setSetting } from './repository'
import type { ReadableDb } from '../db/database'

export function getRoomSettings(db: ReadableDb): RoomSettings {
  return { ...DEFAULT_ROOM_SETTINGS, ...(getSetting<Partial<RoomSettings>>(db, 'room') ?? {}) }
}

export function settingsHandlers(deps: AppDeps): HandlersOf<typeof settingsContract> {
  return {
    'settings:get': () => getRoomSettings(deps.db),
    'settings:update': (patch, ctx) =>
      deps.db.transaction(() => {
        const before = getRoomSettings(deps.db)
        const after = { ...before, ...patch }
        setSetting(deps.db, 'room', after)
        ctx.audit({ action: 'settings.update', entityId: 'room', before, after })
        return after
      })()
  }
}
