/**
 * The desktop app's main process without Electron's binary: the built
 * out/main/index.js runs here, in Node, with `require('electron')` answered
 * by the stand-in below. Everything the app does is its own code; only
 * Electron's parts are replaced, each by the smallest faithful equivalent:
 *   - protocol.handle: the registered handler is mounted behind an HTTP server
 *     on 127.0.0.1, which the renderer half's Chromium pages load
 *     (`watchroom://app/x` is `http://127.0.0.1:PORT/x` there);
 *   - BrowserWindow / webContents: a Chromium page in the test process;
 *   - ipcMain: invoke calls arrive from that page's preload over the fork channel;
 *   - app: events, paths, the single-instance lock (a Unix socket in userData,
 *     as Chromium's ProcessSingleton), quit and exit.
 * Started by desktop.ts with `node --import tsx`, argv[2] = the project root.
 */
import { spawnSync } from 'node:child_process'
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { mkdirSync, readFileSync, rmSync, writeSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import Module, { createRequire } from 'node:module'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import type { FromMain, ToMain, WindowOptions } from './messages'
import { ffmpegDescendants } from './processes'

const root = path.resolve(process.argv[2] ?? '.')
const send = (msg: FromMain) => process.send?.(msg)

type Handler = (req: Request) => Promise<Response>

/** An Electron-style event: listeners may call preventDefault(). */
function electronEvent(extra: Record<string, unknown> = {}) {
  const e = {
    defaultPrevented: false,
    preventDefault() {
      e.defaultPrevented = true
    },
    ...extra
  }
  return e
}

// ---------------------------------------------------------------- app
const paths = new Map<string, string>([['userData', path.join(root, '.harness-user-data')]])
const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  ready: false,
  quitting: false,
  getAppPath: () => root,
  getVersion: () =>
    (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
      .version,
  getPath: (name: string) => paths.get(name) ?? path.join(root, `.harness-${name}`),
  setPath: (name: string, p: string) => void paths.set(name, p),
  whenReady: () =>
    new Promise<void>((resolve) => {
      if (app.ready) resolve()
      else app.once('ready', () => resolve())
    }),
  requestSingleInstanceLock: () => singleInstanceLock(),
  quit: () => quit(),
  exit: (code = 0) => process.exit(code)
})

/**
 * Chromium's ProcessSingleton, in small: the first instance listens on a
 * socket in userData; a later one connects, hands over its argv, and is told
 * it does not hold the lock. Synchronous, as Electron's is.
 */
function singleInstanceLock(): boolean {
  const socketPath = path.join(app.getPath('userData'), 'SingletonSocket')
  // a connect attempt in a child keeps this call synchronous
  const r = spawnSync(process.execPath, [
    '-e',
    `const s=require('net').connect(${JSON.stringify(socketPath)});s.on('connect',()=>s.end(${JSON.stringify(JSON.stringify(process.argv))},()=>process.exit(0)));s.on('error',()=>process.exit(1))`
  ])
  if (r.status === 0) return false
  rmSync(socketPath, { force: true })
  mkdirSync(path.dirname(socketPath), { recursive: true })
  const server = net.createServer((s) => {
    let data = ''
    s.on('data', (b: Buffer) => (data += b.toString()))
    s.on('end', () => {
      const argv = JSON.parse(data || '[]') as string[]
      send({ t: 'second-instance', argv })
      app.emit('second-instance', electronEvent(), argv, process.cwd())
    })
  })
  server.listen(socketPath)
  server.unref()
  return true
}

let quitDone = false
function quit(): void {
  if (quitDone) return
  // as in Electron, a quit asked for before ready happens once the app is ready
  // (code after the call, such as an un-awaited start(), keeps running)
  if (!app.ready) return void app.once('ready', () => setImmediate(quit))
  const before = electronEvent()
  app.emit('before-quit', before)
  if (before.defaultPrevented) return
  for (const w of [...windows.values()]) w.destroy()
  const will = electronEvent()
  app.emit('will-quit', will)
  if (will.defaultPrevented) return
  quitDone = true
  app.emit('quit', electronEvent(), 0)
  // let the last messages to the renderer half leave first
  setImmediate(() => process.exit(0))
}

// ---------------------------------------------------------------- protocol
const privileged: { scheme: string }[] = []
const schemes = new Map<string, Handler>()
const protocol = {
  registerSchemesAsPrivileged: (list: { scheme: string }[]) => {
    if (app.ready) throw new Error('registerSchemesAsPrivileged must be called before ready')
    privileged.push(...list)
  },
  handle: (scheme: string, handler: Handler) => {
    if (!privileged.some((p) => p.scheme === scheme))
      throw new Error(`${scheme}: is not a privileged scheme`)
    schemes.set(scheme, handler)
  }
}

/** Serves every registered scheme's handler on a loopback port: `/x` is `<scheme>://app/x`. */
function startSchemeServer(): void {
  const server = http.createServer((req, res) => {
    const [scheme, handler] = [...schemes][0] ?? []
    if (!handler) return void res.writeHead(503).end()
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === 'string' && k !== 'host') headers.set(k, v)
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
    const request = new Request(`${scheme}://app${req.url ?? '/'}`, {
      method: req.method,
      headers,
      body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
      duplex: hasBody ? 'half' : undefined
    } as RequestInit)
    handler(request)
      .then((response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers))
        if (!response.body || req.method === 'HEAD') return void res.end()
        const body = Readable.fromWeb(response.body as WebReadableStream)
        res.on('close', () => body.destroy())
        body.pipe(res)
      })
      .catch((err: unknown) => {
        console.error('scheme handler failed', err)
        if (!res.headersSent) res.writeHead(500)
        res.end()
      })
  })
  server.listen(0, '127.0.0.1', () => {
    send({ t: 'listening', port: (server.address() as AddressInfo).port })
  })
}

// ---------------------------------------------------------------- windows
type OpenHandler = (d: { url: string; frameName: string; features: string }) => { action: string }
const windows = new Map<number, StandInWindow>()
let nextId = 1

class StandInContents extends EventEmitter {
  destroyed = false
  url = ''
  openHandler: OpenHandler | null = null
  constructor(readonly id: number) {
    super()
  }
  get mainFrame() {
    return { url: this.url }
  }
  isDestroyed = () => this.destroyed
  getURL = () => this.url
  send(channel: string, ...args: unknown[]) {
    if (!this.destroyed) send({ t: 'send', id: this.id, channel, args })
  }
  setWindowOpenHandler(h: OpenHandler) {
    this.openHandler = h
  }
  downloadURL(url: string) {
    send({ t: 'download', id: this.id, url })
  }
  loadURL(url: string) {
    this.url = url
    send({ t: 'window:load', id: this.id, url })
    return Promise.resolve()
  }
}

class StandInWindow extends EventEmitter {
  static getAllWindows = () => [...windows.values()]
  readonly id: number
  readonly webContents: StandInContents
  private minimized = false
  constructor(
    options: { webPreferences?: { preload?: string }; width?: number; height?: number } = {}
  ) {
    super()
    if (!app.ready) throw new Error('Cannot create BrowserWindow before app is ready')
    this.id = nextId++
    this.webContents = new StandInContents(this.id)
    windows.set(this.id, this)
    const o: WindowOptions = {
      preload: options.webPreferences?.preload,
      width: options.width,
      height: options.height
    }
    send({ t: 'window:create', id: this.id, options: o })
    app.emit('web-contents-created', electronEvent(), this.webContents)
  }
  loadURL = (url: string) => this.webContents.loadURL(url)
  show = () => send({ t: 'window:show', id: this.id })
  focus = () => send({ t: 'window:focus', id: this.id })
  maximize = () => undefined
  isMinimized = () => this.minimized
  restore = () => void (this.minimized = false)
  isDestroyed = () => this.webContents.destroyed
  close = () => send({ t: 'window:close', id: this.id })
  /** the page is gone: the window and its contents are destroyed */
  destroy() {
    if (this.webContents.destroyed) return
    this.webContents.destroyed = true
    windows.delete(this.id)
    send({ t: 'window:close', id: this.id })
    this.emit('closed')
    this.webContents.emit('destroyed')
  }
}

// ---------------------------------------------------------------- ipcMain
const invokeHandlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
const ipcMain = {
  handle: (channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) => {
    if (invokeHandlers.has(channel)) throw new Error(`second handler for ${channel}`)
    invokeHandlers.set(channel, fn)
  },
  removeHandler: (channel: string) => void invokeHandlers.delete(channel)
}

// ---------------------------------------------------------------- the rest
const display = { id: 1, workArea: { x: 0, y: 0, width: 1600, height: 960 }, scaleFactor: 1 }
const noop = () => undefined
const keychainKey = randomBytes(32)
const electron = {
  app,
  protocol,
  BrowserWindow: StandInWindow,
  webContents: {
    getAllWebContents: () => [...windows.values()].map((w) => w.webContents),
    fromId: (id: number) => windows.get(id)?.webContents
  },
  ipcMain,
  screen: { getAllDisplays: () => [display], getPrimaryDisplay: () => display },
  session: {
    defaultSession: {
      setPermissionRequestHandler: noop,
      setPermissionCheckHandler: noop,
      webRequest: { onHeadersReceived: noop }
    }
  },
  dialog: {
    showErrorBox: (title: string, message: string) => {
      console.error(`${title}: ${message}`)
      send({ t: 'dialog', message })
    },
    showMessageBox: (o: { message: string; cancelId?: number }) => {
      send({ t: 'dialog', message: o.message })
      return Promise.resolve({ response: o.cancelId ?? 0 })
    }
  },
  shell: {
    openExternal: (url: string) => {
      send({ t: 'open-external', url })
      return Promise.resolve()
    }
  },
  // a keychain of this process's own: the app's safeStorage path runs as on a desktop with one
  safeStorage: {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (plain: string) => {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', keychainKey, iv)
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()])
      return Buffer.concat([iv, body, c.getAuthTag()])
    },
    decryptString: (sealed: Buffer) => {
      const d = createDecipheriv('aes-256-gcm', keychainKey, sealed.subarray(0, 12))
      d.setAuthTag(sealed.subarray(sealed.length - 16))
      return Buffer.concat([d.update(sealed.subarray(12, sealed.length - 16)), d.final()]).toString(
        'utf8'
      )
    }
  }
}

// ---------------------------------------------------------------- the renderer half's requests
process.on('message', (msg: ToMain) => {
  const w = 'id' in msg ? windows.get(msg.id) : undefined
  const reply = (req: number, value: unknown) => send({ t: 'reply', req, value })
  switch (msg.t) {
    case 'invoke': {
      const fn = invokeHandlers.get(msg.channel)
      if (!w || !fn)
        return reply(msg.req, { __error: `No handler registered for '${msg.channel}'` })
      const event = {
        sender: w.webContents,
        senderFrame: { url: msg.frameUrl },
        processId: 1,
        frameId: 1
      }
      Promise.resolve(fn(event, ...msg.args)).then(
        (value) => reply(msg.req, value),
        (err: unknown) => reply(msg.req, { __error: String(err) })
      )
      return
    }
    case 'window-open': {
      const r = w?.webContents.openHandler?.({ url: msg.url, frameName: '', features: '' })
      return reply(msg.req, r?.action ?? 'deny')
    }
    case 'page:loaded':
      w?.emit('ready-to-show')
      w?.webContents.emit('did-finish-load')
      return
    case 'page:closed': {
      if (!w) return
      w.destroy()
      if (windows.size === 0) app.emit('window-all-closed')
      return
    }
    case 'quit':
      return quit()
  }
})
// the renderer half is gone (test ended or crashed): end like a closed app
process.on('disconnect', () => quit())
// What still runs the moment the app ends: written synchronously, as nothing
// asynchronous happens any more.
process.on('exit', () => {
  writeSync(2, `harness: ffmpeg at exit: ${JSON.stringify(ffmpegDescendants(process.pid))}\n`)
})

// ---------------------------------------------------------------- load the app
type Loader = (request: string, parent: unknown, isMain: boolean) => unknown
const mod = Module as unknown as { _load: Loader }
const load = mod._load
mod._load = function (request, parent, isMain) {
  if (request === 'electron') return electron
  const loaded = load.call(this, request, parent, isMain)
  // Report every database the app opens (a second instance must open none).
  if (request === 'better-sqlite3') return trackOpens(loaded as new (...a: unknown[]) => object)
  return loaded
}

function trackOpens(Database: new (...a: unknown[]) => object) {
  return new Proxy(Database, {
    construct(target, args: unknown[], newTarget) {
      if (typeof args[0] === 'string') send({ t: 'db-open', file: args[0] })
      return Reflect.construct(target, args, newTarget) as object
    }
  })
}

createRequire(path.join(root, 'package.json'))(path.join(root, 'out', 'main', 'index.js'))
startSchemeServer()
setImmediate(() => {
  app.ready = true
  app.emit('will-finish-launching')
  app.emit('ready', electronEvent(), {})
})
