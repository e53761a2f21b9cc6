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

  /** Picks an option of one of the hint selects (colour, type, brand) by its label. */
  async chooseHint(
    scope: 'lookup-hints' | 'search-fields',
    field: 'color' | 'type' | 'brand',
    label: string
  ): Promise<void> {
    await this.page.getByTestId(`${scope}-${field}`).click()
    await this.page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: label })
      .first()
      .click()
  }

  async typePlate(scope: 'lookup-hints' | 'search-fields', pattern: string): Promise<void> {
    await this.page.getByTestId(`${scope}-plate`).fill(pattern)
  }

  async mode(name: 'lookup' | 'search'): Promise<void> {
    await this.page
      .getByTestId('lookup-mode')
      .getByText(name === 'lookup' ? /肇事逃逸追查|Hit-and-run lookup/ : /以车搜车|Vehicle search/)
      .click()
  }
}
