import { test, expect } from './fixtures'
import { WallPage } from './pages/WallPage'
import { PlaybackPage } from './pages/PlaybackPage'
import type { ExportManifest } from '../../src/shared/domain/recording'

// The workstation's browser is in New York; the room (and the demo) in Shanghai.
test.use({ timezoneId: 'America/New_York' })

/** `YYYY-MM-DD HH:mm:ss` and `YYYYMMDDTHHmmss+0800` in the room's zone (Asia/Shanghai, no DST). */
const room = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)
const roomText = (ms: number) => room(ms).replace('T', ' ')
const roomStamp = (ms: number) => `${room(ms).replace(/[-:]/g, '')}+0800`

test('one room time everywhere: the incident form and export file names and manifest use the room zone, not the browser', async ({
  loggedIn: shell,
  page
}) => {
  test.setTimeout(150_000)
  expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(
    'America/New_York'
  )

  // the incident form opened from a tile: the picker shows the picture time in room time
  const wall = new WallPage(page)
  await expect.poll(async () => (await wall.states())[0], { timeout: 30_000 }).toBe('playing')
  await wall.tileMenu(0, '添加到事件')
  const form = page.getByTestId('incident-form')
  await expect(page.getByTestId('incident-at-zone')).toContainText('UTC+08:00')
  const seenAt = page.locator('.ant-descriptions-item', { hasText: '画面时间' })
  const pictureTime = (await seenAt.locator('.ant-descriptions-item-content').innerText()).trim()
  await expect(form.locator('.ant-picker input').first()).toHaveValue(pictureTime)
  await shell.screenshot('incident-form-room-time')
  await page.keyboard.press('Escape')

  // an export: file names and the manifest carry room time with its offset
  const pb = new PlaybackPage(page)
  await shell.goTo('playback')
  await pb.addCameras(['BG-0007'])
  const target = Math.floor((Date.now() - 40 * 60_000) / 1000) * 1000
  await pb.goTo(roomText(target))
  await expect(page.getByTestId('playback-clock')).toHaveAttribute('data-ms', String(target))
  await page.getByTestId('export-open').click()
  await page.getByTestId('export-from').fill(roomText(target))
  await page.getByTestId('export-to').fill(roomText(target + 20_000))
  await page.getByTestId('export-start').click()
  await expect(page.getByTestId('export-job')).toHaveAttribute('data-status', 'done', {
    timeout: 60_000
  })
  const names = await page
    .getByTestId('export-file')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-name') ?? ''))
  expect(names).toContain(`BG-0007_${roomStamp(target)}_${roomStamp(target + 20_000)}.mp4`)
  const manifestUrl = await page
    .getByTestId('export-file')
    .filter({ hasText: 'manifest.json' })
    .locator('a')
    .getAttribute('href')
  const manifest = (await (
    await page.request.get(new URL(manifestUrl ?? '', page.url()).href)
  ).json()) as ExportManifest
  expect(manifest.timeZone).toBe('Asia/Shanghai')
  expect(manifest.range.from).toBe(`${room(target)}.000+08:00`)
  expect(Date.parse(manifest.range.from)).toBe(target)
  expect(manifest.exportedAt).toMatch(/\+08:00$/)
  await shell.screenshot('export-room-time')
})
