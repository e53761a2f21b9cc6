import { zoneFieldsFormatter } from '../../../shared/domain/zoneClock'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(timeZone: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}|${withDate}`
  let f = formatters.get(key)
  if (!f) {
    f = new Intl.DateTimeFormat('sv-SE', {
      timeZone,
      year: withDate ? 'numeric' : undefined,
      month: withDate ? '2-digit' : undefined,
      day: withDate ? '2-digit' : undefined,
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: false
    })
    formatters.set(key, f)
  }
  return f
}

/** `2026-06-01 14:03:10` in the room's time zone (storage is UTC epoch ms). */
export function formatDateTime(ms: number, timeZone: string): string {
  return formatter(timeZone, true).format(ms)
}

/** `14:03:10` in the room's time zone. */
export function formatTime(ms: number, timeZone: string): string {
  return formatter(timeZone, false).format(ms)
}

export type ZoneParts = {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
}

/** The calendar and clock fields of `ms` in the zone. */
export function zoneParts(ms: number, timeZone: string): ZoneParts {
  const f = zoneFieldsFormatter(timeZone)
  const out: Record<string, number> = {}
  for (const p of f.formatToParts(ms)) if (p.type !== 'literal') out[p.type] = Number(p.value)
  return out as ZoneParts
}

/** Offset of the zone from UTC at `ms`, in ms (China: +8 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const p = zoneParts(ms, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - Math.floor(ms / 1000) * 1000
}

/** A wall-clock time read in the zone → UTC epoch ms; two passes settle a DST change. */
export function zonedToEpochMs(f: ZoneParts & { ms?: number }, timeZone: string): number {
  const naive = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.ms ?? 0)
  const t = naive - zoneOffsetMs(naive, timeZone)
  return naive - zoneOffsetMs(t, timeZone)
}
