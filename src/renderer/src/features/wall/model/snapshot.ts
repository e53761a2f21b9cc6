/** `BG-0001_20260601-140310.png`: camera code and the room's local time, safe as a file name. */
export function snapshotFileName(code: string, atMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23'
  }).formatToParts(atMs)
  const p = (t: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === t)?.value ?? '00'
  const safe = code.replace(/[^A-Za-z0-9_-]/g, '_') || 'camera'
  return `${safe}_${p('year')}${p('month')}${p('day')}-${p('hour')}${p('minute')}${p('second')}.png`
}
