/**
 * The lookup's window is typed and shown in the room's zone (app:info), not
 * the browser's: pickers hold the room's wall time, converted here.
 */
import { formatDateTime, zonedToEpochMs } from '../../../lib/time'

/** `YYYY-MM-DD HH:mm[:ss]` read as the room's wall time → UTC epoch ms; null when malformed. */
export function zonedToEpoch(wall: string, timeZone: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(wall.trim())
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => Number(v ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number
  ]
  return zonedToEpochMs({ year: y, month: mo, day: d, hour: h, minute: mi, second: s }, timeZone)
}

/** `YYYY-MM-DD HH:mm:ss` of `ms` in the room's zone. */
export function epochToZoned(ms: number, timeZone: string): string {
  return formatDateTime(ms, timeZone)
}

/** The default window: the ten minutes up to now, on whole seconds. */
export function defaultWindow(now: number, minutes = 10): { fromMs: number; toMs: number } {
  const toMs = Math.floor(now / 1000) * 1000
  return { fromMs: toMs - minutes * 60_000, toMs }
}
