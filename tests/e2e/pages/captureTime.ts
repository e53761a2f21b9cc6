/**
 * Reads, in the page, the capture time a test camera drew into a <video>'s
 * current frame (ms modulo 2^32, see rtsp-camera.py), or null when there is
 * no picture. Self-contained so Playwright can send it to the page
 * (`locator.evaluate(readCaptureTime)`). Compare with latencyMs.
 */
export function readCaptureTime(video: HTMLVideoElement): number | null {
  const w = video.videoWidth
  const h = video.videoHeight
  if (!w || !h) return null
  const c = document.createElement('canvas')
  c.width = w
  c.height = h
  const g = c.getContext('2d', { willReadFrequently: true })
  if (!g) return null
  g.drawImage(video, 0, 0, w, h)
  const rowH = Math.floor(Math.floor(h / 6) / 2)
  let v = 0
  for (let r = 0; r < 2; r++)
    for (let col = 0; col < 16; col++) {
      const x = Math.floor((Math.floor((col * w) / 16) + Math.floor(((col + 1) * w) / 16)) / 2)
      const y = r * rowH + Math.floor(rowH / 2)
      const p = g.getImageData(x, y, 1, 1).data
      v = v * 2 + ((p[0] ?? 0) > 128 ? 1 : 0)
    }
  return v
}
