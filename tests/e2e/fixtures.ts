import { test as base, expect, type Page } from '@playwright/test'
import { startHost, type RunningHost } from '../helpers/hostServer'
import { ShellPage } from './pages/ShellPage'

type WorkerFixtures = { host: RunningHost }
type TestFixtures = { consoleErrors: string[]; shell: ShellPage; loggedIn: ShellPage }

/**
 * One fixture for every e2e test: a host-mode server per worker (fresh data
 * directory, demo site), a page whose console errors fail the test, and a
 * page object for the shell.
 */
export const test = base.extend<TestFixtures, WorkerFixtures>({
  host: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const host = await startHost()
      await use(host)
      await host.stop()
    },
    { scope: 'worker', timeout: 90_000 }
  ],
  consoleErrors: async ({ page }, use) => {
    const errors: string[] = []
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text())
    })
    page.on('pageerror', (err) => errors.push(String(err)))
    await use(errors)
    // Expected failures (a source made to fail) are answered by the server
    // with 4xx/5xx, which Chromium logs as resource errors: those are allowed.
    const unexpected = errors.filter((e) => !/Failed to load resource/.test(e))
    expect(unexpected, 'console errors').toEqual([])
  },
  shell: async ({ page, host, consoleErrors }, use) => {
    void consoleErrors
    await use(new ShellPage(page, host.url))
  },
  loggedIn: async ({ shell }, use) => {
    await shell.open()
    await shell.login('admin', 'demo1234')
    await use(shell)
  }
})

export { expect }
export type { Page }
