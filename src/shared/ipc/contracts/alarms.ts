import { z } from 'zod'
import { channel } from '../channel'
import { byId, deleteById, rowId } from '../schemas'
import type { Alarm, AlarmRule } from '../../domain/alarm'
import { ONVIF_EVENT_KINDS } from '../../domain/onvif'
import { cameraId, presetToken } from './ptz'

const window = z
  .object({
    day: z.number().int().min(0).max(6),
    from: z.number().int().min(0).max(1440),
    to: z.number().int().min(0).max(1440)
  })
  .strict()
  .refine((w) => w.to > w.from, { message: 'a window ends after it starts' })

const alarmRuleFields = z
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

export const alarmsContract = {
  /** Unacknowledged alarms (all) and the latest acknowledged ones. */
  'alarms:list': channel<Alarm[]>()({
    input: z.object({ ackedLimit: z.number().int().min(0).max(500).default(50) }).strict(),
    permission: 'watch'
  }),
  'alarms:ack': channel<Alarm>()({
    input: byId,
    permission: 'ptz.control',
    audit: 'alarm'
  }),
  'alarms:rules:list': channel<AlarmRule[]>()({
    input: z.object({}).strict(),
    permission: 'watch'
  }),
  /** Create (no id) or replace a rule. */
  'alarms:rules:save': channel<AlarmRule>()({
    input: z.object({ id: rowId.optional(), fields: alarmRuleFields }).strict(),
    permission: 'registry.edit',
    audit: 'alarmRule'
  }),
  'alarms:rules:delete': deleteById('registry.edit', 'alarmRule')
}
