import type { Locator, Page } from '@playwright/test'

/** The video wall. Reads frame counters through getVideoPlaybackQuality(). */
export class WallPage {
  constructor(readonly page: Page) {}

  get tiles(): Locator {
    return this.page.getByTestId('wall-tile')
  }

  /** totalVideoFrames − droppedVideoFrames per tile, in DOM order. */
  async presentedFrames(): Promise<number[]> {
    return this.tiles.evaluateAll((els) =>
      els.map((el) => {
        const v = el.querySelector('video')
        if (!v) return 0
        const q = v.getVideoPlaybackQuality()
        return q.totalVideoFrames - q.droppedVideoFrames
      })
    )
  }

  async choosePreset(n: number): Promise<void> {
    await this.page.getByTestId('preset-select').getByText(String(n), { exact: true }).click()
  }
}
