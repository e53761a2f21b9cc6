import type { Camera } from '../../shared/domain/camera'
import type { StreamVariant } from '../../shared/domain/stream'
import { isLiveSourceUrl } from '../live/ingest'

/**
 * The variants the renderer may play for a camera, smallest first. Every
 * kind of camera reaches the renderer the same way: main's live service
 * reads it (RTSP, RTMP, HTTP/WS-FLV, http(s) HLS relayed, the built-in demo
 * source) and sends fMP4 over the live WebSocket below the media base, so the
 * renderer never contacts a camera and the CSP names none. A main stream
 * says what the player falls back to when this screen cannot decode it
 * (H.265): the sub-stream if there is one, else a transcode.
 */
export function resolveStreams(
  camera: Pick<Camera, 'id' | 'code' | 'streamUrl' | 'subStreamUrl'>,
  ctx: { mediaBase: string; demoVariants: readonly { id: string; width: number; height: number }[] }
): StreamVariant[] {
  const main = camera.streamUrl
  const live = (stream: 'main' | 'sub', extra = '') =>
    `${ctx.mediaBase}/live/ws?camera=${camera.id}&stream=${stream}${extra}`
  if (main?.startsWith('demo://')) {
    // the demo source's main and sub variants, by their known sizes (always H.264)
    return (['sub', 'main'] as const).flatMap((stream) => {
      const v = ctx.demoVariants.find((d) => d.id === stream)
      return v ? [{ id: stream, width: v.width, height: v.height, url: live(stream) }] : []
    })
  }
  const out: StreamVariant[] = []
  const sub = isLiveSourceUrl(camera.subStreamUrl)
  if (sub) out.push({ id: 'sub', width: null, height: null, url: live('sub') })
  if (isLiveSourceUrl(main))
    out.push({
      id: 'main',
      width: null,
      height: null,
      url: live('main', `&fallback=${sub ? 'sub' : 'transcode'}`)
    })
  return out
}
