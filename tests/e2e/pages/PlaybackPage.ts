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

/**
 * What the page shows of the sync state, read from the DOM alone: the
 * master clock from the clock's data-anchor-* attributes, each tile from its
 * <video> (currentTime, readyState, seeking, paused) and the footage ↔ media
 * time map the player puts on it (data-spans). Self-contained, so it can run
 * in the page (benches use it too).
 */
export function readPlaybackSnapshot(): PlaybackSnapshot {
  type Span = { from: number; to: number; mediaStart: number }
  const clock = document.querySelector<HTMLElement>('[data-testid=playback-clock]')
  if (!clock) throw new Error('playback workspace not mounted')
  const d = clock.dataset
  const playing = d.playing === '1'
  const held = d.held === '1'
  const rate = Number(d.rate)
  const anchor = Number(d.anchorTime)
  const clockMs =
    playing && !held ? anchor + (performance.now() - Number(d.anchorAt)) * rate : anchor
  const tiles: PlaybackSnapshot['tiles'] = []
  for (const el of document.querySelectorAll<HTMLElement>('[data-testid=playback-tile]')) {
    const v = el.querySelector('video')
    // a tile whose playlist is not read yet has no map: not part of the session yet
    if (!v?.dataset.spans) continue
    const spans = JSON.parse(v.dataset.spans) as Span[]
    const gap = !spans.some((s) => clockMs >= s.from && clockMs < s.to)
    const span = spans.find(
      (s) =>
        v.currentTime >= s.mediaStart - 0.001 &&
        v.currentTime < s.mediaStart + (s.to - s.from) / 1000 + 0.001
    )
    const wall = span ? span.from + (v.currentTime - span.mediaStart) * 1000 : null
    tiles.push({
      cameraId: Number(el.dataset.cameraId),
      wallMs: gap ? null : wall,
      errorMs: gap || wall === null ? null : wall - clockMs,
      gap,
      readyState: v.readyState,
      seeking: v.seeking,
      paused: v.paused
    })
  }
  return { clockMs, playing, rate, held, tiles }
}

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
    return this.page.evaluate(readPlaybackSnapshot)
  }

  /** The worst |tile − clock| error over `samples` readings taken every `everyMs` in the page. */
  async worstSyncError(samples: number, everyMs: number): Promise<number> {
    // the reader goes into the page as source (through the debugger, which the CSP does not govern);
    // __name: the helper a transpiler may wrap functions in
    await this.page.evaluate(
      `window.__name = window.__name || ((f) => f); window.__readPlayback = ${readPlaybackSnapshot.toString()}`
    )
    return this.page.evaluate(
      async ({ samples, everyMs }) => {
        const read = (window as unknown as { __readPlayback: () => PlaybackSnapshot })
          .__readPlayback
        let worst = 0
        for (let i = 0; i < samples; i++) {
          for (const t of read().tiles)
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
