import type { Api, Channel, InputOf, OutputOf } from '../../../shared/ipc/contract'
import { CHANNELS } from '../../../shared/ipc/contract'
import { ApiError, isApiErrorPayload, type ApiResponse } from '../../../shared/ipc/errors'
import type { ServerEventMessage } from '../../../shared/ipc/events'

type Transport = {
  kind: 'ipc' | 'http'
  call(channel: Channel, input: unknown): Promise<ApiResponse<unknown>>
  subscribe(listener: (msg: ServerEventMessage) => void): () => void
  /** the session changed: host mode reopens its authenticated socket, or closes it for good on logout */
  sessionChanged(loggedIn: boolean): void
}

function ipcTransport(): Transport | null {
  const bridge = window.api
  if (!bridge) return null
  return {
    kind: 'ipc',
    call: (channel, input) =>
      (bridge.call[channel] as (i: unknown) => Promise<ApiResponse<unknown>>)(input),
    subscribe: (listener) => bridge.onEvent(listener),
    sessionChanged: () => undefined
  }
}

/**
 * Host mode: calls are POST /api/<channel> with the session cookie; events
 * arrive over one WebSocket that reconnects with backoff.
 */
function httpTransport(): Transport {
  const listeners = new Set<(msg: ServerEventMessage) => void>()
  let socket: WebSocket | null = null
  let retryMs = 500
  let timer: number | undefined
  // after a logout nothing may call the server until the next login
  let loggedIn = true
  const stop = () => {
    window.clearTimeout(timer)
    const ws = socket
    socket = null
    ws?.close()
  }

  const connect = () => {
    window.clearTimeout(timer)
    socket?.close()
    const url = new URL('/ws', window.location.href)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    const ws = new WebSocket(url)
    socket = ws
    ws.onopen = () => {
      retryMs = 500
    }
    ws.onmessage = (e: MessageEvent<string>) => {
      const msg = JSON.parse(e.data) as ServerEventMessage
      for (const l of listeners) l(msg)
    }
    ws.onclose = () => {
      if (socket !== ws) return
      socket = null
      timer = window.setTimeout(connect, retryMs)
      retryMs = Math.min(retryMs * 2, 10_000)
    }
  }

  return {
    kind: 'http',
    async call(channel, input) {
      // file bytes (a Uint8Array field) go as the raw body, the other fields in a header
      const fields = Object.entries((input ?? {}) as Record<string, unknown>)
      const bytes = fields.find(([, v]) => v instanceof Uint8Array)
      const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: bytes
          ? {
              'Content-Type': 'application/octet-stream',
              'X-WatchRoom-Input': JSON.stringify(
                Object.fromEntries(fields.filter(([k]) => k !== bytes[0]))
              )
            }
          : { 'Content-Type': 'application/json' },
        credentials: 'same-origin',
        body: bytes ? (bytes[1] as Uint8Array<ArrayBuffer>) : JSON.stringify(input ?? {})
      })
      const body: unknown = await res.json().catch(() => null)
      if (body && typeof body === 'object' && 'ok' in body) return body as ApiResponse<unknown>
      return { ok: false, error: { code: 'internal', message: `HTTP ${res.status}` } }
    },
    subscribe(listener) {
      listeners.add(listener)
      if (!socket && loggedIn) connect()
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) stop()
      }
    },
    sessionChanged(now) {
      loggedIn = now
      if (!now) stop()
      else if (listeners.size) connect()
    }
  }
}

const transport: Transport = ipcTransport() ?? httpTransport()

/** Calls one channel; resolves with its output or rejects with an ApiError. */
export async function call<K extends Channel>(channel: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const res = await transport.call(channel, input)
  if (res.ok) return res.result as OutputOf<K>
  const e = isApiErrorPayload(res.error)
    ? res.error
    : { code: 'internal' as const, message: 'Unknown error' }
  throw new ApiError(e.code, e.message, e.details)
}

/** The typed API, one function per channel, for either transport. */
export const api = Object.fromEntries(
  CHANNELS.map((c) => [c, (input: unknown) => call(c, input as never)])
) as Api

export const onServerEvent = (listener: (msg: ServerEventMessage) => void) =>
  transport.subscribe(listener)
export const notifySessionChanged = (loggedIn: boolean) => transport.sessionChanged(loggedIn)
export const transportKind = transport.kind
