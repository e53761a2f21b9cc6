import type { Locator, Page } from '@playwright/test'

/** The registry workspace: table, import dialog and site map. No assertions here. */
export class RegistryPage {
  constructor(readonly page: Page) {}

  get table(): Locator {
    return this.page.getByTestId('registry-table')
  }

  row(code: string): Locator {
    return this.table.locator(`.ant-table-row[data-code="${code}"]`)
  }

  get drawer(): Locator {
    return this.page.getByTestId('camera-drawer')
  }

  /** Finds a camera in the table and opens its form. */
  async openCamera(code: string): Promise<void> {
    await this.search(code)
    await this.row(code).dblclick()
    await this.drawer.getByTestId('field-name').waitFor()
  }

  async saveCamera(): Promise<void> {
    await this.drawer.getByTestId('camera-save').click()
    await this.drawer.waitFor({ state: 'hidden' })
  }

  async closeCamera(): Promise<void> {
    await this.page.keyboard.press('Escape')
    await this.drawer.waitFor({ state: 'hidden' })
  }

  get map(): Locator {
    return this.page.getByTestId('site-map')
  }

  get details(): Locator {
    return this.page.getByTestId('map-details')
  }

  async importFile(kind: 'cameras' | 'roads', file: string): Promise<void> {
    const dialog = this.page
      .locator('.ant-modal')
      .filter({ has: this.page.getByTestId('import-choose') })
    if (!(await dialog.isVisible())) await this.page.getByTestId('open-import').click()
    await dialog
      .locator('.ant-segmented-item')
      .nth(kind === 'cameras' ? 0 : 1)
      .click()
    await dialog.locator('input[type=file]').setInputFiles(file)
    await dialog.getByTestId('import-preview').click()
    await dialog.getByTestId('import-summary').waitFor()
  }

  async commitImport(): Promise<void> {
    await this.page.getByTestId('import-commit').click()
    await this.page.getByTestId('import-done').waitFor()
  }

  async closeImport(): Promise<void> {
    const dialog = this.page
      .locator('.ant-modal')
      .filter({ has: this.page.getByTestId('import-choose') })
    await this.page.locator('.ant-modal-footer').getByRole('button').first().click()
    await dialog.waitFor({ state: 'hidden' })
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('registry-search').locator('input').fill(text)
  }

  async openMap(): Promise<void> {
    await this.page.getByTestId('registry-tab-map').click()
    await this.map.waitFor()
  }

  async openTable(): Promise<void> {
    await this.page.getByTestId('registry-tab-table').click()
  }

  /** Types into the map's search box and picks the option that shows `code`. */
  async findOnMap(text: string, code: string): Promise<void> {
    const box = this.page.getByTestId('map-search').locator('input')
    await box.fill(text)
    await this.page.getByTestId('map-search-option').filter({ hasText: code }).click()
    await this.details.and(this.page.locator(`[data-code="${code}"]`)).waitFor()
  }

  async setEditMode(on: boolean): Promise<void> {
    const sw = this.page.getByTestId('map-edit-mode')
    if ((await sw.getAttribute('aria-checked')) !== String(on)) await sw.click()
  }

  /** Screen position of the selected camera inside the page. */
  async selectedPoint(): Promise<{ x: number; y: number }> {
    const box = (await this.map.boundingBox())!
    const [x, y] = ((await this.map.getAttribute('data-selected-screen')) ?? '0,0')
      .split(',')
      .map(Number)
    return { x: box.x + (x ?? 0), y: box.y + (y ?? 0) }
  }

  async dragSelected(dx: number, dy: number): Promise<void> {
    const p = await this.selectedPoint()
    await this.page.mouse.move(p.x, p.y)
    await this.page.mouse.down()
    await this.page.mouse.move(p.x + dx / 2, p.y + dy / 2, { steps: 5 })
    await this.page.mouse.move(p.x + dx, p.y + dy, { steps: 5 })
    await this.page.mouse.up()
  }

  async position(): Promise<{ lat: string; lng: string }> {
    return {
      lat: (await this.page.getByTestId('map-details-lat').textContent()) ?? '',
      lng: (await this.page.getByTestId('map-details-lng').textContent()) ?? ''
    }
  }
}
