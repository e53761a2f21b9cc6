import type { Camera } from '../../shared/domain/camera'
import type { StreamVariant } from '../../shared/domain/stream'
import { isIngestUrl } from '../live/ingest'

/**
 * The variants the renderer may play for a camera, smallest first.
 * http(s) HLS URLs are played directly (their origins are in the
 * CSP); rtsp://, rtmp:// and HTTP-FLV are ingested by main's live service
 * and reach the renderer as fMP4 over the live WebSocket below the media
 * base. A main stream says what the player falls back to when this screen
 * cannot decode it (H.265): the sub-stream if there is one, else a transcode.
 */
export function resolveStreams(
  camera: Pick<Camera, 'id' | 'code' | 'streamUrl' | 'subStreamUrl'>,
  ctx: { mediaBase: string }
): StreamVariant[] {
  const main = camera.streamUrl
  const out: StreamVariant[] = []
  const live = (stream: 'main' | 'sub', extra = '') =>
    `${ctx.mediaBase}/live/ws?camera=${camera.id}&stream=${stream}${extra}`
  if (isIngestUrl(main) || isIngestUrl(camera.subStreamUrl)) {
    const sub = isIngestUrl(camera.subStreamUrl)
    if (sub) out.push({ id: 'sub', width: null, height: null, url: live('sub') })
    if (isIngestUrl(main))
      out.push({
        id: 'main',
        width: null,
        height: null,
        url: live('main', `&fallback=${sub ? 'sub' : 'transcode'}`)
      })
    return out
  }
  const playable = (u: string | null): u is string => !!u && /^https?:\/\//i.test(u)
  if (playable(camera.subStreamUrl))
    out.push({ id: 'sub', width: null, height: null, url: camera.subStreamUrl })
  if (playable(main)) out.push({ id: 'main', width: null, height: null, url: main })
  return out
}
