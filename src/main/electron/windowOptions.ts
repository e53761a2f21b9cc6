import type { BrowserWindowConstructorOptions } from 'electron'

/**
 * The security-relevant window options, in one place so a test can read
 * them: the renderer is sandboxed, isolated from preload, and has no Node.
 */
export function secureWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1600,
    height: 960,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    backgroundColor: '#0b1220',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      // middle-click must not open new windows
      disableBlinkFeatures: 'Auxclick',
      webviewTag: false,
      spellcheck: false
    }
  }
}

/**
 * A window for one media file (snapshot, video, case report): sandboxed like
 * the app's windows, and with no preload, so nothing in it can reach the API.
 */
export function mediaWindowOptions(): BrowserWindowConstructorOptions {
  const { webPreferences, ...rest } = secureWindowOptions('')
  const { preload: _none, ...prefs } = webPreferences ?? {}
  return { ...rest, width: 1280, height: 800, webPreferences: prefs }
}
