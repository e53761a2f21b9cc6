/**
 * The frame on screen as a data URL at the stream's own resolution; null
 * before the first frame. Media is same-origin, so the canvas is not tainted.
 */
export function captureFrame(
  video: HTMLVideoElement,
  type: 'image/png' | 'image/jpeg' = 'image/png',
  quality?: number
): string | null {
  if (!video.videoWidth || !video.videoHeight) return null
  const canvas = document.createElement('canvas')
  canvas.width = video.videoWidth
  canvas.height = video.videoHeight
  const ctx = canvas.getContext('2d')
  if (!ctx) return null
  ctx.drawImage(video, 0, 0)
  return canvas.toDataURL(type, quality)
}
