import type { Browser, Page } from '@playwright/test'
import { test, expect } from './fixtures'
import { startHost, type RunningHost } from '../helpers/hostServer'
import { startOnvifCamera, type SimCamera } from '../helpers/onvifCamera'
import { ShellPage } from './pages/ShellPage'
import { WallPage } from './pages/WallPage'
import { PtzPage } from './pages/PtzPage'

/**
 * PTZ, presets, dome control and camera alarms against the simulated ONVIF
 * dome. This file runs its own host (the worker's shared one must not gain a
 * camera other specs would count), and its tests build on each other.
 */
test.describe.configure({ mode: 'serial' })

let host: RunningHost
let sim: SimCamera
const CODE = 'PTZ-JC01'

test.beforeAll(async () => {
  sim = await startOnvifCamera()
  host = await startHost()
})
test.afterAll(async () => {
  await host?.stop()
  await sim?.stop()
})

async function loginAs(page: Page, username: string): Promise<ShellPage> {
  const shell = new ShellPage(page, host.url)
  await shell.open()
  await shell.login(username, 'demo1234')
  return shell
}

/** A second, separate browser session (its own cookies), for a second operator. */
async function secondUser(browser: Browser, username: string) {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 960 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai'
  })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  const shell = await loginAs(page, username)
  return { context, page, shell, errors }
}

/** Puts the simulated dome on the first tile (the wall view is per browser). */
async function domeOnFirstTile(page: Page): Promise<void> {
  const wall = new WallPage(page)
  await expect(wall.tiles).toHaveCount(4)
  await wall.tileMenu(0, '更换摄像机')
  await page.getByTestId('camera-picker').locator('input').fill(CODE)
  await page.locator('.ant-select-item-option', { hasText: CODE }).click()
  await expect(wall.tile(0)).toHaveAttribute('data-camera-code', CODE)
}

test('a technician adds the dome from its ONVIF device: profiles, PTZ and snapshot are read', async ({
  page,
  consoleErrors
}) => {
  void consoleErrors
  const shell = await loginAs(page, 'technician')
  await shell.goTo('registry')
  await page.getByTestId('onvif-open').click()
  await page.getByTestId('onvif-xaddr').fill(sim.xaddr)
  await page.getByTestId('onvif-username').fill(sim.username)
  await page.getByTestId('onvif-password').fill('wrong')
  await page.getByTestId('onvif-probe').click()
  await expect(page.getByText('ONVIF 用户名或密码错误')).toBeVisible()
  await page.getByTestId('onvif-password').fill(sim.password)
  await page.getByTestId('onvif-probe').click()
  const result = page.getByTestId('onvif-probe-result')
  await expect(result).toContainText('1920×1080')
  await expect(result).toContainText('640×360')
  await expect(result).toContainText('snapshot.jpg')
  // the picture comes over RTSP, through the live service to the wall
  await expect(result).toContainText('rtsp://127.0.0.1:')
  await page.getByTestId('onvif-code').fill(CODE)
  await page.getByTestId('onvif-name').fill('金城路口球机')
  await page.getByTestId('onvif-lat').fill('30.2')
  await page.getByTestId('onvif-lng').fill('120.26')
  await shell.screenshot('ptz-onvif-add')
  await page.getByTestId('onvif-save').click()
  await expect(page.getByText(`已添加摄像机 ${CODE}`)).toBeVisible()
  // the password went to main and nowhere else the technician's browser can read
  const links = await page.evaluate(async () => {
    const r = await fetch('/api/onvif:links', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}'
    })
    return r.text()
  })
  expect(links).toContain('"username":"admin"')
  expect(links).not.toContain(sim.password)
})

test('a duty officer pans right and zooms in on a tile and the picture moves; preset 2, then home', async ({
  page,
  consoleErrors
}) => {
  void consoleErrors
  const shell = await loginAs(page, 'duty')
  const wall = new WallPage(page)
  const ptz = new PtzPage(page)
  await domeOnFirstTile(page)
  await expect(wall.tile(0)).toHaveAttribute('data-state', 'playing', { timeout: 30_000 })

  const start = await ptz.picture(0)
  // the gradient's red grows left to right: at home the picture is centred
  expect(start.red).toBeGreaterThan(100)
  expect(start.red).toBeLessThan(155)

  await ptz.open(0)
  await shell.screenshot('ptz-pad-on-tile')
  // hold "right" until the dome has turned well right, then let go: it stops
  await ptz.hold('ptz-right', () => sim.position().pan > 0.8)
  await expect.poll(() => sim.moving()).toBe(false)
  const panned = sim.position()
  await expect
    .poll(async () => (await ptz.picture(0)).red, { timeout: 15_000 })
    .toBeGreaterThan(start.red + 20)

  // zoom in: the crop narrows, so the picture spans less of the gradient
  await ptz.hold('ptz-zoom-in', () => sim.position().zoom > 0.5)
  await expect.poll(() => sim.moving()).toBe(false)
  expect(sim.position().pan).toBeCloseTo(panned.pan, 5)
  await expect
    .poll(async () => (await ptz.picture(0)).spread, { timeout: 15_000 })
    .toBeLessThan(start.spread * 0.7)

  // keyboard on the focused tile: left arrow while held, stop on release
  const before = sim.position().pan
  await page.getByTestId('ptz-layer').first().focus()
  await page.keyboard.down('ArrowLeft')
  await expect.poll(() => sim.position().pan, { timeout: 5000 }).toBeLessThan(before - 0.1)
  await page.keyboard.up('ArrowLeft')
  await expect.poll(() => sim.moving()).toBe(false)

  await page.getByTestId('ptz-presets').first().click()
  await expect(page.getByTestId('ptz-preset-list')).toContainText('人行道')
  await shell.screenshot('ptz-preset-list')
  await page.getByTestId('ptz-preset-2').click()
  await expect.poll(() => sim.position()).toEqual({ pan: 0.8, tilt: -0.5, zoom: 0.5 })
  // preset 2 looks right and down: red and green are both high
  await expect
    .poll(
      async () => {
        const p = await ptz.picture(0)
        return p.red > 170 && p.green > 150
      },
      { timeout: 15_000 }
    )
    .toBe(true)
  await page.keyboard.press('Escape')
  await page.getByTestId('ptz-home').first().click()
  await expect.poll(() => sim.position()).toEqual({ pan: 0, tilt: 0, zoom: 0 })
  await expect
    .poll(async () => Math.abs((await ptz.picture(0)).red - start.red), { timeout: 15_000 })
    .toBeLessThan(12)
  await expect(page.getByTestId('ptz-holder').first()).toHaveText('您正在控制云台')
})

test('another operator sees who holds the dome; a supervisor takes over', async ({
  page,
  browser,
  consoleErrors
}) => {
  void consoleErrors
  await loginAs(page, 'duty')
  const ptz = new PtzPage(page)
  await domeOnFirstTile(page)
  await ptz.open(0)
  await ptz.hold('ptz-up', () => sim.position().tilt > 0.1)

  const sup = await secondUser(browser, 'supervisor')
  try {
    await domeOnFirstTile(sup.page)
    const holder = sup.page.getByTestId('ptz-holder').first()
    await expect(holder).toContainText('值班员')
    await expect(holder).toContainText('正在控制云台')
    await sup.shell.screenshot('ptz-holder-seen-by-supervisor')

    // the supervisor's pad is refused while duty holds the dome…
    const supPtz = new PtzPage(sup.page)
    await supPtz.open(0)
    await supPtz.press('ptz-right')
    await expect(sup.page.getByText('其他人正在控制此云台')).toBeVisible()
    await supPtz.release()
    expect(sim.moving()).toBe(false)
    // …until they take over
    await sup.page.getByTestId('ptz-takeover').click()
    await expect(holder).toHaveText('您正在控制云台')
    await expect(page.getByTestId('ptz-holder').first()).toContainText('值班长')
    await supPtz.hold('ptz-right', () => sim.position().pan > 0.2)
    await expect.poll(() => sim.moving()).toBe(false)
    // and duty, displaced, is refused now
    await ptz.press('ptz-left')
    await expect(page.getByText('其他人正在控制此云台')).toBeVisible()
    await ptz.release()
    expect(sim.moving()).toBe(false)
    expect(sup.errors).toEqual([])
  } finally {
    await sup.context.close()
  }
})

test('a dome left turning by a browser that went away is stopped by main', async ({ browser }) => {
  const sup = await secondUser(browser, 'supervisor')
  await domeOnFirstTile(sup.page)
  const ptz = new PtzPage(sup.page)
  await ptz.open(0)
  await ptz.press('ptz-left')
  await expect.poll(() => sim.moving()).toBe(true)
  // the button is never released: the browser is simply gone
  await sup.context.close()
  await expect.poll(() => sim.moving(), { timeout: 5000 }).toBe(false)
})

test('a technician writes an alarm rule; a motion event pops the dome onto the alarm tile, a flood is one alarm with a count, duty acknowledges, a draft incident has the snapshot', async ({
  page,
  browser,
  consoleErrors
}) => {
  void consoleErrors
  test.setTimeout(120_000)
  const tech = await secondUser(browser, 'technician')
  try {
    await tech.shell.goTo('settings')
    await tech.page.getByTestId('rule-new').click()
    await tech.page.getByTestId('rule-name').fill('路口夜间移动')
    await tech.page.getByTestId('rule-cameras').click()
    await tech.page.locator('.ant-select-item-option', { hasText: CODE }).click()
    await tech.page.getByTestId('rule-name').click()
    await tech.page.getByTestId('rule-sound').check()
    await tech.page.getByTestId('rule-incident').check()
    await tech.shell.screenshot('ptz-alarm-rule-editor')
    await tech.page.getByTestId('rule-save').click()
    await expect(tech.page.getByTestId('alarm-rules')).toContainText('路口夜间移动')
    await tech.shell.screenshot('ptz-alarm-rules')
  } finally {
    await tech.context.close()
  }

  const shell = await loginAs(page, 'duty')
  const wall = new WallPage(page)
  await expect(wall.tiles).toHaveCount(4)
  await expect(page.getByTestId('alarm-tile')).toHaveCount(0)
  // the watcher subscribes on its own; wait until it is pulling
  await expect.poll(() => sim.requests.some((r) => r.action === 'PullMessages')).toBe(true)

  sim.raise('motion')
  const tile = page.getByTestId('alarm-tile')
  // the bound; the latency itself is measured by `npm run bench -- ptz`
  await expect(tile).toBeVisible({ timeout: 2000 })
  await expect(tile).toHaveAttribute('data-camera-code', CODE)

  // 49 more within 10 s: still one alarm, with a count of 50
  for (let i = 0; i < 49; i++) {
    sim.raise('motion')
    // a flood: 50 events in 10 s
    await new Promise((r) => setTimeout(r, 200))
  }
  await expect(tile).toHaveAttribute('data-count', '50')
  await expect(page.getByTestId('alarm-count')).toHaveText('50 次')
  await expect(page.getByTestId('alarm-tile')).toHaveCount(1)
  await expect(tile.getByTestId('wall-tile')).toHaveAttribute('data-state', 'playing', {
    timeout: 30_000
  })
  await expect(page.getByTestId('alarm-incident')).toBeVisible()
  await shell.screenshot('ptz-alarm-tile')

  const incidentId = Number(
    /#(\d+)/.exec((await page.getByTestId('alarm-incident').textContent()) ?? '')?.[1]
  )
  await page.getByTestId('alarm-ack').click()
  await expect(page.getByTestId('alarm-tile')).toHaveCount(0)

  const api = async (channel: string, body: unknown) =>
    page.evaluate(
      async ([c, b]) => {
        const r = await fetch(`/api/${c}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(b)
        })
        return (await r.json()) as { ok: boolean; result: unknown }
      },
      [channel, body] as const
    )
  const alarms = (await api('alarms:list', {})).result as { count: number; ackedBy: string }[]
  expect(alarms).toHaveLength(1)
  expect(alarms[0]).toMatchObject({ count: 50, ackedBy: 'duty' })
  await expect
    .poll(async () => {
      const inc = (await api('incidents:get', { id: incidentId })).result as {
        status: string
        attachments: { kind: string; mime: string }[]
      }
      return inc.attachments.map((a) => `${inc.status}:${a.kind}:${a.mime}`)
    })
    .toEqual(['new:snapshot:image/jpeg'])
})
