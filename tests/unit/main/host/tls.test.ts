import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { statSync } from 'node:fs'
import https from 'node:https'
import path from 'node:path'
import type { HostServer } from '../../../../src/main/host/server'
import { isLoopbackHost, loadOrCreateCertificate } from '../../../../src/main/host/tls'
import { openTestRoom } from '../../../helpers/testRoom'

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
    let room: Awaited<ReturnType<typeof openTestRoom>>
    let server: HostServer
    beforeAll(async () => {
      room = await openTestRoom({ prefix: 'tls', adminPassword: 'pw-for-test' })
      const tls = await loadOrCreateCertificate(room.dataDir, '127.0.0.1')
      // the certificate is kept, the key readable by its owner only
      expect(statSync(path.join(room.dataDir, 'tls', 'key.pem')).mode & 0o077).toBe(0)
      // (tested on loopback: the address is what the serve command checks, the TLS path is the same)
      server = await room.serve({ host: '127.0.0.1', port: 0, tls })
    })
    afterAll(() => room.close())

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
