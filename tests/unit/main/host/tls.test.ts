import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, mkdirSync, writeFileSync, statSync } from 'node:fs'
import https from 'node:https'
import os from 'node:os'
import path from 'node:path'
import { createApp, type WatchRoomApp } from '../../../../src/main/app/createApp'
import { startHostServer, type HostServer } from '../../../../src/main/host/server'
import { isLoopbackHost, loadOrCreateCertificate } from '../../../../src/main/host/tls'
import { appRoot } from '../../../../src/main/app/paths'

describe('host mode beyond loopback', () => {
  it('knows loopback addresses', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true)
    expect(isLoopbackHost('127.1.2.3')).toBe(true)
    expect(isLoopbackHost('::1')).toBe(true)
    expect(isLoopbackHost('localhost')).toBe(true)
    expect(isLoopbackHost('0.0.0.0')).toBe(false)
    expect(isLoopbackHost('192.168.1.10')).toBe(false)
  })

  describe('serving HTTPS with a self-signed certificate', () => {
    let dir: string
    let app: WatchRoomApp
    let server: HostServer
    beforeAll(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'wr-tls-'))
      mkdirSync(path.join(dir, 'r'))
      writeFileSync(path.join(dir, 'r', 'index.html'), '<!doctype html>')
      app = await createApp({
        adminPassword: 'pw-for-test',
        dataDir: path.join(dir, 'd'),
        resourcesDir: path.join(appRoot(), 'resources'),
        transport: 'http',
        mediaBase: '/media',
        version: 't',
        demo: false,
        log: () => undefined
      })
      const tls = await loadOrCreateCertificate(path.join(dir, 'd'), '127.0.0.1')
      // the certificate is kept, the key readable by its owner only
      expect(statSync(path.join(dir, 'd', 'tls', 'key.pem')).mode & 0o077).toBe(0)
      // (tested on loopback: the address is what the serve command checks, the TLS path is the same)
      server = await startHostServer(app, {
        host: '127.0.0.1',
        port: 0,
        rendererDir: path.join(dir, 'r'),
        tls
      })
    })
    afterAll(async () => {
      await server.close()
      await app.close()
      rmSync(dir, { recursive: true, force: true })
    })

    it('answers over https with Secure cookies', async () => {
      expect(server.url).toMatch(/^https:/)
      const res = await new Promise<{ status: number; cookie: string }>((resolve, reject) => {
        const body = JSON.stringify({ username: 'admin', password: 'pw-for-test' })
        const req = https.request(
          `${server.url}api/auth:login`,
          {
            method: 'POST',
            rejectUnauthorized: false,
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(body)
            }
          },
          (r) => {
            r.resume()
            r.on('end', () =>
              resolve({ status: r.statusCode ?? 0, cookie: String(r.headers['set-cookie'] ?? '') })
            )
          }
        )
        req.on('error', reject)
        req.end(body)
      })
      expect(res.status).toBe(200)
      expect(res.cookie).toMatch(/Secure/)
      expect(res.cookie).toMatch(/HttpOnly/)
    })
  })
})
