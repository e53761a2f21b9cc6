/** Times typed in the room's zone ↔ epoch ms. Pure (Intl only). */
import { zoneOffsetMs, zoneParts, zonedToEpochMs } from '../../../lib/time'

/** Calendar date (y, m, d) of instant `t` in the zone. */
function dateIn(timeZone: string, t: number): [number, number, number] {
  const p = zoneParts(t, timeZone)
  return [p.year, p.month, p.day]
}

/**
 * Parse `HH:mm[:ss[.SSS]]` (on the reference instant's date) or
 * `YYYY-MM-DD HH:mm[:ss[.SSS]]`, read in the room's zone. Undefined if invalid.
 */
export function parseRoomTime(
  text: string,
  timeZone: string,
  reference: number
): number | undefined {
  const m =
    /^\s*(?:(\d{4})-(\d{1,2})-(\d{1,2})[ T])?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?\s*$/.exec(
      text
    )
  if (!m) return undefined
  const [ry, rm, rd] = dateIn(timeZone, reference)
  const y = m[1] ? Number(m[1]) : ry
  const mo = m[2] ? Number(m[2]) : rm
  const d = m[3] ? Number(m[3]) : rd
  const h = Number(m[4])
  const mi = Number(m[5])
  const s = Number(m[6] ?? 0)
  const ms = Number((m[7] ?? '0').padEnd(3, '0'))
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined
  return zonedToEpochMs(
    { year: y, month: mo, day: d, hour: h, minute: mi, second: s, ms },
    timeZone
  )
}

/** `HH:mm:ss.SSS` of `t` in the zone. */
export function formatClock(t: number, timeZone: string): string {
  const off = zoneOffsetMs(t, timeZone)
  const d = new Date(t + off)
  const pad = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`
}

/** `YYYY-MM-DD` of `t` in the zone. */
export function formatDay(t: number, timeZone: string): string {
  const [y, m, d] = dateIn(timeZone, t)
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
}
