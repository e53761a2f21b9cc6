import { zoneFieldsFormatter } from './zoneClock'

/**
 * The room's zone when nothing says otherwise (no WATCHROOM_TZ, app:info not
 * answered yet): the reference district is in China. The one place this
 * literal lives; everything else asks `app:info` or falls back to this.
 */
export const DEFAULT_ROOM_ZONE = 'Asia/Shanghai'

type Fields = { y: string; mo: string; d: string; h: string; mi: string; s: string }

function fieldsOf(ms: number, timeZone: string): Fields {
  const p: Record<string, string> = {}
  for (const part of zoneFieldsFormatter(timeZone).formatToParts(ms)) p[part.type] = part.value
  return { y: p.year, mo: p.month, d: p.day, h: p.hour, mi: p.minute, s: p.second }
}

/** The zone's offset from UTC at an instant, in minutes (Asia/Shanghai: 480). */
export function zoneOffsetMinutes(ms: number, timeZone: string): number {
  const f = fieldsOf(ms, timeZone)
  const wall = Date.UTC(+f.y, +f.mo - 1, +f.d, +f.h, +f.mi, +f.s)
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000)
}

function offset(ms: number, timeZone: string, colon: boolean): string {
  const m = zoneOffsetMinutes(ms, timeZone)
  const a = Math.abs(m)
  const hh = String(Math.floor(a / 60)).padStart(2, '0')
  const mm = String(a % 60).padStart(2, '0')
  return `${m < 0 ? '-' : '+'}${hh}${colon ? ':' : ''}${mm}`
}

/**
 * Room time in ISO 8601 with its offset (`2026-12-07T02:22:44.000+08:00`):
 * what files and manifests carry, so a reader anywhere sees the room's clock
 * and can still compute the instant.
 */
export function roomIso(ms: number, timeZone: string): string {
  const f = fieldsOf(ms, timeZone)
  const frac = String(((ms % 1000) + 1000) % 1000).padStart(3, '0')
  return `${f.y}-${f.mo}-${f.d}T${f.h}:${f.mi}:${f.s}.${frac}${offset(ms, timeZone, true)}`
}

/** Room time for file names (`20261207T022244+0800`): sorts by time, no characters a file system refuses. */
export function roomStamp(ms: number, timeZone: string): string {
  const f = fieldsOf(ms, timeZone)
  return `${f.y}${f.mo}${f.d}T${f.h}${f.mi}${f.s}${offset(ms, timeZone, false)}`
}

/** Room time as people read it (`2026-12-07 02:22:44`), for reports. */
export function roomDateTime(ms: number, timeZone: string): string {
  const f = fieldsOf(ms, timeZone)
  return `${f.y}-${f.mo}-${f.d} ${f.h}:${f.mi}:${f.s}`
}

/** The room's calendar day (`2026-12-07`), for dated file names. */
export function roomDate(ms: number, timeZone: string): string {
  const f = fieldsOf(ms, timeZone)
  return `${f.y}-${f.mo}-${f.d}`
}
