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
