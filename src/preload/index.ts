import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CHANNELS } from '../shared/ipc/contract'
import { SERVER_EVENT_NAMES, type ServerEventMessage } from '../shared/ipc/events'
import type { ApiResponse } from '../shared/ipc/errors'
import type { PreloadApi } from './api'

// window.api is built from the contract's channel names and nothing else:
// each channel forwards to ipcMain.handle of the same name, where main
// parses the input and checks the caller's permission.
const call = Object.fromEntries(
  CHANNELS.map((channel) => [
    channel,
    (input: unknown) => ipcRenderer.invoke(channel, input) as Promise<ApiResponse<unknown>>
  ])
) as PreloadApi['call']

const api: PreloadApi = {
  call,
  onEvent(listener) {
    const handler = (_e: IpcRendererEvent, msg: ServerEventMessage) => {
      if ((SERVER_EVENT_NAMES as readonly string[]).includes(msg.event)) listener(msg)
    }
    ipcRenderer.on('server-event', handler)
    return () => {
      ipcRenderer.removeListener('server-event', handler)
    }
  }
}

contextBridge.exposeInMainWorld('api', api)
