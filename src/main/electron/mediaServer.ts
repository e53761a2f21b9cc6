import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import type { WatchRoomApp } from '../app/createApp'

/**
 * The desktop app's media server on 127.0.0.1: live HLS streams and
 * recordings for hls.js. A per-launch secret in the path keeps other local
 * processes from reading footage.
 */
export async function startMediaServer(
  getHandler: () => WatchRoomApp['handleMedia'] | null,
  getLiveUpgrade: () => WatchRoomApp['handleLiveUpgrade'] | null = () => null
): Promise<{ base: string; origin: string; close(): Promise<void> }> {
  const secret = randomBytes(16).toString('hex')
  const prefix = `/m/${secret}/`
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname
    const handle = getHandler()
    if (!pathname.startsWith(prefix) || !handle) return void res.writeHead(404).end()
    handle(req, res, pathname.slice(prefix.length))
      .then((handled) => {
        if (!handled && !res.headersSent) res.writeHead(404).end()
      })
      .catch(() => {
        if (!res.headersSent) res.writeHead(500).end()
      })
  })
  // the live video WebSocket, behind the same per-launch secret
  server.on('upgrade', (req, socket, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname
    const upgrade = getLiveUpgrade()
    if (pathname !== `${prefix}live/ws` || !upgrade) return void socket.destroy()
    upgrade(req, socket, head, () => true)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as AddressInfo
  const origin = `http://127.0.0.1:${port}`
  return {
    base: `${origin}${prefix.slice(0, -1)}`,
    origin,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
