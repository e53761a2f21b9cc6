import { test, expect } from './fixtures'
import { WallPage } from './pages/WallPage'
import { PlaybackPage } from './pages/PlaybackPage'

test('smaller edges: enlarge from the tile menu and restore with Esc; clear all cameras of playback; the registry shows labels', async ({
  loggedIn: shell,
  page
}) => {
  const wall = new WallPage(page)
  await expect(wall.tiles).toHaveCount(4)
  await expect(wall.tile(1)).toBeVisible()
  await wall.tileMenu(0, '放大')
  await expect(wall.tile(1)).toBeHidden()
  await expect(wall.tile(0)).toBeVisible()
  await shell.screenshot('wall-enlarged-from-menu')
  await page.keyboard.press('Escape')
  await expect(wall.tile(1)).toBeVisible()
  // the menu says "restore" on an enlarged tile
  await wall.tileMenu(2, '放大')
  await expect(wall.tile(0)).toBeHidden()
  await wall.tileMenu(2, '还原')
  await expect(wall.tile(0)).toBeVisible()

  const pb = new PlaybackPage(page)
  await shell.goTo('playback')
  await pb.addCameras(['BG-0001', 'BG-0002', 'BG-0003'])
  await expect(pb.tiles).toHaveCount(3)
  await page.getByTestId('playback-clear').click()
  await expect(pb.tiles).toHaveCount(0)

  // the registry: the table and the edit drawer say 路段, not "road"
  await shell.goTo('registry')
  const row = page.getByTestId('registry-table').locator('.ant-table-row[data-code="BG-0001"]')
  await expect(row).toContainText('路段')
  await page.getByTestId('edit-BG-0001').click()
  const kind = page.getByTestId('camera-kind')
  await expect(kind).toContainText('路段')
  await expect(kind).not.toContainText('road')
  for (const [w, h] of [
    [1366, 768],
    [1600, 900]
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    await shell.screenshot(`registry-drawer-${w}x${h}`)
  }
})
