/** Only well-formed https URLs may be handed to the system browser. */
export function isExternalHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * Whether a renderer may navigate to `url`: only within the app's own origin
 * (`watchroom://app`, also in development, where that scheme proxies the dev
 * server). Compared by scheme and host because Node's URL gives every
 * non-special scheme the opaque origin "null". Pure, for tests.
 */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    const u = new URL(url)
    const app = new URL(appOrigin)
    return u.protocol === app.protocol && u.host === app.host
  } catch {
    return false
  }
}

/**
 * What happens to a URL a page asks to open in a new window: evidence
 * exports (videos, snapshots, manifests; served as attachments) are saved as
 * downloads; case reports and case pictures open in a child window without
 * preload; https goes to the system browser; anything else is refused. Pure,
 * for tests.
 */
export type WindowOpenAction = 'download' | 'media-window' | 'external' | 'deny'

const VIEWABLE = /\.(png|jpe?g|html|pdf)$/i

export function classifyWindowOpen(url: string, appOrigin: string): WindowOpenAction {
  if (isExternalHttpsUrl(url)) return 'external'
  if (!isAppUrl(url, appOrigin)) return 'deny'
  const { pathname } = new URL(url)
  if (!pathname.startsWith('/media/')) return 'deny'
  if (pathname.startsWith('/media/export/')) return 'download'
  return VIEWABLE.test(pathname) ? 'media-window' : 'download'
}
