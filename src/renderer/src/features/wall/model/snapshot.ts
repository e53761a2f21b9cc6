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

/** The current frame of a video as a PNG data URL, at the stream's own resolution; null before the first frame. */
export function captureFrame(video: HTMLVideoElement): string | null {
  if (!video.videoWidth || !video.videoHeight) return null
  const canvas = document.createElement('canvas')
  canvas.width = video.videoWidth
  canvas.height = video.videoHeight
  const ctx = canvas.getContext('2d')
  if (!ctx) return null
  ctx.drawImage(video, 0, 0)
  return canvas.toDataURL('image/png')
}

/** Saves a data URL as a file (a download in the browser, a save dialog in the desktop app). */
export function saveDataUrl(dataUrl: string, fileName: string): void {
  const a = document.createElement('a')
  a.href = dataUrl
  a.download = fileName
  a.click()
}
