import type { AlarmRuleFields, ScheduleWindow } from '../../shared/domain/alarm'
import type { OnvifEventKind } from '../../shared/domain/onvif'
import { zoneFieldsFormatter } from '../../shared/domain/zoneClock'

/** One event from a camera, as the rules see it. */
export type CameraEvent = { cameraId: number; kind: OnvifEventKind; at: number }

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 }
const weekdayFormatters = new Map<string, Intl.DateTimeFormat>()

/** Day of the week (Sunday 0) and minute of the day of an instant in the room's zone. */
export function roomWeekMinute(at: number, timeZone: string): { day: number; minute: number } {
  let wf = weekdayFormatters.get(timeZone)
  if (!wf) {
    wf = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' })
    weekdayFormatters.set(timeZone, wf)
  }
  const parts = zoneFieldsFormatter(timeZone).formatToParts(at)
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0)
  return { day: WEEKDAYS[wf.format(at)] ?? 0, minute: get('hour') * 60 + get('minute') }
}

/** In the weekly schedule? An empty schedule is always on. */
export function inSchedule(
  schedule: readonly ScheduleWindow[],
  at: number,
  timeZone: string
): boolean {
  if (schedule.length === 0) return true
  const { day, minute } = roomWeekMinute(at, timeZone)
  return schedule.some((w) => w.day === day && minute >= w.from && minute < w.to)
}

/** The enabled rules an event matches: its camera (or all), its kind, inside the schedule. */
export function matchRules<R extends AlarmRuleFields>(
  rules: readonly R[],
  ev: CameraEvent,
  timeZone: string
): R[] {
  return rules.filter(
    (r) =>
      r.enabled &&
      (r.cameraIds.length === 0 || r.cameraIds.includes(ev.cameraId)) &&
      r.kinds.includes(ev.kind) &&
      inSchedule(r.schedule, ev.at, timeZone)
  )
}

/** One alarm per camera per window; later events inside it only count. */
export const THROTTLE_MS = 30_000

/**
 * Whether an event raises a new alarm or folds into the camera's last one:
 * a flood (a swaying tree, a flickering light) must not bury the wall.
 */
export function throttle(
  last: { firstAt: number } | null,
  at: number,
  windowMs = THROTTLE_MS
): 'new' | 'fold' {
  return last && at >= last.firstAt && at - last.firstAt < windowMs ? 'fold' : 'new'
}
