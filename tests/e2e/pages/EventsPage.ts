import type { Locator, Page } from '@playwright/test'

/** The event and duty log workspace, the incident form and drawer, the stats workspace. No assertions here. */
export class EventsPage {
  constructor(readonly page: Page) {}

  tab(name: 'incidents' | 'duty' | 'system' | 'audit'): Locator {
    return this.page.getByTestId(`tab-${name}`)
  }

  get form(): Locator {
    return this.page.getByTestId('incident-create-modal').getByTestId('incident-form')
  }

  get drawer(): Locator {
    return this.page.getByTestId('incident-drawer')
  }

  get rows(): Locator {
    return this.page.getByTestId('incident-row')
  }

  row(text: string): Locator {
    return this.rows.filter({ hasText: text })
  }

  async chooseType(label: string): Promise<void> {
    await this.form.getByTestId('incident-type').getByText(label, { exact: true }).click()
  }

  async action(
    name: 'acknowledge' | 'dispatch' | 'resolve' | 'close' | 'reopen',
    note?: string
  ): Promise<void> {
    await this.drawer.getByTestId(`incident-action-${name}`).click()
    if (name === 'resolve' || name === 'close' || name === 'reopen') {
      if (note) await this.page.getByTestId('action-note').fill(note)
      await this.page.getByTestId('action-confirm').click()
    }
  }

  async closeDrawer(): Promise<void> {
    await this.drawer.locator('.ant-drawer-close').click()
    await this.drawer.waitFor({ state: 'hidden' })
  }

  async notify(contact: string): Promise<void> {
    await this.drawer.getByTestId('incident-notify').click()
    await this.drawer.getByTestId('notify-contact').fill(contact)
    await this.drawer.getByTestId('notify-submit').click()
  }

  async search(text: string): Promise<void> {
    await this.page.getByTestId('incident-search').fill(text)
  }

  /** Calls the API with the page's session (host mode), as the renderer does. */
  async api<T>(channel: string, input: unknown): Promise<T> {
    const res = await this.page.request.post(new URL(`/api/${channel}`, this.page.url()).href, {
      data: input as object
    })
    const body = (await res.json()) as {
      ok: boolean
      result?: T
      error?: { code: string; message: string }
    }
    if (!body.ok) throw new Error(`${channel}: ${body.error?.code} ${body.error?.message}`)
    return body.result as T
  }
}
