import { test, expect, type Page } from './fixtures'
import { WallPage } from './pages/WallPage'

async function apiCall(page: Page, channel: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ([c, b]) =>
      (
        await fetch(`/api/${c}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(b)
        })
      ).status,
    [channel, body] as const
  )
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

test('the lock covers the controls, not the wall: videos keep advancing, input is refused, unlock returns to where the user was', async ({
  loggedIn: shell,
  page
}) => {
  test.setTimeout(120_000)
  const wall = new WallPage(page)
  await expect
    .poll(async () => (await wall.states()).filter((s) => s === 'playing').length, {
      timeout: 30_000
    })
    .toBeGreaterThan(3)
  // where the user was: a search typed into the camera tree
  const search = page.getByTestId('camera-tree').locator('input').first()
  await search.fill('湖头')

  await page.getByTestId('lock-button').click()
  await expect(page.getByTestId('lock-overlay')).toBeVisible()
  await expect(page.getByTestId('lock-panel')).toContainText('管理员（演示）')
  // main refuses calls while locked
  expect(await apiCall(page, 'cameras:list', {})).toBe(423)

  // the wall is still there and its videos keep advancing behind the lock
  await expect(wall.tiles.first()).toBeVisible()
  const before = sum(await wall.presentedFrames())
  await expect.poll(async () => sum(await wall.presentedFrames()) - before).toBeGreaterThan(30)

  // input is refused: a click on a preset and typing do nothing
  const preset = page.getByTestId('preset-select').getByText('1', { exact: true })
  const box = (await preset.boundingBox())!
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
  await page.keyboard.type('xyz')
  await expect(wall.tiles).not.toHaveCount(1)
  await expect(search).toHaveValue('湖头')

  for (const [w, h] of [
    [1600, 900],
    [1366, 768]
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    await expect(page.getByTestId('lock-panel')).toBeVisible()
    await shell.screenshot(`lock-over-wall-${w}x${h}`)
  }

  // a wrong password is refused; the right one returns to the same screen, search and all
  await page.locator('#password').fill('wrong-password')
  await page.locator('#password').press('Enter')
  await expect(page.getByTestId('lock-panel').locator('.ant-alert-error')).toBeVisible()
  await page.locator('#password').fill('demo1234')
  await page.locator('#password').press('Enter')
  await expect(page.getByTestId('lock-overlay')).toHaveCount(0)
  await expect(search).toHaveValue('湖头')
  expect(await apiCall(page, 'cameras:list', {})).toBe(200)
  // acting works again
  await wall.choosePreset(1)
  await expect(wall.tiles).toHaveCount(1)
})

test('logging out with an open shift asks to hand over; after logout the page calls nothing; a login lockout says how long', async ({
  shell,
  page
}) => {
  await shell.open()
  await shell.login('duty', 'demo1234')
  await page.evaluate(async () => {
    const res = await fetch('/api/duty:handover', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}'
    })
    const h = ((await res.json()) as { result: { current: unknown } }).result
    if (!h.current)
      await fetch('/api/duty:startShift', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ operators: ['值班员'] })
      })
  })

  // "hand over" takes the officer to the duty log
  await page.getByTestId('logout-button').click()
  await page.getByTestId('logout-handover').click()
  await expect(page.getByTestId('duty-current')).toBeVisible()
  await expect(page.getByTestId('status-bar')).toBeVisible()

  // "log out anyway" logs out, and from then on the page is silent
  await page.getByTestId('logout-button').click()
  await page.getByTestId('logout-anyway').click()
  await expect(page.locator('#username')).toBeVisible()
  const calls: string[] = []
  page.on('request', (r) => {
    if (!r.url().includes('/assets/')) calls.push(r.url())
  })
  page.on('websocket', (ws) => calls.push(ws.url()))
  // the socket used to reconnect every 0.5–10 s after a logout: watch well past the first retries
  await page.evaluate(() => new Promise((r) => setTimeout(r, 4_000)))
  expect(calls).toEqual([])

  // wrong passwords until sign-in is throttled: the message says how long
  for (let i = 0; i < 6; i++) {
    await page.locator('#username').fill('duty')
    await page.locator('#password').fill(`wrong-${i}`)
    await page.locator('button[type=submit]').click()
    await expect(page.locator('.ant-alert-error')).toBeVisible()
  }
  await expect(page.locator('.ant-alert-error')).toContainText(/\d+ 秒后再试|\d+ 分/)
})
