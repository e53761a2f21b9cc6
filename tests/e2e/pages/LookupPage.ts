import type { Locator, Page } from '@playwright/test'

export type MapExit = { name: string; x: number; y: number; rampX: number; rampY: number }

/** The hit-and-run lookup workspace. No assertions here. */
export class LookupPage {
  constructor(readonly page: Page) {}

  get map(): Locator {
    return this.page.getByTestId('lookup-map')
  }
  get candidates(): Locator {
    return this.page.getByTestId('lookup-candidate')
  }
  get windows(): Locator {
    return this.page.getByTestId('lookup-window')
  }
  get reviewTiles(): Locator {
    return this.page.getByTestId('review-tile')
  }

  /** Car-park exits as the lookup layer drew them (screen positions inside the map). */
  async exits(): Promise<MapExit[]> {
    const raw = await this.map.getAttribute('data-exits')
    return raw ? (JSON.parse(raw) as MapExit[]) : []
  }

  /** Clicks the map on a car-park ramp short of its exit. */
  async clickNearExit(name: string): Promise<void> {
    const exit = (await this.exits()).find((e) => e.name === name)
    if (!exit) throw new Error(`no car-park exit "${name}" on the map`)
    await this.map.click({ position: { x: exit.rampX, y: exit.rampY } })
  }

  /** Types the window into the range picker, as `YYYY-MM-DD HH:mm:ss` in the room's zone. */
  async setWindow(from: string, to: string): Promise<void> {
    const inputs = this.page.getByTestId('lookup-window-range').locator('input')
    await inputs.nth(0).click()
    await inputs.nth(0).fill(from)
    await inputs.nth(0).press('Enter')
    await inputs.nth(1).fill(to)
    await inputs.nth(1).press('Enter')
  }

  async run(): Promise<void> {
    await this.page.getByTestId('lookup-run').click()
  }

  async tab(name: 'candidates' | 'windows' | 'case'): Promise<void> {
    await this.page.locator(`.ant-tabs-tab[data-node-key="${name}"]`).click()
  }
}
