import path from 'node:path'
import { app, BrowserWindow, dialog, screen, session, shell } from 'electron'
import { createApp, type WatchRoomApp } from './app/createApp'
import { DatabaseFromFutureError } from './db/migrate'
import { DatabaseCorruptError } from './db/corruption'
import { buildCsp } from './security/csp'
import { secureWindowOptions } from './electron/windowOptions'
import { isAppUrl, isExternalHttpsUrl } from './electron/navigation'
import { electronNativeBinding } from './electron/native'
import { forwardEvents, registerIpc } from './electron/ipc'
import { startMediaServer } from './electron/mediaServer'

// The Electron shell: windows, security policy, IPC. Everything else is the
// same composition root that host mode uses (app/createApp.ts).

if (!app.requestSingleInstanceLock()) app.quit()

const devUrl = process.env.ELECTRON_RENDERER_URL
const appOrigin = devUrl ? new URL(devUrl).origin : 'file://'
let watchRoom: WatchRoomApp | null = null

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
  win.once('ready-to-show', () => {
    if (query) win.maximize()
    win.show()
  })
  if (watchRoom) forwardEvents(watchRoom, win.webContents)
  if (devUrl)
    void win.loadURL(query ? `${devUrl}?${new URLSearchParams(query).toString()}` : devUrl)
  else void win.loadFile(path.join(__dirname, '../renderer/index.html'), { query })
  return win
}

app.on('web-contents-created', (_e, contents) => {
  // Nothing navigates away from the app or opens windows of its own; links
  // to the outside world go to the system browser only if https.
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appOrigin)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalHttpsUrl(url)) void shell.openExternal(url)
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

app.on('before-quit', () => {
  void watchRoom?.close()
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
  const appPath = app.getAppPath()
  const open = (restoreBackup: boolean) =>
    createApp({
      dataDir: app.getPath('userData'),
      resourcesDir: app.isPackaged ? process.resourcesPath : path.join(appPath, 'resources'),
      transport: 'ipc',
      mediaBase: media.base,
      version: app.getVersion(),
      nativeBinding: electronNativeBinding(appPath),
      restoreBackup
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
    app.exit(1)
    return
  }
  const running = watchRoom
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [
          buildCsp({
            mediaOrigins: [media.origin, ...running.streamOrigins()],
            connectOrigins: [media.origin.replace(/^http/, 'ws')]
          })
        ]
      }
    })
  })
  registerIpc(running, appOrigin)
  createWindow()
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow()
  })
}

void start()
