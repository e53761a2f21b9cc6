import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import {
  DEFAULT_ROOM_SETTINGS,
  type RoomSettings,
  type settingsContract
} from '../../shared/ipc/contracts/settings'
import { getSetting, setSetting } from './repository'
import type { Sql } from '../db/sql'

export async function getRoomSettings(sql: Sql): Promise<RoomSettings> {
  return {
    ...DEFAULT_ROOM_SETTINGS,
    ...((await getSetting<Partial<RoomSettings>>(sql, 'room')) ?? {})
  }
}

export function settingsHandlers(deps: AppDeps): HandlersOf<typeof settingsContract> {
  return {
    'settings:get': () => getRoomSettings(deps.sql),
    'settings:update': (patch, ctx) =>
      deps.sql.tx(async (t) => {
        const before = await getRoomSettings(t)
        const after = { ...before, ...patch }
        await setSetting(t, 'room', after)
        await ctx.audit({ action: 'settings.update', entityId: 'room', before, after })
        return after
      })
  }
}
