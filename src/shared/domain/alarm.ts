import type { OnvifEventKind } from './onvif'

/** A weekly window of the room's time: day 0 = Sunday, minutes from midnight, `to` exclusive. */
export type ScheduleWindow = { day: number; from: number; to: number }

/** What a rule does when it matches. */
export type AlarmActions = {
  /** pop the camera onto the alarm tile with a flashing border */
  popup: boolean
  /** turn another dome to one of its presets */
  preset: { cameraId: number; presetToken: string } | null
  sound: boolean
  /** open a draft incident with the camera's snapshot */
  incident: boolean
}

export type AlarmRuleFields = {
  name: string
  enabled: boolean
  /** empty: every ONVIF camera */
  cameraIds: number[]
  kinds: OnvifEventKind[]
  /** empty: always */
  schedule: ScheduleWindow[]
  actions: AlarmActions
}

export type AlarmRule = AlarmRuleFields & {
  id: number
  updatedAt: number
  updatedBy: string | null
}

/** A raised alarm; repeated events of a camera within the throttle window raise its count. */
export type Alarm = {
  id: number
  cameraId: number
  cameraCode: string
  cameraName: string
  ruleId: number | null
  kind: OnvifEventKind
  firstAt: number
  lastAt: number
  count: number
  popup: boolean
  sound: boolean
  incidentId: number | null
  ackedAt: number | null
  ackedBy: string | null
}
