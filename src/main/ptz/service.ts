import type { Sql } from '../db/sql'
import type { EventBus } from '../app/bus'
import { appendAudit } from '../audit/repository'
import { ApiError } from '../../shared/ipc/errors'
import type { PtzPreset, PtzState, PtzVector, PtzHolder } from '../../shared/domain/ptz'
import type { OnvifDevices } from '../onvif/devices'
import { createPtzSessions, type PtzUser } from './sessions'

/** Renderers renew a held move this often; main stops a move not renewed within DEADMAN_MS. */
export const PTZ_RENEW_MS = 250
export const PTZ_DEADMAN_MS = 1000

export type PtzService = ReturnType<typeof createPtzService>

/**
 * PTZ control: the session rules decide who may steer; this turns their
 * answers into device calls, `ptz:control` events and audit rows (every
 * hold with its move count, every takeover and preset change).
 */
export function createPtzService(deps: {
  sql: Sql
  bus: EventBus
  now: () => number
  devices: OnvifDevices
  idleReleaseMs: number
  log: (m: string) => void
}) {
  const { sql, bus, now, devices } = deps
  const rules = createPtzSessions({ idleReleaseMs: deps.idleReleaseMs, deadmanMs: PTZ_DEADMAN_MS })

  const audit = async (
    actor: string | null,
    action: string,
    cameraId: number,
    before: unknown,
    after: unknown
  ): Promise<void> => {
    await appendAudit(sql, {
      at: now(),
      actor,
      action,
      entity: 'camera',
      entityId: String(cameraId),
      before,
      after
    })
  }
  /** an audit row from the timer, which has no caller to hand a failure to */
  const auditLater = (...a: Parameters<typeof audit>): void =>
    void audit(...a).catch((err: unknown) => deps.log(`PTZ audit failed: ${String(err)}`))
  const announce = (cameraId: number) =>
    bus.emit('ptz:control', { cameraId, holder: rules.holder(cameraId, now()) })

  const stopDevice = (cameraId: number) =>
    devices
      .run(cameraId, (d, l) => d.stop(l.profileToken))
      .catch((err: unknown) => deps.log(`PTZ stop of camera ${cameraId} failed: ${String(err)}`))

  const ptzLink = async (cameraId: number) => {
    const link = await devices.link(cameraId)
    if (!link.ptz)
      throw new ApiError('invalid_input', 'This camera cannot pan, tilt or zoom.', {
        reason: 'no_ptz'
      })
    return link
  }

  const held = (holder: PtzHolder): never => {
    throw new ApiError('conflict', `${holder.displayName} is steering this camera.`, {
      reason: 'ptz_held',
      holder
    })
  }

  /** The caller must hold the dome; a free dome is taken on the first command. */
  const ensureHolder = async (cameraId: number, user: PtzUser) => {
    await ptzLink(cameraId)
    const r = rules.acquire(cameraId, user, now())
    if (!r.ok) held(r.holder)
    else if (r.fresh) {
      await audit(user.username, 'ptz.take', cameraId, null, { holder: user.username })
      announce(cameraId)
    }
  }

  const tick = () => {
    for (const e of rules.tick(now())) {
      if (e.type === 'stop') {
        void stopDevice(e.cameraId)
        auditLater(e.holder.username, 'ptz.stop.lost', e.cameraId, null, { reason: 'not renewed' })
      } else {
        auditLater(
          e.holder.username,
          'ptz.release',
          e.cameraId,
          { holder: e.holder.username },
          { reason: e.reason, moves: e.moves }
        )
        announce(e.cameraId)
      }
    }
  }
  const timer = setInterval(tick, 100)
  timer.unref?.()

  return {
    state(cameraId: number, user: PtzUser): PtzState {
      const t = now()
      const holder = rules.holder(cameraId, t)
      return {
        cameraId,
        holder,
        mine: holder?.username === user.username,
        canTakeOver: rules.canTakeOver(cameraId, user, t),
        idleReleaseS: Math.round(deps.idleReleaseMs / 1000)
      }
    },

    async take(cameraId: number, user: PtzUser, takeOver: boolean): Promise<PtzState> {
      await ptzLink(cameraId)
      const r = rules.acquire(cameraId, user, now(), takeOver)
      if (!r.ok) return held(r.holder)
      if (r.stopFirst) void stopDevice(cameraId)
      if (r.takenFrom)
        await audit(
          user.username,
          'ptz.takeover',
          cameraId,
          { holder: r.takenFrom.username },
          { holder: user.username }
        )
      else if (r.fresh)
        await audit(user.username, 'ptz.take', cameraId, null, { holder: user.username })
      if (r.fresh) announce(cameraId)
      return this.state(cameraId, user)
    },

    async move(cameraId: number, user: PtzUser, v: PtzVector): Promise<void> {
      await ensureHolder(cameraId, user)
      const r = rules.move(cameraId, user, v, now())
      if (!r) return void held(rules.holder(cameraId, now())!)
      if (r.send) await devices.run(cameraId, (d, l) => d.continuousMove(l.profileToken, v))
    },

    async stop(cameraId: number, user: PtzUser): Promise<void> {
      await ptzLink(cameraId)
      const r = rules.stop(cameraId, user, now())
      // a stop from someone who lost the dome is harmless: the new holder's stop or move wins
      if (r?.wasMoving) await devices.run(cameraId, (d, l) => d.stop(l.profileToken))
    },

    async release(cameraId: number, user: PtzUser): Promise<void> {
      const r = rules.release(cameraId, user, now())
      if (!r) return
      if (r.wasMoving) void stopDevice(cameraId)
      await audit(
        user.username,
        'ptz.release',
        cameraId,
        { holder: user.username },
        { reason: 'manual', moves: r.moves }
      )
      announce(cameraId)
    },

    async presets(cameraId: number): Promise<PtzPreset[]> {
      await ptzLink(cameraId)
      return devices.run(cameraId, (d, l) => d.presets(l.profileToken))
    },

    async gotoPreset(cameraId: number, user: PtzUser, token: string): Promise<void> {
      await ensureHolder(cameraId, user)
      rules.touch(cameraId, user, now())
      await devices.run(cameraId, (d, l) => d.gotoPreset(l.profileToken, token))
    },

    async home(cameraId: number, user: PtzUser): Promise<void> {
      await ensureHolder(cameraId, user)
      rules.touch(cameraId, user, now())
      await devices.run(cameraId, (d, l) => d.home(l.profileToken))
    },

    /** An alarm rule turns a dome to a preset: the system acts whoever holds it, and says so. */
    async systemGotoPreset(cameraId: number, token: string, reason: string): Promise<void> {
      await ptzLink(cameraId)
      await devices.run(cameraId, (d, l) => d.gotoPreset(l.profileToken, token))
      await audit(null, 'ptz.preset.goto', cameraId, null, { token, reason })
    },

    async savePreset(cameraId: number, user: PtzUser, name: string): Promise<PtzPreset> {
      await ensureHolder(cameraId, user)
      rules.touch(cameraId, user, now())
      const token = await devices.run(cameraId, (d, l) => d.setPreset(l.profileToken, name))
      await audit(user.username, 'ptz.preset.save', cameraId, null, { token, name })
      return { token, name }
    },

    async renamePreset(
      cameraId: number,
      user: PtzUser,
      token: string,
      name: string
    ): Promise<PtzPreset> {
      await ptzLink(cameraId)
      const before = (await this.presets(cameraId)).find((p) => p.token === token)
      if (!before) throw new ApiError('not_found', 'No such preset.', { reason: 'no_preset' })
      await devices.run(cameraId, (d, l) => d.setPreset(l.profileToken, name, token))
      await audit(user.username, 'ptz.preset.rename', cameraId, before, { token, name })
      return { token, name }
    },

    async deletePreset(cameraId: number, user: PtzUser, token: string): Promise<void> {
      await ptzLink(cameraId)
      const before = (await this.presets(cameraId)).find((p) => p.token === token)
      if (!before) throw new ApiError('not_found', 'No such preset.', { reason: 'no_preset' })
      await devices.run(cameraId, (d, l) => d.removePreset(l.profileToken, token))
      await audit(user.username, 'ptz.preset.delete', cameraId, before, null)
    },

    /** Shutdown: no dome keeps turning after the app is gone. */
    async close(): Promise<void> {
      clearInterval(timer)
      await Promise.all(rules.moving().map((id) => stopDevice(id)))
    }
  }
}
