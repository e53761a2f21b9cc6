import type { Locator, Page } from '@playwright/test'

export type WorkspaceKey =
  'wall' | 'playback' | 'lookup' | 'events' | 'stats' | 'registry' | 'settings'

/** The app shell: login, navigation, language, status bar. No assertions here. */
export class ShellPage {
  constructor(
    readonly page: Page,
    readonly baseUrl: string
  ) {}

  async open(): Promise<void> {
    await this.page.goto(this.baseUrl)
  }

  async login(username: string, password: string): Promise<void> {
    await this.page.locator('#username').fill(username)
    await this.page.locator('#password').fill(password)
    await this.page.locator('button[type=submit]').click()
    await this.statusBar.waitFor()
  }

  /** Logs out; an open duty shift's question is answered "log out anyway". */
  async logout(): Promise<void> {
    await this.page.getByTestId('logout-button').click()
    const anyway = this.page.getByTestId('logout-anyway')
    const form = this.page.locator('#username')
    await anyway.or(form).first().waitFor()
    if (await anyway.isVisible()) await anyway.click()
    await form.waitFor()
  }

  get statusBar(): Locator {
    return this.page.getByTestId('status-bar')
  }

  async goTo(ws: WorkspaceKey): Promise<void> {
    await this.page.getByTestId(`nav-${ws}`).click()
    await this.page.getByTestId(`workspace-${ws}`).waitFor()
  }

  async setLanguage(label: 'English' | '简体中文'): Promise<void> {
    await this.page.getByTestId('language-select').click()
    await this.page.locator('.ant-select-item-option', { hasText: label }).click()
  }

  async screenshot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-output/screenshots/${name}.png` })
  }
}
