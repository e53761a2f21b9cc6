import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createApp, type CreateAppOptions, type WatchRoomApp } from '../../src/main/app/createApp'
import { startHostServer, type HostServer } from '../../src/main/host/server'
import { appRoot } from '../../src/main/app/paths'

/**
 * A real room (not the demo) in a fresh temporary directory, as host mode
 * composes it: its admin has `adminPassword`. `close` ends the server if one
 * was started, the app, and removes the directory.
 */
export async function openTestRoom(
  o: { adminPassword: string; prefix: string } & Partial<CreateAppOptions>
): Promise<{
  dir: string
  dataDir: string
  app: WatchRoomApp
  /** serves the room on a free loopback port, with a one-page renderer */
  serve(opts?: Omit<Parameters<typeof startHostServer>[1], 'rendererDir'>): Promise<HostServer>
  close(): Promise<void>
}> {
  const { prefix, ...options } = o
  const dir = mkdtempSync(path.join(os.tmpdir(), `wr-${prefix}-`))
  const dataDir = path.join(dir, 'data')
  const app = await createApp({
    dataDir,
    resourcesDir: path.join(appRoot(), 'resources'),
    transport: 'http',
    mediaBase: '/media',
    version: 'test',
    demo: false,
    log: () => undefined,
    ...options
  })
  let server: HostServer | null = null
  return {
    dir,
    dataDir,
    app,
    serve: async (opts = { host: '127.0.0.1', port: 0 }) => {
      const rendererDir = path.join(dir, 'renderer')
      mkdirSync(rendererDir, { recursive: true })
      writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>t</title>')
      server = await startHostServer(app, { ...opts, rendererDir })
      return server
    },
    close: async () => {
      await server?.close()
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** POST /api/<channel> on a served room; a string body is sent as it is (malformed JSON tests). */
export const apiPoster =
  (server: () => HostServer) =>
  (channel: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server().url}api/${channel}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body)
    })
