import dayjs, { type Dayjs } from 'dayjs'
import { zoneOffsetMs, zoneParts, zonedToEpochMs } from './time'

/**
 * antd's pickers show and read a Dayjs in the browser's zone. The room may
 * be elsewhere (a workstation set to UTC, a laptop abroad): these give the
 * picker a Dayjs whose fields are the room's wall clock, and read it back.
 */
export function toRoomDayjs(ms: number, timeZone: string): Dayjs {
  const p = zoneParts(ms, timeZone)
  return dayjs(
    new Date(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, ((ms % 1000) + 1000) % 1000)
  )
}

/** The instant a picker's value stands for, its fields read as the room's wall clock. */
export function fromRoomDayjs(d: Dayjs, timeZone: string): number {
  return zonedToEpochMs(
    {
      year: d.year(),
      month: d.month() + 1,
      day: d.date(),
      hour: d.hour(),
      minute: d.minute(),
      second: d.second(),
      ms: d.millisecond()
    },
    timeZone
  )
}

/** `UTC+08:00`: shown next to a typed room time so nobody reads it as their own zone. */
export function utcOffsetLabel(ms: number, timeZone: string): string {
  const m = Math.round(zoneOffsetMs(ms, timeZone) / 60_000)
  const a = Math.abs(m)
  return `UTC${m < 0 ? '−' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}
