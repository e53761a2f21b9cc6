import type { WatchRoomApp } from '../../src/main/app/createApp'
import type { CallContext } from '../../src/main/api/dispatch'
import type { ApiResponse } from '../../src/shared/ipc/errors'

/**
 * A caller as the desktop's IPC adapter builds one (src/main/electron/ipc.ts):
 * one window (`clientId`) with its own session token, through the app's real
 * dispatcher. Different client ids stand for different windows or addresses.
 */
export function ipcWindow(app: WatchRoomApp, clientId = 'window-1') {
  let token: string | null = null
  return async <T = unknown>(channel: string, input: unknown = {}): Promise<ApiResponse<T>> => {
    const ctx: CallContext = {
      transport: 'ipc',
      clientId,
      session: await app.deps.sessions.get(token),
      bindSession: (t) => (token = t)
    }
    return (await app.dispatch(channel, input, ctx)) as ApiResponse<T>
  }
}

/** The error code of a response, or null when it succeeded. */
export const errorCode = (r: ApiResponse<unknown>) => (r.ok ? null : r.error.code)
