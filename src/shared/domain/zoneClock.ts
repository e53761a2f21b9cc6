const formatters = new Map<string, Intl.DateTimeFormat>()

/**
 * An Intl formatter for the calendar and clock fields (24-hour) of an instant
 * in a time zone, made once per zone: the room's wall time is read from it in
 * main (statistics by hour) and in the renderer (typed and shown times).
 */
export function zoneFieldsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
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
    formatters.set(timeZone, f)
  }
  return f
}
