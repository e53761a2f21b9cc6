import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { districtContract } from '../../shared/ipc/contracts/district'
import { ApiError } from '../../shared/ipc/errors'
import { getCamera } from '../cameras/repository'
import {
  cameraRoomOf,
  clearCameraRoom,
  listCameraRooms,
  listRooms,
  roomExists,
  setCameraRoom
} from './rooms'

const notADistrict = () =>
  new ApiError('unavailable', "A room's own database has one room.", { reason: 'not_a_district' })

export function districtHandlers(deps: AppDeps): HandlersOf<typeof districtContract> {
  return {
    'district:rooms': async () => {
      if (deps.sql.dialect !== 'postgres') throw notADistrict()
      return { rooms: await listRooms(deps.sql), cameras: await listCameraRooms(deps.sql) }
    },
    'district:setCameraRoom': async ({ cameraId, room }, ctx) => {
      if (deps.sql.dialect !== 'postgres') throw notADistrict()
      const result = await deps.sql.tx(async (t) => {
        const camera = await getCamera(t, cameraId)
        if (!camera) throw new ApiError('not_found', `No camera ${cameraId}`)
        if (room !== null && !(await roomExists(t, room)))
          throw new ApiError('invalid_input', `No room ${room} in the district`, {
            reason: 'unknown_room'
          })
        const before = await cameraRoomOf(t, cameraId)
        if (room === null) await clearCameraRoom(t, cameraId)
        else await setCameraRoom(t, cameraId, room)
        await ctx.audit({
          action: 'camera.room',
          entityId: camera.code,
          before: { room: before },
          after: { room }
        })
        return { cameraId, room }
      })
      // the rooms' live services read the camera's room at their next connection
      deps.bus.emit('registry:changed', { what: 'cameras' })
      return result
    }
  }
}
