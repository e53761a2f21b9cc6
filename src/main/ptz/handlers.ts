import type { AppDeps } from '../app/deps'
import type { HandlerContext, HandlersOf } from '../api/dispatch'
import type { ptzContract } from '../../shared/ipc/contracts/ptz'
import type { onvifContract } from '../../shared/ipc/contracts/onvif'
import type { alarmsContract } from '../../shared/ipc/contracts/alarms'
import { ApiError } from '../../shared/ipc/errors'
import { roleHas } from '../../shared/auth/roles'
import { createCamera } from '../registry/service'
import { storeCredentials } from '../cameras/credentials'
import { getCamera } from '../cameras/repository'
import { connectOnvif, discoverOnvif } from '../onvif/client'
import { listOnvifLinks, upsertOnvifLink } from '../onvif/repository'
import type { OnvifDevices } from '../onvif/devices'
import type { PtzService } from './service'
import type { PtzUser } from './sessions'
import type { AlarmService } from '../alarms/service'
import {
  ackAlarm,
  deleteAlarmRule,
  getAlarm,
  getAlarmRule,
  insertAlarmRule,
  listAlarmRules,
  listAlarms,
  updateAlarmRule
} from '../alarms/repository'
import type { OnvifProbe } from '../../shared/domain/onvif'

function userOf(ctx: HandlerContext): PtzUser {
  const u = ctx.session?.user
  // the dispatcher has checked the session before any of these run
  if (!u) throw new ApiError('unauthenticated', 'Log in first.')
  return { username: u.username, displayName: u.displayName, role: u.role }
}

async function probeDevice(a: {
  xaddr: string
  username: string
  password: string
}): Promise<OnvifProbe> {
  const d = connectOnvif(a)
  try {
    return await d.probe()
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err)
    const auth = /not ?authori[sz]ed|401|authentication/i.test(msg)
    throw new ApiError('unavailable', `The ONVIF device did not answer: ${msg.slice(0, 200)}`, {
      reason: auth ? 'onvif_auth' : 'onvif_unreachable'
    })
  } finally {
    d.close()
  }
}

/** PTZ, presets, ONVIF devices and camera alarms. */
export function ptzHandlers(
  deps: AppDeps,
  s: { ptz: PtzService; alarms: AlarmService; devices: OnvifDevices }
): HandlersOf<typeof ptzContract & typeof onvifContract & typeof alarmsContract> {
  const { sql, bus, now } = deps
  return {
    'onvif:probe': (input) => probeDevice(input),
    'onvif:discover': async ({ timeoutMs }) => {
      try {
        return await discoverOnvif(timeoutMs)
      } catch (err) {
        throw new ApiError('unavailable', `WS-Discovery failed: ${String(err)}`, {
          reason: 'discovery'
        })
      }
    },
    'onvif:addCamera': async ({ xaddr, username, password, code, name, lat, lng, block }, ctx) => {
      const probe = await probeDevice({ xaddr, username, password })
      const main = probe.profiles[0]
      if (!main)
        throw new ApiError('invalid_input', 'The device has no media profile.', {
          reason: 'onvif_no_profile'
        })
      const sub = probe.profiles[1]
      const actor = ctx.actor
      const cam = await sql.tx(async (t) => {
        const c = await createCamera(
          t,
          code,
          {
            name,
            lat,
            lng,
            headingDeg: null,
            fovDeg: null,
            anpr: false,
            streamUrl: main.streamUri,
            subStreamUrl: sub && sub.streamUri !== main.streamUri ? sub.streamUri : null,
            block,
            community: null,
            kind: probe.ptz ? 'dome' : null,
            owner: 'public',
            notes: null
          },
          { actor, now: now(), secrets: deps.secrets }
        )
        // ONVIF hands out stream addresses without the account, which the streams need as well
        if (deps.secrets && !c.streamUser && !c.streamPasswordSet)
          await storeCredentials(t, deps.secrets, { id: c.id }, { user: username, password })
        await upsertOnvifLink(
          t,
          {
            cameraId: c.id,
            xaddr,
            username,
            password,
            profileToken: main.token,
            ptz: probe.ptz,
            snapshotUri: probe.snapshotUri
          },
          { now: now(), actor, secrets: deps.secrets }
        )
        // the account is named in the audit, never its password
        await ctx.audit({
          action: 'camera.onvif.link',
          entityId: code,
          after: { xaddr, username, profile: main.token, ptz: probe.ptz }
        })
        return (await getCamera(t, c.id)) ?? c
      })
      s.devices.forget(cam.id)
      await s.alarms.refresh()
      bus.emit('registry:changed', { what: 'cameras' })
      return cam
    },
    'onvif:links': async (_input, ctx) => {
      const seesAccount = !!ctx.session && roleHas(ctx.session.user.role, 'registry.edit')
      return (await listOnvifLinks(sql)).map((l) => ({
        cameraId: l.cameraId,
        xaddr: l.xaddr,
        username: seesAccount ? l.username : null,
        profileToken: l.profileToken,
        ptz: l.ptz,
        snapshotUri: l.snapshotUri
      }))
    },
    'ptz:state': ({ cameraId }, ctx) => s.ptz.state(cameraId, userOf(ctx)),
    'ptz:take': ({ cameraId, takeOver }, ctx) => s.ptz.take(cameraId, userOf(ctx), takeOver),
    'ptz:release': async ({ cameraId }, ctx) => {
      await s.ptz.release(cameraId, userOf(ctx))
      return null
    },
    'ptz:move': async ({ cameraId, pan, tilt, zoom }, ctx) => {
      await s.ptz.move(cameraId, userOf(ctx), { pan, tilt, zoom })
      return null
    },
    'ptz:stop': async ({ cameraId }, ctx) => {
      await s.ptz.stop(cameraId, userOf(ctx))
      return null
    },
    'ptz:home': async ({ cameraId }, ctx) => {
      await s.ptz.home(cameraId, userOf(ctx))
      return null
    },
    'ptz:presets': ({ cameraId }) => s.ptz.presets(cameraId),
    'ptz:gotoPreset': async ({ cameraId, token }, ctx) => {
      await s.ptz.gotoPreset(cameraId, userOf(ctx), token)
      return null
    },
    'ptz:savePreset': ({ cameraId, name }, ctx) => s.ptz.savePreset(cameraId, userOf(ctx), name),
    'ptz:renamePreset': ({ cameraId, token, name }, ctx) =>
      s.ptz.renamePreset(cameraId, userOf(ctx), token, name),
    'ptz:deletePreset': async ({ cameraId, token }, ctx) => {
      await s.ptz.deletePreset(cameraId, userOf(ctx), token)
      return null
    },
    'alarms:list': ({ ackedLimit }) => listAlarms(sql, { ackedLimit }),
    'alarms:ack': async ({ id }, ctx) => {
      const user = userOf(ctx)
      const alarm = await sql.tx(async (t) => {
        const before = await getAlarm(t, id)
        if (!before) throw new ApiError('not_found', 'No such alarm.')
        if (await ackAlarm(t, id, now(), user.username))
          await ctx.audit({
            action: 'alarm.ack',
            entityId: id,
            before: { ackedAt: null },
            after: { ackedAt: now() }
          })
        else ctx.nothingToAudit()
        return (await getAlarm(t, id))!
      })
      bus.emit('alarm:changed', { alarm, raised: false })
      return alarm
    },
    'alarms:rules:list': () => listAlarmRules(sql),
    'alarms:rules:save': ({ id, fields }, ctx) => {
      const actor = ctx.actor
      return sql.tx(async (t) => {
        const before = id === undefined ? null : ((await getAlarmRule(t, id)) ?? null)
        if (id !== undefined && !before) throw new ApiError('not_found', 'No such alarm rule.')
        const saved =
          id === undefined
            ? await insertAlarmRule(t, fields, now(), actor)
            : (await updateAlarmRule(t, id, fields, now(), actor))!
        await ctx.audit({
          action: id === undefined ? 'alarmRule.create' : 'alarmRule.update',
          entityId: saved.id,
          before,
          after: saved
        })
        return saved
      })
    },
    'alarms:rules:delete': async ({ id }, ctx) => {
      await sql.tx(async (t) => {
        const before = await getAlarmRule(t, id)
        if (!before || !(await deleteAlarmRule(t, id)))
          throw new ApiError('not_found', 'No such alarm rule.')
        await ctx.audit({ action: 'alarmRule.delete', entityId: id, before })
      })
      return null
    }
  }
}
