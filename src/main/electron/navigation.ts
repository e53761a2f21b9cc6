/** Only well-formed https URLs may be handed to the system browser. */
export function isExternalHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

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
