import type { Writable } from 'node:stream'
import { WebSocket } from 'ws'

export type WsFlvFeed = { stop(): void }

/**
 * Reads a WS-FLV stream (ws:// or wss://, as WVP/ZLMediaKit hand out) in Node
 * and pipes its binary messages into an ingest's stdin. What went wrong is
 * reported in ffmpeg's words (`onProblem` lines land in the same log the exit
 * is classified from): an upgrade answered 401 is a wrong password, 404 a
 * missing stream. Credentials in the URL go out as Basic authorization.
 */
export function startWsFlvFeed(opts: {
  url: string
  /** sent with the upgrade (another room's server wants its room credential) */
  headers?: Record<string, string>
  sink: Writable
  onProblem: (line: string) => void
}): WsFlvFeed {
  let ended = false
  const end = () => {
    if (ended) return
    ended = true
    opts.sink.end()
  }
  opts.sink.on('error', () => undefined)
  const ws = new WebSocket(opts.url, {
    handshakeTimeout: 5000,
    perMessageDeflate: false,
    headers: opts.headers
  })
  ws.binaryType = 'nodebuffer'
  ws.on('unexpected-response', (_req, res) => {
    opts.onProblem(
      `WebSocket upgrade: Server returned ${res.statusCode} ${res.statusMessage ?? ''}`
    )
    res.resume()
    ws.terminate()
    end()
  })
  ws.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary && !ended) opts.sink.write(data)
  })
  ws.on('error', (err) => {
    opts.onProblem(`WebSocket: ${err.message}`)
    end()
  })
  ws.on('close', end)
  return {
    stop() {
      ws.terminate()
      end()
    }
  }
}
