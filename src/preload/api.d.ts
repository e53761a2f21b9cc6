import type { Channel, InputOf, OutputOf } from '../shared/ipc/contract'
import type { ApiResponse } from '../shared/ipc/errors'
import type { ServerEventMessage } from '../shared/ipc/events'

/** What preload exposes as `window.api` in the desktop app. */
export type PreloadApi = {
  call: { [K in Channel]: (input: InputOf<K>) => Promise<ApiResponse<OutputOf<K>>> }
  /** server-pushed events; returns unsubscribe */
  onEvent(listener: (msg: ServerEventMessage) => void): () => void
}

declare global {
  interface Window {
    /** present only in the desktop app; host mode talks HTTP/WebSocket */
    api?: PreloadApi
  }
}
