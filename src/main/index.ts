import path from 'node:path'
import { app, BrowserWindow, dialog, protocol, screen, session, shell } from 'electron'
import { createApp, type WatchRoomApp } from './app/createApp'
import { createDesktopSecretBox } from './electron/secretBox'
import { defaultDataDir } from './app/paths'
import { appOptionsFrom, readEnvironment } from './app/environment'
import { DatabaseFromFutureError } from './db/migrate'
import { DatabaseCorruptError } from './db/corruption'
import { buildCsp } from './security/csp'
import { mediaWindowOptions, secureWindowOptions } from './electron/windowOptions'
import { classifyWindowOpen, isAppUrl } from './electron/navigation'
import { electronNativeBinding } from './electron/native'
import { forwardEvents, registerIpc } from './electron/ipc'
import { startMediaServer } from './electron/mediaServer'
import {
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppProtocolHandler,
  loopbackRoute
} from './electron/appProtocol'
import { wallWindowQuery } from './windows/handlers'

// The Electron shell: windows, security policy, IPC. Everything else is the
// same composition root that host mode uses (app/createApp.ts).

const env = readEnvironment(process.env)
const dataDir = defaultDataDir(process.platform, process.env)
// Chromium's profile lives inside the data directory, so the single-instance
// lock (kept per userData) guards exactly the database a second copy would open.
app.setPath('userData', path.join(dataDir, 'electron'))
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])

const devUrl = process.env.ELECTRON_RENDERER_URL
let watchRoom: WatchRoomApp | null = null
/** pages of the app itself (with preload); media windows are not among them */
const appContents = new Set<number>()
let quitState: 'running' | 'closing' | 'closed' = 'running'

/**
 * A window of the app. Further wall windows (`query`: window id and layout)
 * open on the next display, so a room with several monitors fills them.
 */
function createWindow(query?: Record<string, string>): BrowserWindow {
  const options = secureWindowOptions(path.join(__dirname, '../preload/index.js'))
  if (query) {
    const displays = screen.getAllDisplays()
    const display =
      displays[BrowserWindow.getAllWindows().length % displays.length] ?? screen.getPrimaryDisplay()
    Object.assign(options, { x: display.workArea.x + 40, y: display.workArea.y + 40 })
  }
  const win = new BrowserWindow(options)
  const id = win.webContents.id
  appContents.add(id)
  win.webContents.once('destroyed', () => appContents.delete(id))
  win.once('ready-to-show', () => {
    if (query) win.maximize()
    win.show()
  })
  if (watchRoom) forwardEvents(watchRoom, win.webContents)
  const search = query ? `?${new URLSearchParams(query).toString()}` : ''
  void win.loadURL(`${APP_ORIGIN}/${search}`)
  return win
}

/** A snapshot, video file or case report: its own window, with no preload and so no API. */
function openMediaWindow(url: string): void {
  const win = new BrowserWindow(mediaWindowOptions())
  win.once('ready-to-show', () => win.show())
  void win.loadURL(url)
}

app.on('web-contents-created', (_e, contents) => {
  // Nothing navigates away from the app or opens windows of its own.
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, APP_ORIGIN)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    switch (classifyWindowOpen(url, APP_ORIGIN)) {
      case 'download':
        contents.downloadURL(url)
        break
      case 'media-window':
        openMediaWindow(url)
        break
      case 'external':
        void shell.openExternal(url)
        break
      case 'deny':
        break
    }
    return { action: 'deny' }
  })
})

app.on('second-instance', () => {
  const [win] = BrowserWindow.getAllWindows()
  if (win) {
    if (win.isMinimized()) win.restore()
    win.focus()
  }
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

// Quitting waits for close(): recorders stop their ffmpeg processes and the
// database is closed before the process ends.
app.on('before-quit', (event) => {
  if (quitState === 'closed' || !watchRoom) return
  event.preventDefault()
  if (quitState === 'closing') return
  quitState = 'closing'
  watchRoom
    .close()
    .catch((err: unknown) => console.error('WatchRoom did not close cleanly', err))
    .finally(() => {
      quitState = 'closed'
      app.quit()
    })
})

async function start(): Promise<void> {
  await app.whenReady()
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false)
  )
  session.defaultSession.setPermissionCheckHandler(() => false)

  const media = await startMediaServer(
    () => watchRoom?.handleMedia ?? null,
    () => watchRoom?.handleLiveUpgrade ?? null
  )
  // Live video is a WebSocket, which protocol.handle cannot carry: the page
  // opens it straight to the loopback server, behind the same per-launch secret.
  const liveSocketBase = media.base.replace(/^http/, 'ws')
  const liveSocketOrigin = new URL(liveSocketBase).origin
  const appPath = app.getAppPath()
  protocol.handle(
    APP_SCHEME,
    createAppProtocolHandler({
      rendererDir: path.join(__dirname, '../renderer'),
      devServerUrl: devUrl,
      routes: [loopbackRoute('/media/', () => media.base)],
      csp: (extra) =>
        buildCsp({
          mediaOrigins: watchRoom?.streamOrigins() ?? [],
          connectOrigins: [...extra.connectOrigins, liveSocketOrigin],
          scriptSources: extra.scriptSources
        })
    })
  )
  const open = (restoreBackup: boolean) =>
    createApp({
      dataDir,
      resourcesDir: app.isPackaged ? process.resourcesPath : path.join(appPath, 'resources'),
      transport: 'ipc',
      mediaBase: '/media',
      liveSocketBase,
      version: app.getVersion(),
      ...appOptionsFrom(env),
      // WATCHROOM_DEMO=1/0 asks for the demo district or not, as in host mode. `npm start` from a
      // checkout opens the demo, as the README promises; an installed app asks at first start
      // (demo or a real room with the admin's own password)
      demo: env.demo ?? (app.isPackaged ? undefined : true),
      nativeBinding: electronNativeBinding(appPath),
      // camera stream passwords sealed by the OS keychain where there is one
      secretBox: createDesktopSecretBox(dataDir),
      restoreBackup,
      openWindow: (req) => {
        createWindow(Object.fromEntries(new URLSearchParams(wallWindowQuery(req))))
      }
    })
  try {
    try {
      watchRoom = await open(false)
    } catch (err) {
      // a damaged database: offer the newest backup (the damaged file is kept aside)
      if (!(err instanceof DatabaseCorruptError) || err.backups.length === 0) throw err
      const { response } = await dialog.showMessageBox({
        type: 'error',
        message: err.message,
        buttons: ['Restore the newest backup', 'Quit'],
        defaultId: 0,
        cancelId: 1
      })
      if (response !== 0) throw err
      watchRoom = await open(true)
    }
  } catch (err) {
    const message =
      err instanceof DatabaseFromFutureError
        ? err.message
        : `WatchRoom could not open its database: ${String(err)}`
    dialog.showErrorBox('WatchRoom', message)
    await media.close()
    app.exit(1)
    return
  }
  const running = watchRoom
  registerIpc(running, (contents) => appContents.has(contents.id))
  app.on('will-quit', () => void media.close())
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
}

// A second copy hands over to the first (which focuses its window) and ends
// here, before it opens the database or starts any ffmpeg.
if (app.requestSingleInstanceLock()) void start()
else app.exit(0)
