import { z } from 'zod'
import { channel } from '../channel'
import type { Camera } from '../../domain/camera'
import { CAMERA_LIMITS } from '../../domain/registry'
import type { OnvifLink, OnvifProbe } from '../../domain/onvif'
import { ONVIF_EVENT_KINDS } from '../../domain/onvif'
import type { PtzPreset, PtzState } from '../../domain/ptz'
import type { Alarm, AlarmRule } from '../../domain/alarm'

const cameraId = z.number().int().positive()
const velocity = z.number().finite().min(-1).max(1)
const presetToken = z.string().trim().min(1).max(64)
const presetName = z.string().trim().min(1).max(40)
/** ONVIF device service address: http(s) only, no credentials in the URL */
const xaddr = z
  .string()
  .trim()
  .max(500)
  .url()
  .refine((u) => /^https?:\/\//i.test(u) && !/^https?:\/\/[^/]*@/i.test(u), {
    message: 'http(s) address without user:password@'
  })
const account = {
  xaddr,
  username: z.string().trim().min(1).max(100),
  password: z.string().max(200)
}

const window = z
  .object({
    day: z.number().int().min(0).max(6),
    from: z.number().int().min(0).max(1440),
    to: z.number().int().min(0).max(1440)
  })
  .strict()
  .refine((w) => w.to > w.from, { message: 'a window ends after it starts' })

export const alarmRuleFields = z
  .object({
    name: z.string().trim().min(1).max(60),
    enabled: z.boolean(),
    cameraIds: z.array(cameraId).max(5000),
    kinds: z.array(z.enum(ONVIF_EVENT_KINDS)).min(1).max(ONVIF_EVENT_KINDS.length),
    schedule: z.array(window).max(7 * 24),
    actions: z
      .object({
        popup: z.boolean(),
        preset: z.object({ cameraId, presetToken }).strict().nullable(),
        sound: z.boolean(),
        incident: z.boolean()
      })
      .strict()
  })
  .strict()

export const ptzContract = {
  /** Read a device's profiles (main/sub stream URIs, resolution, PTZ, snapshot URI) before saving it. */
  'onvif:probe': channel<OnvifProbe>()({
    input: z.object(account).strict(),
    permission: 'registry.edit'
  }),
  /** WS-Discovery on the local network: device service addresses that answered. */
  'onvif:discover': channel<{ xaddr: string; name: string }[]>()({
    input: z.object({ timeoutMs: z.number().int().min(500).max(10_000).default(3000) }).strict(),
    permission: 'registry.edit'
  }),
  /**
   * Register a camera from its ONVIF device: streams, PTZ and snapshot come
   * from the device; the account is kept in main and never returned.
   */
  'onvif:addCamera': channel<Camera>()({
    input: z
      .object({
        ...account,
        code: z.string().trim().min(1).max(CAMERA_LIMITS.code),
        name: z.string().trim().min(1).max(CAMERA_LIMITS.name),
        lat: z.number().finite().min(-90).max(90),
        lng: z.number().finite().min(-180).max(180),
        block: z.string().trim().max(CAMERA_LIMITS.block).nullable().default(null)
      })
      .strict(),
    permission: 'registry.edit'
  }),
  /** Cameras with an ONVIF device; the account's user name only for technicians and admins. */
  'onvif:links': channel<OnvifLink[]>()({
    input: z.object({}).strict(),
    permission: 'watch'
  }),
  /** Who holds the dome, and what the caller may do about it. */
  'ptz:state': channel<PtzState>()({
    input: z.object({ cameraId }).strict(),
    permission: 'watch'
  }),
  /** Take control of a free dome, or with `takeOver` from a lower role. Refused with `conflict` (details.holder). */
  'ptz:take': channel<PtzState>()({
    input: z.object({ cameraId, takeOver: z.boolean().default(false) }).strict(),
    permission: 'ptz.control'
  }),
  'ptz:release': channel<null>()({
    input: z.object({ cameraId }).strict(),
    permission: 'ptz.control'
  }),
  /**
   * Continuous move while a control is held. The client repeats it every
   * PTZ_RENEW_MS; a move not repeated within PTZ_DEADMAN_MS is stopped by main.
   */
  'ptz:move': channel<null>()({
    input: z.object({ cameraId, pan: velocity, tilt: velocity, zoom: velocity }).strict(),
    permission: 'ptz.control'
  }),
  'ptz:stop': channel<null>()({
    input: z.object({ cameraId }).strict(),
    permission: 'ptz.control'
  }),
  'ptz:home': channel<null>()({
    input: z.object({ cameraId }).strict(),
    permission: 'ptz.control'
  }),
  'ptz:presets': channel<PtzPreset[]>()({
    input: z.object({ cameraId }).strict(),
    permission: 'watch'
  }),
  'ptz:gotoPreset': channel<null>()({
    input: z.object({ cameraId, token: presetToken }).strict(),
    permission: 'ptz.control'
  }),
  /** Save the dome's current position as a preset (technicians). */
  'ptz:savePreset': channel<PtzPreset>()({
    input: z.object({ cameraId, name: presetName }).strict(),
    permission: 'registry.edit'
  }),
  'ptz:renamePreset': channel<PtzPreset>()({
    input: z.object({ cameraId, token: presetToken, name: presetName }).strict(),
    permission: 'registry.edit'
  }),
  'ptz:deletePreset': channel<null>()({
    input: z.object({ cameraId, token: presetToken }).strict(),
    permission: 'registry.edit'
  }),
  /** Unacknowledged alarms (all) and the latest acknowledged ones. */
  'alarms:list': channel<Alarm[]>()({
    input: z.object({ ackedLimit: z.number().int().min(0).max(500).default(50) }).strict(),
    permission: 'watch'
  }),
  'alarms:ack': channel<Alarm>()({
    input: z.object({ id: z.number().int().positive() }).strict(),
    permission: 'ptz.control'
  }),
  'alarmRules:list': channel<AlarmRule[]>()({
    input: z.object({}).strict(),
    permission: 'watch'
  }),
  /** Create (no id) or replace a rule. */
  'alarmRules:save': channel<AlarmRule>()({
    input: z
      .object({ id: z.number().int().positive().optional(), fields: alarmRuleFields })
      .strict(),
    permission: 'registry.edit'
  }),
  'alarmRules:delete': channel<null>()({
    input: z.object({ id: z.number().int().positive() }).strict(),
    permission: 'registry.edit'
  })
} as const
