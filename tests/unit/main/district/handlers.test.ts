import { expect, it } from 'vitest'
import { describeBackends } from '../../../helpers/backends'
import { createTestDeps } from '../../../helpers/appDeps'
import { dispatchAs } from '../../../helpers/dispatchAs'
import { addCamera } from '../../../helpers/recording'
import { createDispatcher, type Handlers } from '../../../../src/main/api/dispatch'
import { districtHandlers } from '../../../../src/main/district/handlers'
import { registerRoom, servingRoomOf } from '../../../../src/main/district/rooms'
import { listAudit } from '../../../../src/main/audit/repository'

/** Naming a camera's room through the real pipeline: a technician's choice, audited; only on a district. */
describeBackends('district handlers', (b) => {
  const setup = () => {
    const t = createTestDeps(b.sql(), 1_780_000_000_000)
    const dispatch = createDispatcher(districtHandlers(t.deps) as unknown as Handlers, {
      ...t.deps,
      unaudited: 'refuse'
    })
    return { ...t, sql: t.deps.sql, ...dispatchAs(dispatch) }
  }

  if (b.dialect === 'sqlite')
    it("refuses on a room's own file", async () => {
      const { as } = setup()
      const r = await as('technician')('district:rooms', {})
      expect(r).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    })
  else
    it("a technician names a camera's room from the directory, audited; an unknown room or a duty operator is refused", async () => {
      const { as, ok, sql } = setup()
      const cam = await addCamera(sql, 'DR-1', 'rtsp://10.0.0.1/main')
      for (const id of ['room-a', 'room-b'])
        await registerRoom(sql, {
          id,
          name: id,
          publicUrl: `http://${id}:5780/`,
          origin: id,
          nowMs: 5
        })
      const tech = as('technician')
      expect(await ok(tech('district:setCameraRoom', { cameraId: cam, room: 'room-b' }))).toEqual({
        cameraId: cam,
        room: 'room-b'
      })
      expect((await servingRoomOf(sql, cam))?.id).toBe('room-b')
      expect(await ok(tech('district:rooms', {}))).toEqual({
        rooms: [
          { id: 'room-a', name: 'room-a', publicUrl: 'http://room-a:5780/', lastSeenMs: 5 },
          { id: 'room-b', name: 'room-b', publicUrl: 'http://room-b:5780/', lastSeenMs: 5 }
        ],
        cameras: [{ cameraId: cam, room: 'room-b' }]
      })
      expect(await tech('district:setCameraRoom', { cameraId: cam, room: 'room-x' })).toMatchObject(
        { ok: false, error: { code: 'invalid_input' } }
      )
      expect(
        await as('duty')('district:setCameraRoom', { cameraId: cam, room: 'room-a' })
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } })
      await ok(tech('district:setCameraRoom', { cameraId: cam, room: null }))
      expect(await servingRoomOf(sql, cam)).toBeNull()
      const audit = (await listAudit(sql, {})).filter((r) => r.action === 'camera.room')
      // newest first
      expect(audit.map((r) => [r.entityId, r.before, r.after])).toEqual([
        ['DR-1', { room: 'room-b' }, { room: null }],
        ['DR-1', { room: null }, { room: 'room-b' }]
      ])
    })
})
