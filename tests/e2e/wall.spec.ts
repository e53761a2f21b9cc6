import { test, expect } from './fixtures'
import { WallPage } from './pages/WallPage'

/** Every tile's presented-frame counter (but those in `skip`) grows by at least `by` from what it is now. */
async function expectAllAdvance(
  wall: WallPage,
  by = 10,
  timeout = 40_000,
  skip: number[] = []
): Promise<void> {
  const frames = async () =>
    (await wall.presentedFrames()).map((n, i) => (skip.includes(i) ? Infinity : n))
  await expect.poll(async () => (await frames()).every((n) => n > 0), { timeout }).toBe(true)
  const first = await frames()
  await expect
    .poll(async () => (await frames()).every((n, i) => n >= (first[i] ?? 0) + by), { timeout })
    .toBe(true)
}

test.describe('video wall', () => {
  test('a 16-tile wall of demo cameras plays on every tile; 4 and 36 too', async ({
    loggedIn,
    page
  }) => {
    const wall = new WallPage(page)
    await expect(wall.tiles).toHaveCount(4)
    await expectAllAdvance(wall)
    await loggedIn.screenshot('wall-4')

    await wall.choosePreset(16)
    await expect(wall.tiles).toHaveCount(16)
    expect((await wall.cameraCodes()).every((c) => c !== '')).toBe(true)
    await expectAllAdvance(wall)
    await expect
      .poll(async () => (await wall.states()).every((s) => s === 'playing'), { timeout: 20_000 })
      .toBe(true)
    // demo cameras ride the live path like real ones: MSE fed over the live socket, no HLS fetched
    expect(await wall.sources()).toEqual(Array(16).fill('live'))
    expect(
      await page.evaluate(
        () =>
          performance.getEntriesByType('resource').filter((e) => e.name.includes('/media/demo/'))
            .length
      )
    ).toBe(0)
    await loggedIn.screenshot('wall-16')

    await wall.choosePreset(36)
    await expect(wall.tiles).toHaveCount(36)
    await expectAllAdvance(wall, 5, 60_000)
    await loggedIn.screenshot('wall-36')

    await loggedIn.setLanguage('English')
    await wall.choosePreset(16)
    await expect(page.getByTestId('tour-open')).toHaveText(/Tour/)
    await expectAllAdvance(wall, 5)
    await loggedIn.screenshot('wall-16-en')
  })

  test('a custom layout made in the editor is saved, reloaded and used', async ({
    loggedIn,
    page
  }) => {
    const wall = new WallPage(page)
    await expect(wall.tiles).toHaveCount(4)
    await wall.openNewLayoutEditor()
    await wall.editorStartFromPreset(9)
    await wall.editorSelect(3, 3, { x: 0, y: 0 }, { x: 1, y: 1 })
    await page.getByTestId('editor-merge').click()
    await expect(page.getByTestId('editor-undo')).toBeEnabled()
    // undo and redo the merge
    await page.getByTestId('editor-undo').click()
    await page.getByTestId('editor-redo').click()
    await page.getByTestId('editor-name').fill('值班自定义 1+5')
    // the pointer off the toolbar, so no button tooltip covers the form in the picture
    await page.mouse.move(0, 0)
    await expect(page.locator('.ant-tooltip:not(.ant-tooltip-hidden)')).toHaveCount(0)
    await loggedIn.screenshot('layout-editor')
    await page.getByTestId('editor-save').click()
    await expect(wall.editor).toBeHidden()
    await expect(wall.tiles).toHaveCount(6)

    await page.reload()
    await loggedIn.statusBar.waitFor()
    await wall.choosePreset(4)
    await expect(wall.tiles).toHaveCount(4)
    await wall.chooseLayout('值班自定义 1+5')
    await expect(wall.tiles).toHaveCount(6)
    expect(await wall.spans()).toEqual(['2x2', '1x1', '1x1', '1x1', '1x1', '1x1'])
    // the editor keeps the cameras that were on the wall: fill the empty tiles by dropping a block from the tree
    await page.locator('[data-testid="tree-block"]').first().dragTo(wall.tile(0))
    expect((await wall.cameraCodes()).every((c) => c !== '')).toBe(true)
    await expectAllAdvance(wall, 5)
    await loggedIn.screenshot('wall-custom')
  })

  test('a tour switches the cameras of a tile', async ({ loggedIn, page }) => {
    void loggedIn
    const wall = new WallPage(page)
    await expect(wall.tiles).toHaveCount(4)
    await expectAllAdvance(wall, 5)
    const before = (await wall.cameraCodes())[0]
    await wall.startTour({ tile: 0, dwellSeconds: 5 })
    await expect(page.getByTestId('tour-running')).toBeVisible()
    const seen = new Set<string>([before ?? ''])
    await expect
      .poll(
        async () => {
          seen.add((await wall.cameraCodes())[0] ?? '')
          return seen.size
        },
        { timeout: 30_000 }
      )
      .toBeGreaterThanOrEqual(3)
    // the switched tile plays, and the others kept their cameras
    await expect.poll(async () => (await wall.states())[0], { timeout: 20_000 }).toBe('playing')
    await page.getByTestId('tour-stop').click()
    await expect(page.getByTestId('tour-running')).toBeHidden()
  })

  test('a failing camera shows offline, plays again after it returns, and the others keep playing', async ({
    loggedIn,
    page
  }) => {
    void loggedIn
    const wall = new WallPage(page)
    await expect(wall.tiles).toHaveCount(4)
    await expectAllAdvance(wall, 5)
    const code = (await wall.cameraCodes())[1] ?? ''
    await wall.setDemoFailure(code, 'offline')
    await expect.poll(async () => (await wall.states())[1], { timeout: 30_000 }).toBe('offline')
    await expect(wall.tile(1)).toContainText('离线')
    await expect(wall.tile(1)).toContainText('视频源不存在')
    // the others keep advancing while it is down
    const others = async () => (await wall.presentedFrames()).filter((_, i) => i !== 1)
    const start = await others()
    await expect
      .poll(async () => (await others()).every((n, i) => n >= (start[i] ?? 0) + 10), {
        timeout: 30_000
      })
      .toBe(true)
    await loggedIn.screenshot('wall-offline')

    await wall.setDemoFailure(code, null)
    await expect.poll(async () => (await wall.states())[1], { timeout: 30_000 }).toBe('playing')
    await expectAllAdvance(wall, 5)

    // a stalled source says so too, then heals the same way
    await wall.setDemoFailure(code, 'stall')
    await expect
      .poll(async () => ['stalled', 'offline'].includes((await wall.states())[1] ?? ''), {
        timeout: 40_000
      })
      .toBe(true)
    await wall.setDemoFailure(code, null)
    await expect.poll(async () => (await wall.states())[1], { timeout: 30_000 }).toBe('playing')
  })

  test('tiles: drag a camera on, swap two, remove, snapshot, enlarge', async ({
    loggedIn,
    page
  }) => {
    void loggedIn
    const wall = new WallPage(page)
    await expect(wall.tiles).toHaveCount(4)
    await expectAllAdvance(wall, 5)
    const [a, b] = await wall.cameraCodes()
    // swap by dragging one tile onto another
    await wall.tile(0).dragTo(wall.tile(1))
    await expect.poll(async () => (await wall.cameraCodes()).slice(0, 2)).toEqual([b, a])
    // a camera from the tree onto a tile
    await page.getByTestId('tree-search').locator('input').fill('BG-0010')
    await page.getByTestId('tree-camera-BG-0010').dragTo(wall.tile(2))
    await expect.poll(async () => (await wall.cameraCodes())[2]).toBe('BG-0010')
    await expect.poll(async () => (await wall.states())[2], { timeout: 20_000 }).toBe('playing')
    // snapshot saves a PNG named by code and time
    const download = page.waitForEvent('download')
    await wall.tileMenu(2, '抓图')
    expect((await download).suggestedFilename()).toMatch(/^BG-0010_\d{8}-\d{6}\.png$/)
    // remove
    await wall.tileMenu(3, '移除')
    await expect.poll(async () => (await wall.states())[3]).toBe('empty')
    // double-click enlarges to the whole wall (the others stop loading and
    // decoding: parked, paused), and back
    await wall.tile(2).dblclick()
    await expect(wall.tiles.nth(0)).toBeHidden()
    await expect
      .poll(
        async () =>
          page.evaluate(
            () => [...document.querySelectorAll('video')].filter((v) => !v.paused).length
          ),
        { timeout: 20_000 }
      )
      .toBeLessThanOrEqual(2)
    // no tile menu left open over the picture
    await expect(page.locator('.ant-dropdown:not(.ant-dropdown-hidden)')).toHaveCount(0)
    await loggedIn.screenshot('wall-enlarged')
    await wall.tile(2).dblclick()
    await expect(wall.tiles.nth(0)).toBeVisible()
    await expectAllAdvance(wall, 5, 40_000, [3])
  })

  test('a layout switched back resumes its tiles without reconnecting; parked ones stop, then go', async ({
    loggedIn,
    page
  }) => {
    void loggedIn
    const wall = new WallPage(page)
    await wall.choosePreset(9)
    await expect(wall.tiles).toHaveCount(9)
    await expectAllAdvance(wall, 5)
    const codes = await wall.cameraCodes()
    // mark each picture element, to tell a resumed picture from a new connection
    await wall.tiles.evaluateAll((els) =>
      els.forEach((el) =>
        el.querySelector<HTMLVideoElement>('video[data-current]')?.setAttribute('data-mark', '1')
      )
    )
    const marked = () =>
      wall.tiles.evaluateAll((els) =>
        els.map((el) => el.querySelector('video[data-current]')?.getAttribute('data-mark') === '1')
      )
    await wall.choosePreset(4)
    await expect(wall.tiles).toHaveCount(4)
    const parked = page.getByTestId('wall-tile-parked')
    await expect(parked).toHaveCount(5)
    // parked tiles neither load nor decode
    await expect
      .poll(() =>
        parked.evaluateAll((els) =>
          els.every((el) => [...el.querySelectorAll('video')].every((v) => v.paused))
        )
      )
      .toBe(true)
    await wall.choosePreset(9)
    await expect(wall.tiles).toHaveCount(9)
    expect(await wall.cameraCodes()).toEqual(codes)
    expect(await marked()).toEqual(Array(9).fill(true))
    await expectAllAdvance(wall, 5)
    // parked for longer than a short while: dropped
    await wall.choosePreset(4)
    await expect(parked).toHaveCount(5)
    await expect(parked).toHaveCount(0, { timeout: 30_000 })
    await expectAllAdvance(wall, 5)
  })

  test('a layout opens in another window with its own layout; closing it leaves the first playing', async ({
    loggedIn,
    page
  }) => {
    void loggedIn
    const wall = new WallPage(page)
    await expect(wall.tiles).toHaveCount(4)
    const popup = page.waitForEvent('popup')
    await page.getByTestId('open-window').click()
    const second = await popup
    await second.waitForURL(/[?&]window=w\d+/)
    const wall2 = new WallPage(second)
    await expect(wall2.tiles).toHaveCount(4)
    await expectAllAdvance(wall2, 5)
    // each window keeps its own layout
    await wall2.choosePreset(9)
    await expect(wall2.tiles).toHaveCount(9)
    await expect(wall.tiles).toHaveCount(4)
    await second.reload()
    await expect(wall2.tiles).toHaveCount(9)
    await second.close()
    await expectAllAdvance(wall, 5)
  })
})
