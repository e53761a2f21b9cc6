import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { value } from '../../../../src/main/db/sql'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { PassThrough } from 'node:stream'
import type { IncomingMessage, ServerResponse } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { createApp, type WatchRoomApp } from '../../../../src/main/app/createApp'
import { appRoot } from '../../../../src/main/app/paths'
import { ipcWindow } from '../../../helpers/ipcWindow'

/**
 * Issue #15 point 6: demo code lives behind one seam. Only the composition
 * root chooses it; a real room runs none of it, and the demo district still
 * plays, records and replays through the hooks the seam fills.
 */
const ROOT = appRoot()
const MAIN = path.join(ROOT, 'src', 'main')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) return sourceFiles(full)
    return name.endsWith('.ts') ? [full] : []
  })
}

/** Runtime (non-type) import specifiers of a TypeScript file. */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(
    /^\s*(import|export)\s+(type\s+)?[^'";]*?from\s+['"]([^'"]+)['"]/gm
  ))
    if (!m[2]) out.push(m[3] ?? '')
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] ?? '')
  return out
}

/** Runs a media request through the app's route table; undefined when no route took it. */
async function media(app: WatchRoomApp, subPath: string) {
  const req = Object.assign(new PassThrough(), { method: 'GET', url: `/media/${subPath}` })
  let status = 0
  const res = {
    headersSent: false,
    writeHead(s: number) {
      status = s
      this.headersSent = true
      return this
    },
    setHeader: () => undefined,
    end: () => undefined,
    destroy: () => undefined
  }
  const handled = await app.handleMedia(
    req as unknown as IncomingMessage,
    res as unknown as ServerResponse,
    subPath
  )
  return handled ? status : undefined
}

describe('the demo behind one seam', () => {
  it('no module of main but the composition root imports demo code at run time', () => {
    const seam = [path.join(MAIN, 'demo'), path.join(MAIN, 'media', 'demo')]
    const allowed = new Set([path.join(MAIN, 'app', 'createApp.ts')])
    const offenders: string[] = []
    for (const file of sourceFiles(MAIN)) {
      if (allowed.has(file) || seam.some((d) => file.startsWith(d + path.sep))) continue
      for (const spec of runtimeImports(file)) {
        if (!spec.startsWith('.')) continue
        const target = path.resolve(path.dirname(file), spec)
        if (seam.some((d) => target === d || target.startsWith(d + path.sep)))
          offenders.push(`${path.relative(ROOT, file)} → ${spec}`)
      }
    }
    expect(offenders).toEqual([])
  })

  describe('rooms', () => {
    const dirs: string[] = []
    const apps: WatchRoomApp[] = []
    const open = async (demo: boolean) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-seam-'))
      dirs.push(dir)
      const app = await createApp({
        dataDir: dir,
        resourcesDir: path.join(ROOT, 'resources'),
        transport: 'http',
        mediaBase: '/media',
        version: 'test',
        demo,
        firstStart: 'generate',
        adminPassword: 'seam-admin-password',
        demoCacheDir: process.env.WATCHROOM_DEMO_CACHE,
        log: () => undefined
      })
      apps.push(app)
      return app
    }
    let real: WatchRoomApp
    let demo: WatchRoomApp

    beforeAll(async () => {
      real = await open(false)
      demo = await open(true)
    })
    afterAll(async () => {
      for (const app of apps) await app.close()
      for (const d of dirs) rmSync(d, { recursive: true, force: true })
    })

    it('a real room has no demo route, no demo footage and no demo control', async () => {
      expect(real.deps.info.demo).toBe(false)
      expect(await media(real, 'demo/BG-0001/master.m3u8')).toBeUndefined()
      const footage = await value(
        real.deps.sql,
        "SELECT COUNT(*) FROM recording_segments WHERE path LIKE 'demo:%'"
      )
      expect(footage).toBe(0)
      const call = ipcWindow(real)
      expect(
        (await call('auth:login', { username: 'admin', password: 'seam-admin-password' })).ok
      ).toBe(true)
      const r = await call('demo:setFailure', { code: 'BG-0001', mode: 'offline' })
      expect(r.ok ? null : r.error.code).toBe('unavailable')
    })

    it('the demo district plays, records and replays through the seam', async () => {
      expect(demo.deps.info.demo).toBe(true)
      const call = ipcWindow(demo)
      expect((await call('auth:login', { username: 'admin', password: 'demo1234' })).ok).toBe(true)
      const list =
        await call<{ code: string; streams: { id: string; url: string }[] }[]>('cameras:list')
      if (!list.ok) throw new Error(list.error.message)
      const bg1 = list.result.find((c) => c.code === 'BG-0001')
      // the wall plays demo cameras the way it plays real ones: through the live service
      expect(bg1?.streams.map((s) => s.id)).toEqual(['sub', 'main'])
      expect(bg1?.streams[0]?.url).toMatch(/^\/media\/live\/ws\?camera=\d+&stream=sub$/)
      // served (or being rendered: 503 with Retry-After) by the demo route, which a locked wall keeps
      expect([200, 503]).toContain(await media(demo, 'demo/BG-0001/master.m3u8'))
      // an hour of past footage per demo camera, indexed as references to the rendered loops
      const footage = await value(
        demo.deps.sql,
        "SELECT COUNT(DISTINCT camera_id) FROM recording_segments WHERE path LIKE 'demo:%'"
      )
      expect(footage).toBe(list.result.length)
      expect((await call('demo:setFailure', { code: 'BG-0001', mode: 'offline' })).ok).toBe(true)
      expect(await media(demo, 'demo/BG-0001/master.m3u8')).toBe(404)
      expect((await call('demo:setFailure', { code: 'BG-0001', mode: null })).ok).toBe(true)
      // the demo's public password is refused as anybody's new password, here and in a real room
      const change = await call('auth:changePassword', { current: 'demo1234', next: 'demo1234' })
      expect(change.ok ? null : change.error.details).toMatchObject({ reason: 'password_known' })
    })
  })
})
