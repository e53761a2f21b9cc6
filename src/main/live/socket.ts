import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { z } from 'zod'
import type { LiveMessage } from '../../shared/domain/live'
import type { LiveService } from './service'

/** The query of a live socket: `?camera=12&stream=sub[&transcode=1]`. */
const LiveQuery = z.object({
  camera: z.coerce.number().int().positive(),
  stream: z.enum(['main', 'sub']),
  transcode: z.enum(['0', '1']).optional()
})

/**
 * A client this far behind (bytes queued in the socket) skips to the next key
 * frame: a slow screen sees the present, not a growing delay.
 */
const BEHIND_BYTES = 1024 * 1024

export type LiveSocketServer = {
  /**
   * Takes over an upgrade request that the transport has authenticated;
   * `alive` says whether the session behind it still holds.
   */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, alive: () => boolean): void
  close(): void
}

/**
 * The live WebSocket: fMP4 to a player in the renderer (text frames carry
 * LiveMessage JSON: the codec before the init segment, state changes; binary
 * frames carry the init segment and media fragments). Self-contained so that
 * any transport (host mode, the desktop's loopback media server) can mount it
 * on its own path.
 */
export function createLiveSocketServer(service: LiveService): LiveSocketServer {
  // clients send nothing but control frames
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 })
  const sockets = new Set<WebSocket>()
  wss.on('error', () => undefined)

  const serve = (ws: WebSocket, q: z.infer<typeof LiveQuery>, alive: () => boolean) => {
    sockets.add(ws)
    const send = (m: LiveMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m))
    }
    let skipping = false
    const detach = service.attach(
      q.camera,
      q.stream,
      {
        init: (data, codec, transcoded) => {
          skipping = false
          send({ type: 'init', codec, transcoded })
          if (ws.readyState === ws.OPEN) ws.send(data)
        },
        fragment: (data, key) => {
          if (ws.readyState !== ws.OPEN) return
          if (ws.bufferedAmount > BEHIND_BYTES) skipping = true
          if (skipping && !(key && ws.bufferedAmount < BEHIND_BYTES / 4)) return
          skipping = false
          ws.send(data)
        },
        state: (state) => send({ type: 'state', state })
      },
      { transcode: q.transcode === '1' }
    )
    // a session that logged out or expired stops receiving video
    const check = setInterval(() => {
      if (!alive()) ws.close(4001, 'session ended')
    }, 5000)
    ws.on('error', () => ws.terminate())
    ws.on('close', () => {
      clearInterval(check)
      sockets.delete(ws)
      detach()
    })
  }

  return {
    handleUpgrade(req, socket, head, alive) {
      const url = new URL(req.url ?? '/', 'http://x')
      const parsed = LiveQuery.safeParse(Object.fromEntries(url.searchParams))
      if (!parsed.success) {
        socket.end('HTTP/1.1 400 Bad Request\r\n\r\n')
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => serve(ws, parsed.data, alive))
    },
    close() {
      for (const ws of sockets) ws.terminate()
      wss.close()
    }
  }
}
