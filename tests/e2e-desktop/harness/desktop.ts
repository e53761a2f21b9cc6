import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { compileFunction } from 'node:vm'
import type { Browser, BrowserContext, Page, Response } from '@playwright/test'
import type { FromMain, ToMain, WindowOptions } from './messages'

const ROOT = path.resolve(__dirname, '..', '..', '..')
const APP_ORIGIN = 'watchroom://app'

/** One window of the desktop app: a Chromium page, and the preload that runs for it. */
export type DesktopWindow = {
  id: number
  page: Page
  options: WindowOptions
  /** the response that carried the page's document (its headers are the app's) */
  document: Promise<Response | null>
  /** console errors and uncaught exceptions of the page */
  errors: string[]
}

type Exposed = Record<string, unknown>
type WithoutReq<T> = T extends unknown ? Omit<T, 'req'> : never
type Shape = { fn: true } | { obj: Record<string, Shape> } | { value: unknown }

/**
 * The renderer half of the desktop harness (see mainProcess.ts for the main
 * half). Each BrowserWindow main creates becomes a page of one Chromium
 * context (Electron's default session); its preload, the built
 * out/preload/index.js, runs here against a sandbox-like `require` that
 * offers only `electron` (contextBridge, ipcRenderer), and what it exposes
 * with contextBridge appears in the page as the same object, every function
 * call crossing to this process and on to ipcMain as Electron's
 * contextBridge and IPC would carry it.
 */
export class DesktopApp {
  readonly windows = new Map<number, DesktopWindow>()
  readonly dbOpens: string[] = []
  readonly dialogs: string[] = []
  readonly externals: string[] = []
  readonly secondInstances: string[][] = []
  readonly focused: number[] = []
  readonly exited: Promise<number | null>
  output = ''
  private port = 0
  private nextReq = 1
  private readonly pending = new Map<number, (value: unknown) => void>()
  private readonly windowWaiters: (() => void)[] = []
  private readonly queues = new Map<number, Promise<unknown>>()
  private readonly loaded = new Map<number, (r: Response | null) => void>()
  private readonly ipcListeners = new Map<number, Map<string, Set<(...a: unknown[]) => void>>>()

  private constructor(
    readonly child: ChildProcess,
    readonly context: BrowserContext | null
  ) {
    this.exited = new Promise((resolve) => child.once('close', (code) => resolve(code)))
    child.stdout?.on('data', (b: Buffer) => (this.output += b.toString()))
    child.stderr?.on('data', (b: Buffer) => (this.output += b.toString()))
    child.on('message', (m: FromMain) => this.onMessage(m))
  }

  /**
   * Starts the built desktop app (out/main, out/preload, out/renderer) on a
   * data directory. With no browser, no window can open: for an instance
   * expected to exit at once.
   */
  static async launch(opts: {
    dataDir: string
    browser?: Browser
    env?: Record<string, string>
  }): Promise<DesktopApp> {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      WATCHROOM_DATA_DIR: opts.dataDir,
      WATCHROOM_DEMO_CACHE:
        process.env.WATCHROOM_DEMO_CACHE ?? path.join(os.tmpdir(), 'watchroom-demo-cache'),
      ...opts.env
    }
    // the test runner's own loader is not the app's
    delete env.NODE_OPTIONS
    const child = fork(path.join(__dirname, 'mainProcess.ts'), [ROOT], {
      cwd: ROOT,
      env,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc']
    })
    const context = opts.browser
      ? await opts.browser.newContext({
          viewport: { width: 1600, height: 960 },
          locale: 'zh-CN',
          timezoneId: 'Asia/Shanghai',
          acceptDownloads: true
        })
      : null
    return new DesktopApp(child, context)
  }

  /** `watchroom://app/x` as the harness serves it to Chromium. */
  toPage(url: string): string {
    return url.startsWith(`${APP_ORIGIN}/`)
      ? `http://127.0.0.1:${this.port}${url.slice(APP_ORIGIN.length)}`
      : url
  }

  /** A page URL as the app sees it. */
  toApp(url: string): string {
    const local = `http://127.0.0.1:${this.port}/`
    return url.startsWith(local) ? `${APP_ORIGIN}/${url.slice(local.length)}` : url
  }

  /** Resolves with the n-th window main opened (0-based), once its page has loaded. */
  async window(n: number, timeoutMs = 60_000): Promise<DesktopWindow> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const w = [...this.windows.values()][n]
      if (w) {
        await w.document
        return w
      }
      if (Date.now() > deadline)
        throw new Error(`window ${n} did not open; app output:\n${this.output}`)
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.max(0, deadline - Date.now()))
        this.windowWaiters.push(() => {
          clearTimeout(t)
          resolve()
        })
      })
    }
  }

  /** Quits the app as its menu would (app.quit()) and resolves with its exit code. */
  async quit(): Promise<number | null> {
    if (this.child.connected) this.child.send({ t: 'quit' } satisfies ToMain)
    return this.exited
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await Promise.race([this.quit(), new Promise((r) => setTimeout(r, 20_000))])
      if (this.child.exitCode === null) this.child.kill('SIGKILL')
    }
    await this.context?.close()
  }

  private post(msg: ToMain): void {
    if (this.child.connected) this.child.send(msg)
  }

  private request(msg: WithoutReq<Extract<ToMain, { req: number }>>): Promise<unknown> {
    const req = this.nextReq++
    return new Promise((resolve) => {
      this.pending.set(req, resolve)
      this.post({ ...msg, req })
    })
  }

  /** Messages from main, run in order per window (a page must exist before it loads). */
  private onMessage(m: FromMain): void {
    switch (m.t) {
      case 'listening':
        this.port = m.port
        return
      case 'reply':
        this.pending.get(m.req)?.(m.value)
        this.pending.delete(m.req)
        return
      case 'db-open':
        this.dbOpens.push(m.file)
        return
      case 'dialog':
        this.dialogs.push(m.message)
        return
      case 'open-external':
        this.externals.push(m.url)
        return
      case 'second-instance':
        this.secondInstances.push(m.argv)
        return
      default:
        this.inOrder(m.id, () => this.onWindowMessage(m))
    }
  }

  private inOrder(id: number, step: () => Promise<void>): void {
    const next = (this.queues.get(id) ?? Promise.resolve()).then(step).catch((err: unknown) => {
      this.output += `harness: window ${id}: ${String(err)}\n`
    })
    this.queues.set(id, next)
  }

  private async onWindowMessage(m: Extract<FromMain, { id: number }>): Promise<void> {
    if (m.t === 'window:create') return this.createWindow(m.id, m.options)
    const w = this.windows.get(m.id)
    if (!w || w.page.isClosed()) return
    switch (m.t) {
      case 'window:load':
        // an attachment ends the load without a page, as Electron's loadURL rejects then
        this.loaded.get(m.id)?.(await w.page.goto(this.toPage(m.url)).catch(() => null))
        return
      case 'window:focus':
        this.focused.push(m.id)
        await w.page.bringToFront()
        return
      case 'window:show':
        return
      case 'window:close':
        await w.page.close()
        return
      case 'send':
        for (const l of this.ipcListeners.get(m.id)?.get(m.channel) ?? [])
          l({ sender: null }, ...m.args)
        return
      case 'download':
        // what webContents.downloadURL does: the page's session fetches and saves it
        await w.page.evaluate((href) => {
          const a = document.createElement('a')
          a.href = href
          a.download = ''
          document.body.append(a)
          a.click()
          a.remove()
        }, this.toPage(m.url))
        return
    }
  }

  private async createWindow(id: number, options: WindowOptions): Promise<void> {
    if (!this.context) throw new Error('this instance was started without a browser')
    const page = await this.context.newPage()
    const errors: string[] = []
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text())
    })
    page.on('pageerror', (err) => errors.push(String(err)))
    page.on('load', () => this.post({ t: 'page:loaded', id }))
    page.on('close', () => this.post({ t: 'page:closed', id }))
    let loaded: (r: Response | null) => void = () => undefined
    const documentResponse = new Promise<Response | null>((resolve) => {
      loaded = resolve
      page.once('close', () => resolve(null))
    })
    this.loaded.set(id, (r) => loaded(r))

    // setWindowOpenHandler sees every window.open and target=_blank link
    await page.exposeBinding('__desktopWindowOpen', async (_source, url: string) => {
      await this.request({ t: 'window-open', id, url: this.toApp(url) })
    })
    await page.addInitScript(() => {
      const ask = (url: string) =>
        void (
          window as unknown as { __desktopWindowOpen(u: string): Promise<void> }
        ).__desktopWindowOpen(new URL(url, location.href).href)
      window.open = (url?: string | URL) => {
        if (url !== undefined) ask(String(url))
        return null
      }
      document.addEventListener(
        'click',
        (e) => {
          const a = (e.target as Element | null)?.closest?.('a[target=_blank]')
          if (a instanceof HTMLAnchorElement && !a.hasAttribute('download')) {
            e.preventDefault()
            ask(a.href)
          }
        },
        true
      )
    })
    if (options.preload) await this.runPreload(id, page, options.preload)

    this.windows.set(id, { id, page, options, document: documentResponse, errors })
    for (const wake of this.windowWaiters.splice(0)) wake()
  }

  /** Runs the built preload for one window and carries what it exposes into the page. */
  private async runPreload(id: number, page: Page, file: string): Promise<void> {
    const listeners = new Map<string, Set<(...a: unknown[]) => void>>()
    this.ipcListeners.set(id, listeners)
    const exposed: Exposed = {}
    const ipcRenderer = {
      invoke: async (channel: string, ...args: unknown[]) => {
        const value = await this.request({
          t: 'invoke',
          id,
          frameUrl: this.toApp(page.url()),
          channel,
          args
        })
        if (value && typeof value === 'object' && '__error' in value)
          throw new Error(`Error invoking remote method '${channel}': ${String(value.__error)}`)
        return value
      },
      on(channel: string, fn: (...a: unknown[]) => void) {
        if (!listeners.has(channel)) listeners.set(channel, new Set())
        listeners.get(channel)?.add(fn)
        return ipcRenderer
      },
      removeListener(channel: string, fn: (...a: unknown[]) => void) {
        listeners.get(channel)?.delete(fn)
        return ipcRenderer
      }
    }
    const contextBridge = {
      exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api)
    }
    // a sandboxed preload may require only `electron` (and a few Node shims it does not use)
    const sandboxRequire = (name: string) => {
      if (name === 'electron') return { contextBridge, ipcRenderer }
      throw new Error(`module not found: ${name} (a sandboxed preload cannot load it)`)
    }
    const module = { exports: {} }
    const run = compileFunction(readFileSync(file, 'utf8'), ['require', 'module', 'exports'], {
      filename: file
    }) as (r: typeof sandboxRequire, m: typeof module, e: unknown) => void
    run(sandboxRequire, module, module.exports)

    // functions handed across: page callbacks by id, returned functions by id
    const returned = new Map<number, (...a: unknown[]) => unknown>()
    let nextFn = 1
    const fromPage = (arg: unknown): unknown =>
      arg && typeof arg === 'object' && '__cb' in arg
        ? (...cbArgs: unknown[]) =>
            void page
              .evaluate(
                ([cb, a]) =>
                  (
                    window as unknown as {
                      __desktopCallbacks: Map<number, (...x: unknown[]) => void>
                    }
                  ).__desktopCallbacks.get(cb)?.(...a),
                [(arg as { __cb: number }).__cb, cbArgs] as const
              )
              .catch(() => undefined)
        : arg
    await page.exposeBinding(
      '__desktopBridge',
      async (_source, where: (string | number)[], args: unknown[]) => {
        let fn: unknown
        if (where[0] === '__fn') fn = returned.get(where[1] as number)
        else fn = where.reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], exposed)
        if (typeof fn !== 'function') throw new Error(`not a function: ${where.join('.')}`)
        const result: unknown = await (fn as (...a: unknown[]) => unknown)(...args.map(fromPage))
        if (typeof result === 'function') {
          const n = nextFn++
          returned.set(n, result as (...a: unknown[]) => unknown)
          return { fn: n }
        }
        return { value: result }
      }
    )
    const shape = (v: unknown): Shape =>
      typeof v === 'function'
        ? { fn: true }
        : v && typeof v === 'object'
          ? { obj: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) }
          : { value: v }
    await page.addInitScript(
      (shapes: Record<string, Shape>) => {
        type Bridge = (
          w: (string | number)[],
          a: unknown[]
        ) => Promise<{ fn?: number; value?: unknown }>
        const g = window as unknown as {
          __desktopBridge: Bridge
          __desktopCallbacks: Map<number, (...x: unknown[]) => void>
        } & Record<string, unknown>
        const callbacks = new Map<number, (...x: unknown[]) => void>()
        g.__desktopCallbacks = callbacks
        let nextCb = 1
        // contextBridge calls are synchronous in Electron and cross a channel
        // here: a call returns a callable thenable, so both `await api.call.x()`
        // and `const off = api.onEvent(fn); off()` behave as in the app.
        const call = (where: (string | number)[], args: unknown[]) => {
          const sent = args.map((a) => {
            if (typeof a !== 'function') return a
            const n = nextCb++
            callbacks.set(n, a as (...x: unknown[]) => void)
            return { __cb: n }
          })
          const result = g
            .__desktopBridge(where, sent)
            .then((r) =>
              r.fn !== undefined
                ? (...more: unknown[]) => void call(['__fn', r.fn as number], more)
                : r.value
            )
          const callable = (...more: unknown[]) =>
            void result.then((f) =>
              typeof f === 'function' ? (f as (...x: unknown[]) => void)(...more) : undefined
            )
          return Object.assign(callable, {
            then: result.then.bind(result),
            catch: result.catch.bind(result),
            finally: result.finally.bind(result)
          })
        }
        const build = (s: Shape, where: string[]): unknown => {
          if ('fn' in s) return (...args: unknown[]) => call(where, args)
          if ('obj' in s)
            return Object.freeze(
              Object.fromEntries(
                Object.entries(s.obj).map(([k, x]) => [k, build(x, [...where, k])])
              )
            )
          return s.value
        }
        for (const [key, s] of Object.entries(shapes)) {
          const value = build(s, [key])
          Object.defineProperty(window, key, { value, enumerable: true })
        }
      },
      Object.fromEntries(Object.entries(exposed).map(([k, v]) => [k, shape(v)]))
    )
  }
}
