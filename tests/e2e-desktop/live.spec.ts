import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test as base, expect } from '@playwright/test'
import { DesktopApp } from './harness/desktop'
import { ffmpegDescendants, isRunning, unexpectedErrors } from './fixtures'
import type { PreloadApi } from '../../src/preload/api'
import { ShellPage } from '../e2e/pages/ShellPage'
import { WallPage } from '../e2e/pages/WallPage'
import { watchroom } from '../helpers/cli'
import { startRtspCamera, type RtspCamera } from '../helpers/rtspCamera'

/**
 * Real RTSP cameras in the desktop app: main ingests them and the page gets
 * fMP4 over the live WebSocket. Pages come from watchroom://app, which cannot
 * carry a WebSocket, so the socket goes straight to the loopback media
 * server named in app:info, and the CSP allows exactly that origin.
 */
type LiveDesktop = { cam: RtspCamera; desktop: DesktopApp }

const test = base.extend<object, { live: LiveDesktop }>({
  live: [
    async ({ browser }, use) => {
      const cam = await startRtspCamera({ fps: 10 })
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wr-desktop-live-'))
      const rows = ['code,name,lat,lng,stream_url,sub_stream_url']
      for (let i = 1; i <= 4; i++)
        rows.push(
          `RT-0${i},路口 0${i},30.18,120.26,${cam.url('main', `RT-0${i}`)},${cam.url('sub', `RT-0${i}`)}`
        )
      const csv = path.join(dataDir, 'cameras.csv')
      writeFileSync(csv, rows.join('\n'))
      const r = watchroom(['--db', path.join(dataDir, 'watchroom.db'), 'import', 'cameras', csv])
      if (r.status !== 0) throw new Error(`camera import failed: ${r.stderr}`)
      const desktop = await DesktopApp.launch({
        dataDir,
        browser,
        env: {
          WATCHROOM_DEMO: '0',
          WATCHROOM_ADMIN_PASSWORD: 'demo1234',
          WATCHROOM_PROBE_INTERVAL_MS: '600000'
        }
      })
      await use({ cam, desktop })
      await desktop.close()
      await cam.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
    { scope: 'worker', timeout: 120_000 }
  ]
})

// the tests share one app and run in order; the last one quits it
test.describe.configure({ mode: 'serial' })

test('RTSP cameras play live on the desktop wall over the loopback socket the CSP allows', async ({
  live
}) => {
  const { desktop, cam } = live
  const main = await desktop.window(0)
  const sockets: string[] = []
  main.page.on('websocket', (ws) => sockets.push(ws.url()))

  const shell = new ShellPage(main.page, '')
  await main.page.locator('#username').waitFor()
  await shell.login('admin', 'demo1234')
  const wall = new WallPage(main.page)
  await wall.choosePreset(4)
  await expect(wall.tiles).toHaveCount(4)
  expect(await wall.cameraCodes()).toEqual(['RT-01', 'RT-02', 'RT-03', 'RT-04'])
  await expect
    .poll(async () => (await wall.states()).every((s) => s === 'playing'), { timeout: 40_000 })
    .toBe(true)
  const first = await wall.presentedFrames()
  await expect
    .poll(async () => (await wall.presentedFrames()).every((n, i) => n >= (first[i] ?? 0) + 10), {
      timeout: 40_000
    })
    .toBe(true)

  const info = await main.page.evaluate(async () => {
    const api = (window as { api?: PreloadApi }).api
    if (!api) throw new Error('no window.api')
    const res = await api.call['app:info']({})
    if (!res.ok) throw new Error(res.error.message)
    return res.result
  })
  expect(info.mediaBase).toBe('/media')
  expect(info.liveSocketBase).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/m\/[0-9a-f]{32}$/)
  const socketOrigin = new URL(info.liveSocketBase ?? '').origin
  const csp = (await main.document)?.headers()['content-security-policy'] ?? ''
  const connect = csp.split('; ').find((d) => d.startsWith('connect-src ')) ?? ''
  expect(connect.split(' ').filter((s) => s.startsWith('ws'))).toEqual([socketOrigin])

  // every live socket went to the loopback server, behind the per-launch secret
  expect(sockets.length).toBeGreaterThanOrEqual(4)
  for (const url of sockets) expect(url.startsWith(`${info.liveSocketBase}/live/ws?`)).toBe(true)
  // main ingests the cameras: they see connections from it
  expect((await cam.stats()).clients).toBeGreaterThanOrEqual(4)
  await main.page.screenshot({ path: 'test-output/screenshots/desktop-live-wall.png' })
  expect(unexpectedErrors(main.errors)).toEqual([])
})

test('quitting with live cameras on the wall leaves no ingest ffmpeg running', async ({ live }) => {
  const { desktop } = live
  const ffmpeg = ffmpegDescendants(desktop.child.pid ?? 0)
  expect(ffmpeg.length).toBeGreaterThan(0)
  expect(await desktop.quit()).toBe(0)
  expect(desktop.output).toContain('harness: ffmpeg at exit: []')
  expect(ffmpeg.filter(isRunning)).toEqual([])
})
