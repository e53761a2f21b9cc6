import type { Locator, Page } from '@playwright/test'

export type PlaybackSnapshot = {
  clockMs: number
  playing: boolean
  rate: number
  held: boolean
  tiles: {
    cameraId: number
    wallMs: number | null
    errorMs: number | null
    gap: boolean
    readyState: number
    seeking: boolean
    paused: boolean
  }[]
}

/** The read-only sync view the workspace exposes (see PlaybackWorkspace.tsx). */
type Hooked = { __watchroomPlayback?: { snapshot(): PlaybackSnapshot } }

/** The playback workspace. No assertions here. */
export class PlaybackPage {
  constructor(readonly page: Page) {}

  get tiles(): Locator {
    return this.page.getByTestId('playback-tile')
  }

  /** Adds cameras by code through the picker (type, Enter). */
  async addCameras(codes: readonly string[]): Promise<void> {
    const input = this.page.getByTestId('playback-cameras').locator('input')
    for (const code of codes) {
      await input.fill(code)
      await this.page.locator('.ant-select-item-option', { hasText: code }).first().click()
    }
    await this.page.keyboard.press('Escape')
  }

  async goTo(text: string): Promise<void> {
    await this.page.getByTestId('playback-goto').fill(text)
    await this.page.getByTestId('playback-goto').press('Enter')
  }

  async setSpeed(label: string): Promise<void> {
    await this.page.getByTestId('playback-speed').click()
    await this.page
      .locator('.ant-select-item-option', {
        hasText: new RegExp(`^${label.replace(/[/×]/g, (c) => `\\${c}`)}$`)
      })
      .click()
  }

  async togglePlay(): Promise<void> {
    await this.page.getByTestId('playback-play').click()
  }

  async snapshot(): Promise<PlaybackSnapshot> {
    return this.page.evaluate(() => {
      const s = (window as unknown as Hooked).__watchroomPlayback?.snapshot()
      if (!s) throw new Error('playback workspace not mounted')
      return s
    })
  }

  /** The worst |tile − clock| error over `samples` readings taken every `everyMs` in the page. */
  async worstSyncError(samples: number, everyMs: number): Promise<number> {
    return this.page.evaluate(
      async ({ samples, everyMs }) => {
        let worst = 0
        for (let i = 0; i < samples; i++) {
          const s = (window as unknown as Hooked).__watchroomPlayback?.snapshot()
          for (const t of s?.tiles ?? [])
            if (t.errorMs !== null) worst = Math.max(worst, Math.abs(t.errorMs))
          await new Promise((r) => setTimeout(r, everyMs))
        }
        return worst
      },
      { samples, everyMs }
    )
  }

  /** Every tile has footage at the clock and a decoded frame there. */
  async allShowing(count: number): Promise<boolean> {
    const s = await this.snapshot()
    return (
      s.tiles.length === count &&
      s.tiles.every(
        (t) =>
          !t.gap &&
          t.readyState >= 2 &&
          !t.seeking &&
          t.errorMs !== null &&
          Math.abs(t.errorMs) < 100
      )
    )
  }

  async addBookmark(note: string): Promise<void> {
    await this.page.getByTestId('bookmark-note').fill(note)
    await this.page.getByTestId('bookmark-add').click()
  }

  get bookmarks(): Locator {
    return this.page.getByTestId('bookmark-item')
  }
}
