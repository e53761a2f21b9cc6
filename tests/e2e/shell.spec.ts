import { test, expect } from './fixtures'
import { WallPage } from './pages/WallPage'

test('the shell loads in Chinese, shows the demo wall playing, and switches to English', async ({
  shell,
  page
}) => {
  await shell.open()
  await expect(page.getByText('WatchRoom 视频监控室')).toBeVisible()
  await shell.screenshot('login-zh')
  await shell.login('admin', 'demo1234')
  await expect(page.getByTestId('nav-wall')).toHaveText('视频墙')
  await expect(page.getByTestId('status-operator')).toHaveText('管理员（演示）')

  const wall = new WallPage(page)
  await expect(wall.tiles).toHaveCount(4)
  // every tile advances: frames presented grow between two readings
  await expect
    .poll(async () => (await wall.presentedFrames()).every((n) => n > 0), { timeout: 20_000 })
    .toBe(true)
  const first = await wall.presentedFrames()
  await expect
    .poll(async () => (await wall.presentedFrames()).every((n, i) => n > (first[i] ?? 0) + 10), {
      timeout: 20_000
    })
    .toBe(true)
  await expect(page.getByTestId('status-counts')).toBeVisible()
  await shell.screenshot('wall-zh')

  for (const ws of ['playback', 'lookup', 'events', 'registry', 'settings'] as const) {
    await shell.goTo(ws)
    await shell.screenshot(`${ws}-zh`)
  }

  await shell.setLanguage('English')
  await expect(page.getByTestId('nav-wall')).toHaveText('Video wall')
  await shell.goTo('wall')
  await shell.screenshot('wall-en')
  // the choice is remembered
  await page.reload()
  await expect(page.getByTestId('nav-wall')).toHaveText('Video wall')
})
