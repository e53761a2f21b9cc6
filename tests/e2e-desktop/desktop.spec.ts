import { readFileSync } from 'node:fs'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { test, expect, ffmpegDescendants, isRunning, unexpectedErrors } from './fixtures'
import { DesktopApp } from './harness/desktop'
import type { PreloadApi } from '../../src/preload/api'
import { ShellPage } from '../e2e/pages/ShellPage'
import { WallPage } from '../e2e/pages/WallPage'
import { PlaybackPage } from '../e2e/pages/PlaybackPage'
import { LookupPage } from '../e2e/pages/LookupPage'

/** A car-park exit of the demo district, where the lookup has candidates. */
const EXIT = '东瑞小区地下车库出口'

// The desktop app itself: the built out/main runs as main, out/preload in
// each window, out/renderer in Chromium, all from watchroom://app through
// the app's own protocol handler. The tests share one app and run in order;
// the last one quits it.
test.describe.configure({ mode: 'serial' })

/** Every tile's presented-frame counter grows by at least `by` from what it is now. */
async function expectAllAdvance(wall: WallPage, by = 5, timeout = 40_000): Promise<void> {
  await expect
    .poll(async () => (await wall.presentedFrames()).every((n) => n > 0), { timeout })
    .toBe(true)
  const first = await wall.presentedFrames()
  await expect
    .poll(async () => (await wall.presentedFrames()).every((n, i) => n >= (first[i] ?? 0) + by), {
      timeout
    })
    .toBe(true)
}

/** `YYYY-MM-DD HH:mm:ss` in the room's zone. */
function roomTime(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false
  }).format(ms)
}

test('the window opens on the login, logs in, and the 2×2 demo wall plays under the CSP header', async ({
  desktop,
  dataDir
}) => {
  const main = await desktop.window(0)
  // the page came from the app's scheme, with the policy as a response header
  expect(desktop.toApp(main.page.url())).toBe('watchroom://app/')
  const csp = (await main.document)?.headers()['content-security-policy'] ?? ''
  expect(csp).toContain("default-src 'none'")
  expect(csp).toContain("script-src 'self'")
  expect(csp).not.toContain('unsafe-eval')
  expect(csp).toMatch(/media-src 'self' blob:(;|$| )/)
  // the database is the one in the per-user data directory
  expect(desktop.dbOpens).toEqual([`${dataDir}/watchroom.db`])

  const shell = new ShellPage(main.page, '')
  await main.page.locator('#username').waitFor()
  await main.page.screenshot({ path: 'test-output/screenshots/desktop-login.png' })
  await shell.login('admin', 'demo1234')
  const wall = new WallPage(main.page)
  await expect(wall.tiles).toHaveCount(4)
  await expectAllAdvance(wall, 10)
  await expect
    .poll(async () => (await wall.states()).every((s) => s === 'playing'), { timeout: 20_000 })
    .toBe(true)
  // the pictures come from main's live service (MSE over the loopback live socket); nothing
  // under /media was fetched from any origin but the page's own (no CORS in play)
  expect(
    await main.page
      .locator('[data-testid=wall-tile] video[data-current]')
      .evaluateAll((vs) => vs.map((v) => (v as HTMLVideoElement).src.startsWith('blob:')))
  ).toEqual([true, true, true, true])
  const mediaOrigins = await main.page.evaluate(() =>
    [
      ...new Set(
        performance
          .getEntriesByType('resource')
          .map((e) => e.name)
          .filter((n) => n.includes('/media/'))
          .map((n) => new URL(n).origin)
      )
    ].map((o) => o === location.origin)
  )
  expect(mediaOrigins.every(Boolean)).toBe(true)
  await main.page.screenshot({ path: 'test-output/screenshots/desktop-wall.png' })
  expect(unexpectedErrors(main.errors)).toEqual([])
})

test('"open in a new window" opens a wall window with its own layout; closing it leaves the first playing', async ({
  desktop
}) => {
  const main = await desktop.window(0)
  const wall = new WallPage(main.page)
  await main.page.getByTestId('open-window').click()
  const second = await desktop.window(1)
  expect(desktop.toApp(second.page.url())).toMatch(/^watchroom:\/\/app\/\?window=w\d+/)
  // every window has its own session: it logs in on its own
  await new ShellPage(second.page, '').login('admin', 'demo1234')
  const wall2 = new WallPage(second.page)
  await expect(wall2.tiles).toHaveCount(4)
  await wall2.choosePreset(9)
  await expect(wall2.tiles).toHaveCount(9)
  await expectAllAdvance(wall2)
  await expect(wall.tiles).toHaveCount(4)
  await second.page.screenshot({ path: 'test-output/screenshots/desktop-second-window.png' })
  expect(unexpectedErrors(second.errors)).toEqual([])

  await second.page.close()
  await expect.poll(() => second.page.isClosed()).toBe(true)
  expect(desktop.child.exitCode).toBe(null)
  await expectAllAdvance(wall)
  expect(unexpectedErrors(main.errors)).toEqual([])
})

test('an export and a snapshot link download their files', async ({ desktop }) => {
  test.setTimeout(150_000)
  const main = await desktop.window(0)
  const { page } = main
  const shell = new ShellPage(page, '')
  const pb = new PlaybackPage(page)
  await shell.goTo('playback')
  await pb.addCameras(['BG-0001'])
  await expect(pb.tiles).toHaveCount(1)
  // an hour back: inside the demo footage indexed at first start
  const target = Math.floor((Date.now() - 57 * 60_000) / 1000) * 1000
  await pb.goTo(roomTime(target))
  await expect.poll(() => pb.allShowing(1), { timeout: 30_000 }).toBe(true)

  await page.getByTestId('export-open').click()
  await page.getByTestId('export-start').click()
  await expect(page.getByTestId('export-job')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000
  })
  const video = page.getByTestId('export-file').filter({ hasText: '.mp4' }).first()
  const name = (await video.getAttribute('data-name')) ?? ''
  const bytes = Number(await video.getAttribute('data-bytes'))
  const downloading = page.waitForEvent('download')
  await video.locator('a').click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe(name)
  const saved = await download.path()
  expect(readFileSync(saved).length).toBe(bytes)
  expect(bytes).toBeGreaterThan(100_000)
  await page.getByTestId('export-close').click()

  // the snapshot link (window.open of an export file) is saved as a download
  const windowsBefore = desktop.windows.size
  const snapshotting = page.waitForEvent('download')
  await page.getByRole('button', { name: /截图/ }).click()
  const snapshot = await snapshotting
  expect(snapshot.suggestedFilename()).toMatch(/^BG-0001_\d{8}T\d{6}[+-]\d{4}\.png$/)
  const png = readFileSync(await snapshot.path())
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
  expect(png.length).toBeGreaterThan(10_000)
  expect(desktop.windows.size).toBe(windowsBefore)
  expect(unexpectedErrors(main.errors)).toEqual([])
})

test('a case report link opens in a window of its own, without preload and so without the API', async ({
  desktop
}) => {
  test.setTimeout(150_000)
  const main = await desktop.window(0)
  const { page } = main
  const lookup = new LookupPage(page)
  await new ShellPage(page, '').goTo('lookup')
  await expect.poll(async () => (await lookup.exits()).map((e) => e.name)).toContain(EXIT)
  await lookup.clickNearExit(EXIT)
  const end = Date.now() - 3 * 60_000
  await lookup.setWindow(roomTime(end - 10 * 60_000), roomTime(end))
  await lookup.run()
  await expect(lookup.candidates.first()).toBeVisible()
  await lookup.tab('case')
  await page.getByTestId('lookup-save-case').click()
  await page.getByTestId('lookup-report').click()
  const html = page.getByTestId('lookup-report-html')
  await expect(html).toBeVisible({ timeout: 60_000 })

  const before = desktop.windows.size
  await html.click()
  const report = await desktop.window(before)
  expect(desktop.toApp(report.page.url())).toMatch(
    /^watchroom:\/\/app\/media\/reports\/case-\d+-[0-9a-f]{32}\/report\.html$/
  )
  expect(report.options.preload).toBeUndefined()
  expect(await report.page.evaluate(() => 'api' in window)).toBe(false)
  // the report renders on the app origin under the app's policy, its map picture included
  expect((await report.document)?.headers()['content-security-policy']).toContain(
    "default-src 'none'"
  )
  await expect
    .poll(() =>
      report.page.evaluate(() =>
        [...document.images].every((i) => i.complete && i.naturalWidth > 0)
      )
    )
    .toBe(true)
  await report.page.screenshot({ path: 'test-output/screenshots/desktop-report-window.png' })
  expect(unexpectedErrors(report.errors)).toEqual([])
  await report.page.close()
  expect(unexpectedErrors(main.errors)).toEqual([])
})

test('a second instance hands over to the first and exits before opening the database', async ({
  desktop,
  dataDir
}) => {
  const main = await desktop.window(0)
  const second = await DesktopApp.launch({ dataDir, env: { WATCHROOM_DEMO: '1' } })
  try {
    expect(await second.exited).toBe(0)
    expect(second.dbOpens).toEqual([])
    expect(second.windows.size).toBe(0)
    await expect.poll(() => desktop.secondInstances.length).toBe(1)
    await expect.poll(() => desktop.focused.includes(main.id)).toBe(true)
  } finally {
    await second.close()
  }
})

test('quitting waits for the recorders: no ffmpeg outlives the app', async ({ desktop }) => {
  const { page } = await desktop.window(0)
  // An RTSP camera whose server accepts and then says nothing: its recorder's
  // ffmpeg waits on it for as long as the app runs, and each health probe
  // for up to its timeout (closing waits for a probe in flight).
  const sockets = new Set<Socket>()
  const camera = createServer((s) => void sockets.add(s))
  await new Promise<void>((resolve) => camera.listen(0, '127.0.0.1', resolve))
  const url = `rtsp://127.0.0.1:${(camera.address() as AddressInfo).port}/live`
  try {
    // through the page's window.api, as the registry and settings screens call it
    await page.evaluate(async (streamUrl) => {
      const api = (window as { api?: PreloadApi }).api
      if (!api) throw new Error('no window.api')
      const created = await api.call['cameras:create']({
        code: 'RT-0001',
        fields: { name: 'RTSP', lat: 31.23, lng: 121.47, streamUrl }
      })
      if (!created.ok) throw new Error(created.error.message)
      const set = await api.call['recording:setCameras']({
        cameraIds: [created.result.id],
        mode: 'continuous',
        retentionDays: 7
      })
      if (!set.ok) throw new Error(set.error.message)
    }, url)
    const pid = desktop.child.pid ?? 0
    // the recorder's ingest and a probe are connected
    await expect.poll(() => sockets.size, { timeout: 20_000 }).toBeGreaterThanOrEqual(2)
    const ffmpeg = ffmpegDescendants(pid)
    expect(ffmpeg.length).toBeGreaterThan(0)

    expect(await desktop.quit()).toBe(0)
    // none was left to end by itself after the app had gone
    expect(desktop.output).toContain('harness: ffmpeg at exit: []')
    expect(ffmpeg.filter(isRunning)).toEqual([])
  } finally {
    for (const s of sockets) s.destroy()
    camera.close()
  }
})
