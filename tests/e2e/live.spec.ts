import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test as base, expect, type Page } from './fixtures'
import { WallPage } from './pages/WallPage'
import { ShellPage } from './pages/ShellPage'
import { startHost, type RunningHost } from '../helpers/hostServer'
import { watchroom } from '../helpers/cli'
import { latencyMs, startRtspCamera, type RtspCamera } from '../helpers/rtspCamera'
import { readCaptureTime } from './pages/captureTime'

/**
 * A room of real RTSP cameras (tests/helpers/rtsp-camera.py) and two demo
 * cameras, on host mode without the demo district. Codes sort the 16 working
 * cameras first, so the 16-tile wall shows exactly them.
 */
type LiveRoom = { host: RunningHost; cam: RtspCamera }

const test = base.extend<object, { room: LiveRoom; host: RunningHost }>({
  room: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const cam = await startRtspCamera({ fps: 10 })
      const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wr-live-'))
      const rows = ['code,name,lat,lng,stream_url,sub_stream_url']
      const n = (i: number) => String(i).padStart(2, '0')
      for (let i = 1; i <= 16; i++)
        rows.push(
          `RT-${n(i)},路口 ${n(i)},30.18,120.26,${cam.url('main', `RT-${n(i)}`)},${cam.url('sub', `RT-${n(i)}`)}`
        )
      rows.push(
        `RT-17,密码错误,30.18,120.26,${cam.url('sub', 'RT-17', { password: 'wrong' })},`,
        `RT-18,H.265 摄像机,30.18,120.26,${cam.url('h265', 'RT-18')},`,
        `RT-19,错误路径,30.18,120.26,${cam.url('sub', 'RT-19').replace('/sub/', '/nothing/')},`,
        `RT-20,H.265 第二路,30.18,120.26,${cam.url('h265', 'RT-20')},`,
        // a port nothing listens on
        `RT-21,断网,30.18,120.26,rtsp://admin:x@127.0.0.1:9/sub/RT-21,`,
        `RT-22,H.265 带子码流,30.18,120.26,${cam.url('h265', 'RT-22')},${cam.url('sub', 'RT-22')}`,
        'ZD-01,演示一,30.18,120.26,demo://ZD-01,',
        'ZD-02,演示二,30.18,120.26,demo://ZD-02,'
      )
      const csv = path.join(dataDir, 'cameras.csv')
      writeFileSync(csv, rows.join('\n'))
      const r = watchroom(['--db', path.join(dataDir, 'watchroom.db'), 'import', 'cameras', csv])
      if (r.status !== 0) throw new Error(`camera import failed: ${r.stderr}`)
      const host = await startHost({
        dataDir,
        env: {
          WATCHROOM_DEMO: '0',
          WATCHROOM_ADMIN_PASSWORD: 'demo1234',
          // one transcode at a time: the second H.265 camera shows "budget full"
          WATCHROOM_TRANSCODE_BUDGET: '1',
          // one probe cycle at start only: status dots below follow the live service itself
          WATCHROOM_PROBE_INTERVAL_MS: '600000'
        }
      })
      await use({ host, cam })
      await host.stop()
      await cam.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
    { scope: 'worker', timeout: 120_000 }
  ],
  host: [async ({ room }, use) => use(room.host), { scope: 'worker' }]
})

async function framesAdvance(wall: WallPage, tiles: number[], by: number, timeout = 40_000) {
  const pick = async () => {
    const all = await wall.presentedFrames()
    return tiles.map((i) => all[i] ?? 0)
  }
  const first = await pick()
  await expect
    .poll(async () => (await pick()).every((f, i) => f >= (first[i] ?? 0) + by), { timeout })
    .toBe(true)
}

/** now − capture time of the picture on a tile, read from the frame itself. */
async function glassToGlass(wall: WallPage, i: number): Promise<number | null> {
  const capture = await wall.tile(i).locator('video[data-current]').evaluate(readCaptureTime)
  return capture === null ? null : latencyMs(capture)
}

/** Calls the API as the logged-in page does. */
async function api<T = unknown>(page: Page, channel: string, input: unknown): Promise<T> {
  const res = await page.evaluate(
    async ([c, body]) => {
      const r = await fetch(`/api/${c}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      })
      return (await r.json()) as { ok: boolean; result?: unknown; error?: unknown }
    },
    [channel, input] as const
  )
  if (!res.ok) throw new Error(`${channel}: ${JSON.stringify(res.error)}`)
  return res.result as T
}

/**
 * Connections at the camera for RT-01…RT-16 (health probes of the cameras
 * off the wall come and go; they are counted by their own paths).
 */
async function wallStreams(cam: RtspCamera): Promise<Record<string, number>> {
  const { byPath } = await cam.stats()
  return Object.fromEntries(Object.entries(byPath).filter(([p]) => /\/RT-(0\d|1[0-6])$/.test(p)))
}

const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i)

test.describe('real cameras live on the wall', () => {
  test.describe.configure({ mode: 'serial' })

  test('16 RTSP cameras play on a 16-tile wall over one upstream each, shared by a second window', async ({
    loggedIn,
    page,
    room
  }) => {
    const wall = new WallPage(page)
    await wall.choosePreset(16)
    await expect(wall.tiles).toHaveCount(16)
    expect(await wall.cameraCodes()).toEqual(
      range(1, 17).map((i) => `RT-${String(i).padStart(2, '0')}`)
    )
    await expect
      .poll(async () => (await wall.states()).every((s) => s === 'playing'), { timeout: 40_000 })
      .toBe(true)
    await framesAdvance(wall, range(0, 16), 10)
    // small tiles play the sub-streams: one connection each at the camera
    await expect
      .poll(async () => await wallStreams(room.cam), { timeout: 10_000 })
      .toEqual(
        Object.fromEntries(range(1, 17).map((i) => [`/sub/RT-${String(i).padStart(2, '0')}`, 1]))
      )
    const latency = await glassToGlass(wall, 0)
    expect(latency).not.toBeNull()
    test
      .info()
      .annotations.push({ type: 'glass-to-glass ms (tile 1)', description: String(latency) })
    await loggedIn.screenshot('live-wall-16')

    // a second window on the same cameras adds no upstream connection
    const second = await page.context().newPage()
    const other = new ShellPage(second, room.host.url)
    await other.open()
    const wall2 = new WallPage(second)
    await wall2.choosePreset(16)
    await expect
      .poll(async () => (await wall2.states()).every((s) => s === 'playing'), { timeout: 40_000 })
      .toBe(true)
    await framesAdvance(wall2, range(0, 16), 5)
    expect(await wallStreams(room.cam)).toEqual(
      Object.fromEntries(range(1, 17).map((i) => [`/sub/RT-${String(i).padStart(2, '0')}`, 1]))
    )
    await second.close()

    // the recorder on a camera the wall shows is one more client of the same upstream
    await wall.choosePreset(1)
    await expect.poll(async () => (await wall.states())[0], { timeout: 30_000 }).toBe('playing')
    await expect
      .poll(async () => await wallStreams(room.cam), { timeout: 20_000 })
      .toEqual({ '/main/RT-01': 1 })
    const id = await api<{ id: number; code: string }[]>(page, 'cameras:list', {}).then(
      (cams) => cams.find((c) => c.code === 'RT-01')?.id
    )
    await api(page, 'recording:setCameras', {
      cameraIds: [id],
      mode: 'continuous',
      retentionDays: 7
    })
    await expect
      .poll(
        async () =>
          (
            await api<{ cameras: { cameraId: number; lastSegmentEnd: number | null }[] }>(
              page,
              'recording:overview',
              {}
            )
          ).cameras.find((c) => c.cameraId === id)?.lastSegmentEnd ?? null,
        { timeout: 30_000 }
      )
      .not.toBeNull()
    expect(await wallStreams(room.cam)).toEqual({ '/main/RT-01': 1 })
    await api(page, 'recording:setCameras', { cameraIds: [id], mode: 'off', retentionDays: 7 })
  })

  test('every failure is said on its tile; H.265 is transcoded when the screen cannot decode it', async ({
    loggedIn,
    page
  }) => {
    const wall = new WallPage(page)
    await wall.choosePreset(25)
    await expect(wall.tiles).toHaveCount(25)
    const codes = await wall.cameraCodes()
    const at = (code: string) => codes.indexOf(code)
    await expect(wall.tile(at('RT-17'))).toContainText('用户名或密码错误', { timeout: 30_000 })
    await expect(wall.tile(at('RT-19'))).toContainText('视频源不存在', { timeout: 30_000 })
    await expect(wall.tile(at('RT-21'))).toContainText('摄像机连不上', { timeout: 30_000 })
    // headless Chromium has no HEVC decoder: the first H.265 camera is transcoded, the second finds the budget (1) used
    await expect(wall.tile(at('RT-18'))).toContainText('转码为 H.264', { timeout: 40_000 })
    await expect(wall.tile(at('RT-20'))).toContainText('转码名额已满', { timeout: 40_000 })
    await framesAdvance(wall, [at('RT-18'), at('ZD-01')], 5)
    await loggedIn.screenshot('live-failures-zh')
    // the tree's status dot says why too (health follows the live service)
    await expect(page.locator('[title^="RT-17 "]').locator('span[title]').first()).toHaveAttribute(
      'title',
      /离线.*用户名或密码错误/,
      { timeout: 30_000 }
    )
    await expect(wall.tile(at('RT-17')).getByTestId('tile-alert')).toHaveAttribute('title', /401/)
    // enlarged, an H.265 camera with a sub-stream wants its main stream, cannot decode it here and says it plays the sub-stream
    await wall.tile(at('RT-22')).dblclick()
    await expect(page.getByTestId('wall-tile').filter({ hasText: 'RT-22' }).first()).toContainText(
      '子码流（本机不能解 H.265）',
      { timeout: 30_000 }
    )
    await loggedIn.screenshot('live-h265-sub')
    // Esc restores the grid (a second double-click would enlarge the tile again)
    await page.keyboard.press('Escape')
    await expect(wall.tiles).toHaveCount(25)
    await expect(wall.tile(at('RT-17'))).toBeVisible()

    await loggedIn.setLanguage('English')
    await expect(wall.tile(at('RT-17'))).toContainText('wrong user name or password')
    // hidden while RT-22 was enlarged, the H.265 tiles let go of the budget: either may hold it now
    const h265 = wall.tiles.filter({ hasText: /RT-(18|20)/ })
    await expect(h265.filter({ hasText: 'transcoded to H.264' })).toHaveCount(1, {
      timeout: 40_000
    })
    await expect(h265.filter({ hasText: 'transcode budget full' })).toHaveCount(1)
    await loggedIn.screenshot('live-failures-en')
    await loggedIn.setLanguage('简体中文')
  })

  test('a camera server that stops says so on its tiles, demo tiles keep playing, and they play again when it returns', async ({
    loggedIn,
    page,
    room
  }) => {
    void loggedIn
    const wall = new WallPage(page)
    await wall.choosePreset(25)
    const codes = await wall.cameraCodes()
    const rtsp = range(0, 16).map((i) => codes.indexOf(`RT-${String(i + 1).padStart(2, '0')}`))
    const demo = [codes.indexOf('ZD-01'), codes.indexOf('ZD-02')]
    expect(rtsp.every((i) => i >= 0)).toBe(true)
    await expect
      .poll(async () => (await wall.states()).filter((_, i) => rtsp.includes(i)), {
        timeout: 40_000
      })
      .toEqual(rtsp.map(() => 'playing'))

    // a camera that keeps the connection but sends nothing: "stalled N s", then it heals
    room.cam.pause()
    await expect(wall.tile(rtsp[0] ?? 0)).toContainText('画面停滞', { timeout: 15_000 })
    await loggedIn.screenshot('live-camera-stalled')
    room.cam.resume()
    await expect
      .poll(
        async () =>
          (await wall.states()).filter((_, i) => rtsp.includes(i)).every((s) => s === 'playing'),
        { timeout: 40_000 }
      )
      .toBe(true)

    await room.cam.stop()
    await expect
      .poll(
        async () =>
          (await wall.states())
            .filter((_, i) => rtsp.includes(i))
            .every((s) => s === 'stalled' || s === 'offline'),
        { timeout: 20_000 }
      )
      .toBe(true)
    await expect(wall.tile(rtsp[0] ?? 0)).toContainText(/摄像机连不上|画面停滞|摄像机结束了视频流/)
    await framesAdvance(wall, demo, 10)
    const dot = page.locator('[title^="RT-01 "]').locator('span[title]').first()
    await expect(dot).toHaveAttribute('title', /离线 · (摄像机连不上|摄像机结束了视频流)/, {
      timeout: 10_000
    })
    await loggedIn.screenshot('live-camera-down')

    await room.cam.start()
    const back = Date.now()
    await expect
      .poll(
        async () =>
          (await wall.states()).filter((_, i) => rtsp.includes(i)).every((s) => s === 'playing'),
        { timeout: 30_000 }
      )
      .toBe(true)
    await expect(dot).toHaveAttribute('title', '在线', { timeout: 10_000 })
    test.info().annotations.push({
      type: 'all 16 RTSP tiles playing again after the camera returned (ms)',
      description: String(Date.now() - back)
    })
    await framesAdvance(wall, rtsp, 5)
  })

  test('with transcoding off, an H.265 camera without a sub-stream says this screen cannot play it; one with a sub-stream plays that', async ({
    browser,
    room
  }) => {
    // a room of its own: transcoding is a per-machine budget, here 0
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wr-live-codec-'))
    const csv = path.join(dataDir, 'cameras.csv')
    writeFileSync(
      csv,
      [
        'code,name,lat,lng,stream_url,sub_stream_url',
        `HV-01,只有 H.265,30.18,120.26,${room.cam.url('h265', 'HV-01')},`,
        `HV-02,H.265 带子码流,30.18,120.26,${room.cam.url('h265', 'HV-02')},${room.cam.url('sub', 'HV-02')}`
      ].join('\n')
    )
    const r = watchroom(['--db', path.join(dataDir, 'watchroom.db'), 'import', 'cameras', csv])
    expect(r.status).toBe(0)
    const host = await startHost({
      dataDir,
      env: {
        WATCHROOM_DEMO: '0',
        WATCHROOM_ADMIN_PASSWORD: 'demo1234',
        WATCHROOM_TRANSCODE_BUDGET: '0',
        WATCHROOM_PROBE_INTERVAL_MS: '600000'
      }
    })
    const page = await browser.newPage({ viewport: { width: 1600, height: 960 } })
    try {
      const shell = new ShellPage(page, host.url)
      await shell.open()
      await shell.login('admin', 'demo1234')
      const wall = new WallPage(page)
      await wall.choosePreset(1)
      // one big tile wants the main stream
      await expect(wall.tile(0)).toHaveAttribute('data-camera-code', 'HV-01')
      await expect(wall.tile(0)).toContainText('本机无法解码此视频', { timeout: 30_000 })
      await expect(wall.tile(0)).toContainText('不可播放')
      await expect(wall.tile(0).getByTestId('tile-alert')).toHaveAttribute('data-reason', 'codec')
      await expect(wall.tile(0).getByTestId('tile-alert')).toHaveAttribute('title', /子码流/)
      await shell.screenshot('live-codec-not-playable')
      await wall.tileMenu(0, '更换摄像机')
      await page.locator('.ant-select-item-option', { hasText: 'HV-02' }).click()
      await expect(wall.tile(0)).toHaveAttribute('data-camera-code', 'HV-02')
      await expect(wall.tile(0)).toContainText('子码流（本机不能解 H.265）', { timeout: 30_000 })
      await framesAdvance(wall, [0], 5)
      await shell.screenshot('live-h265-sub-transcode-off')
    } finally {
      await page.close()
      await host.stop()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
