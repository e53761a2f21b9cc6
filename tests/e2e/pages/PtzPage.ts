import type { Locator, Page } from '@playwright/test'

/** What a tile's decoded picture shows, read from its video element (0-255 means). */
export type PictureStats = {
  red: number
  green: number
  /** mean red of the right tenth minus the left tenth: how much of the gradient is in view */
  spread: number
}

/** PTZ controls on wall tiles. No assertions here. */
export class PtzPage {
  constructor(readonly page: Page) {}

  tile(i: number): Locator {
    return this.page.getByTestId('wall-tile').nth(i)
  }

  /** Shows the PTZ layer and pad on a tile. */
  async open(i: number): Promise<void> {
    await this.tile(i).getByTestId('ptz-toggle').click()
    await this.tile(i).getByTestId('ptz-pad').waitFor()
  }

  /** Presses a pad button (with the mouse, as an operator does) and leaves it pressed. */
  async press(testId: string, i = 0): Promise<void> {
    const box = await this.tile(i).getByTestId(testId).boundingBox()
    if (!box) throw new Error(`${testId} is not visible`)
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await this.page.mouse.down()
  }

  async release(): Promise<void> {
    await this.page.mouse.up()
  }

  /** Presses a pad button and keeps it pressed until `done()` holds, then releases it. */
  async hold(testId: string, done: () => boolean, i = 0, timeoutMs = 10_000): Promise<void> {
    const box = await this.tile(i).getByTestId(testId).boundingBox()
    if (!box) throw new Error(`${testId} is not visible`)
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
    await this.page.mouse.down()
    try {
      const end = Date.now() + timeoutMs
      while (!done()) {
        if (Date.now() > end) throw new Error(`${testId}: the dome did not get there in time`)
        await this.page.evaluate(() => new Promise((r) => requestAnimationFrame(r)))
      }
    } finally {
      await this.page.mouse.up()
    }
  }

  /** Colour statistics of the tile's current decoded frame. */
  async picture(i: number): Promise<PictureStats> {
    return this.tile(i).evaluate((el) => {
      const v =
        el.querySelector<HTMLVideoElement>('video[data-current]') ?? el.querySelector('video')
      if (!v || v.videoWidth === 0) return { red: -1, green: -1, spread: -1 }
      const c = document.createElement('canvas')
      c.width = 160
      c.height = 90
      const g = c.getContext('2d', { willReadFrequently: true })
      if (!g) return { red: -1, green: -1, spread: -1 }
      g.drawImage(v, 0, 0, c.width, c.height)
      const d = g.getImageData(0, 0, c.width, c.height).data
      let red = 0
      let green = 0
      let left = 0
      let right = 0
      let nEdge = 0
      for (let y = 0; y < c.height; y++)
        for (let x = 0; x < c.width; x++) {
          const k = (y * c.width + x) * 4
          red += d[k] ?? 0
          green += d[k + 1] ?? 0
          if (x < 16) {
            left += d[k] ?? 0
            nEdge++
          } else if (x >= c.width - 16) right += d[k] ?? 0
        }
      const n = c.width * c.height
      return { red: red / n, green: green / n, spread: (right - left) / nEdge }
    })
  }
}
