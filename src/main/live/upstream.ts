import type { Camera } from '../../shared/domain/camera'
import type { LiveStreamKind } from '../../shared/domain/live'

/**
 * The one place that builds the URL main opens for a camera's stream. Every
 * upstream (the wall, the recorder and health as clients of the live
 * service) starts here, so credentials kept in the camera's record go into
 * the URL here and nowhere else. A demo camera (`demo://CODE`) names the
 * demo source's variant: `demo://CODE/main` or `demo://CODE/sub`.
 * null: the camera has no such stream.
 */
export function upstreamUrl(
  camera: Pick<Camera, 'code' | 'streamUrl' | 'subStreamUrl'>,
  stream: LiveStreamKind
): string | null {
  const main = camera.streamUrl
  if (main?.startsWith('demo://')) {
    const code = main.slice('demo://'.length).split('/')[0] || camera.code
    return `demo://${encodeURIComponent(code)}/${stream}`
  }
  return (stream === 'sub' ? camera.subStreamUrl : main) || null
}
