import type { Locator, Page } from '@playwright/test'

/** The video wall. Reads frame counters through getVideoPlaybackQuality(). No assertions here. */
export class WallPage {
  constructor(readonly page: Page) {}

  get tiles(): Locator {
    return this.page.getByTestId('wall-tile')
  }

  tile(i: number): Locator {
    return this.tiles.nth(i)
  }

  /** totalVideoFrames − droppedVideoFrames of each tile's visible picture, in DOM order. */
  async presentedFrames(): Promise<number[]> {
    return this.tiles.evaluateAll((els) =>
      els.map((el) => {
        const v =
          el.querySelector<HTMLVideoElement>('video[data-current]') ?? el.querySelector('video')
        if (!v) return 0
        const q = v.getVideoPlaybackQuality()
        return q.totalVideoFrames - q.droppedVideoFrames
      })
    )
  }

  /** How each tile's picture is fed: 'live' (MSE from the live socket), '' when it has none. */
  async sources(): Promise<string[]> {
    return this.tiles.evaluateAll((els) =>
      els.map((el) => {
        const v = el.querySelector<HTMLVideoElement>('video[data-current]')
        return v?.src.startsWith('blob:') ? 'live' : ''
      })
    )
  }

  /** Camera code shown by each tile ('' = empty). */
  async cameraCodes(): Promise<string[]> {
    return this.tiles.evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-camera-code') ?? '')
    )
  }

  /** Badge state of each tile: connecting, playing, stalled, offline, idle or empty. */
  async states(): Promise<string[]> {
    return this.tiles.evaluateAll((els) => els.map((el) => el.getAttribute('data-state') ?? ''))
  }

  /** Grid span (`2x2`) of each cell, in DOM order. */
  async spans(): Promise<string[]> {
    return this.page
      .locator('[data-span]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-span') ?? ''))
  }

  /** Right-clicks a tile and picks an item of its menu (a menu still closing may linger in the DOM: take the newest). */
  async tileMenu(i: number, item: string): Promise<void> {
    await this.tile(i).click({ button: 'right' })
    await this.page.locator('.ant-dropdown-menu-item', { hasText: item }).last().click()
  }

  async choosePreset(n: number): Promise<void> {
    await this.page.getByTestId('preset-select').getByText(String(n), { exact: true }).click()
  }

  async chooseLayout(name: string): Promise<void> {
    await this.page.getByTestId('layout-select').click()
    await this.page.locator('.ant-select-item-option', { hasText: name }).click()
  }

  get editor(): Locator {
    return this.page.locator('.ant-modal').filter({ has: this.page.getByTestId('editor-stage') })
  }

  async openNewLayoutEditor(): Promise<void> {
    await this.page.getByTestId('layout-new').click()
    await this.page.getByTestId('editor-stage').locator('canvas').first().waitFor()
  }

  async editorStartFromPreset(n: number): Promise<void> {
    await this.page.getByTestId('editor-preset').click()
    await this.page.locator('.ant-select-item-option', { hasText: new RegExp(`^${n}\\s`) }).click()
  }

  /** Drags across the editor grid from one unit cell to another (grid coordinates). */
  async editorSelect(
    cols: number,
    rows: number,
    from: { x: number; y: number },
    to: { x: number; y: number }
  ): Promise<void> {
    const box = await this.page.getByTestId('editor-stage').locator('canvas').first().boundingBox()
    if (!box) throw new Error('editor canvas not visible')
    const at = (p: { x: number; y: number }) => ({
      x: box.x + ((p.x + 0.5) * box.width) / cols,
      y: box.y + ((p.y + 0.5) * box.height) / rows
    })
    const a = at(from)
    const b = at(to)
    await this.page.mouse.move(a.x, a.y)
    await this.page.mouse.down()
    await this.page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 3 })
    await this.page.mouse.move(b.x, b.y, { steps: 3 })
    await this.page.mouse.up()
  }

  async startTour(opts: { tile: number; dwellSeconds: number }): Promise<void> {
    await this.page.getByTestId('tour-open').click()
    await this.page.getByTestId('tour-tile').click()
    await this.page.locator('.ant-select-item-option').nth(opts.tile).click()
    await this.page.getByTestId('tour-dwell').locator('input').fill(String(opts.dwellSeconds))
    await this.page.getByTestId('tour-start').click()
  }

  /** Makes a demo camera fail (or recover with null) through the API, as a drill would. */
  async setDemoFailure(code: string, mode: 'offline' | 'stall' | 'corrupt' | null): Promise<void> {
    const status = await this.page.evaluate(
      async ([c, m]) => {
        const res = await fetch('/api/demo:setFailure', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code: c, mode: m })
        })
        return res.status
      },
      [code, mode] as const
    )
    if (status !== 200) throw new Error(`demo:setFailure answered ${status}`)
  }
}
