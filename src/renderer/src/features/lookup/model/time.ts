/**
 * The lookup's window is typed and shown in the room's zone (app:info), not
 * the browser's: pickers hold the room's wall time, converted here.
 */

const partsFormatter = new Map<string, Intl.DateTimeFormat>()
function parts(ms: number, timeZone: string): Record<string, number> {
  let f = partsFormatter.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit'
    })
    partsFormatter.set(timeZone, f)
  }
  const out: Record<string, number> = {}
  for (const p of f.formatToParts(ms)) if (p.type !== 'literal') out[p.type] = Number(p.value)
  return out
}

/** Offset of the zone from UTC at `ms`, in ms (Asia/Shanghai: +8 h). */
export function zoneOffsetMs(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - Math.floor(ms / 1000) * 1000
}

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
  const guess = Date.UTC(y, mo - 1, d, h, mi, s)
  // two passes settle the offset across a DST change
  let ms = guess - zoneOffsetMs(guess, timeZone)
  ms = guess - zoneOffsetMs(ms, timeZone)
  return ms
}

/** `YYYY-MM-DD HH:mm:ss` of `ms` in the room's zone. */
export function epochToZoned(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone)
  const two = (n: number | undefined) => String(n ?? 0).padStart(2, '0')
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`
}

/** The default window: the ten minutes up to now, on whole seconds. */
export function defaultWindow(now: number, minutes = 10): { fromMs: number; toMs: number } {
  const toMs = Math.floor(now / 1000) * 1000
  return { fromMs: toMs - minutes * 60_000, toMs }
}
