import { ipcMain, type WebContents } from 'electron'
import type { WatchRoomApp } from '../app/createApp'
import { CHANNELS } from '../../shared/ipc/contract'
import { isAppUrl } from './navigation'
import { APP_ORIGIN } from './appProtocol'

/**
 * The IPC adapter: one ipcMain.handle per contract channel, all through the
 * same dispatcher as host mode. Each window has its own session, so a
 * second window on another monitor logs in (or not) on its own.
 */
export function registerIpc(
  app: WatchRoomApp,
  /** the app's own windows; media windows share the origin but have no preload and no API */
  isAppWindow: (contents: WebContents) => boolean
): void {
  const tokens = new Map<number, string | null>()
  for (const channel of CHANNELS) {
    ipcMain.handle(channel, async (event, input: unknown) => {
      // only our own pages may call the API
      const frameUrl = event.senderFrame?.url ?? ''
      if (!isAppUrl(frameUrl, APP_ORIGIN) || !isAppWindow(event.sender)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'Caller is not a WatchRoom page' }
        }
      }
      const id = event.sender.id
      if (!tokens.has(id)) {
        tokens.set(id, null)
        event.sender.once('destroyed', () => tokens.delete(id))
      }
      return app.dispatch(channel, input, {
        transport: 'ipc',
        clientId: `ipc:${id}`,
        session: await app.deps.sessions.get(tokens.get(id)),
        bindSession: (token) => tokens.set(id, token)
      })
    })
  }
}

/** Forwards every server event to a window until it closes. */
export function forwardEvents(app: WatchRoomApp, contents: WebContents): void {
  const unsubscribe = app.bus.subscribe((msg) => {
    if (!contents.isDestroyed()) contents.send('server-event', msg)
  })
  contents.once('destroyed', unsubscribe)
}
