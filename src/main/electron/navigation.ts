/**
 * Whether a renderer may navigate to `url`: only within the app itself (the
 * dev server in development, the packaged file otherwise). Pure, for tests.
 */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    const u = new URL(url)
    if (appOrigin === 'file://') return u.protocol === 'file:'
    return u.origin === appOrigin
  } catch {
    return false
  }
}
