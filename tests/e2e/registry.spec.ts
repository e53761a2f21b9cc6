import path from 'node:path'
import { test as base, expect } from './fixtures'
import { startHost, type RunningHost } from '../helpers/hostServer'
import { ShellPage } from './pages/ShellPage'
import { RegistryPage } from './pages/RegistryPage'

const SAMPLE = path.resolve(__dirname, '..', 'fixtures', 'sample-city')

// Importing sample-city replaces the demo cameras' streams, which the other
// specs' wall relies on: this file runs against a host of its own.
const test = base.extend<object, { registryHost: RunningHost }>({
  // sample-city's streams point at a server (127.0.0.1:8090) that does not run
  // here, and the page's CSP learns a newly imported origin only on reload
  consoleErrors: async ({ consoleErrors }, use) => {
    await use(consoleErrors)
    const blockedSampleStream = (e: string) =>
      e.includes('Content Security Policy') && e.includes('127.0.0.1:8090')
    const keep = consoleErrors.filter((e) => !blockedSampleStream(e))
    consoleErrors.splice(0, consoleErrors.length, ...keep)
  },
  registryHost: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const host = await startHost({ env: { WATCHROOM_PROBE_INTERVAL_MS: '5000' } })
      await use(host)
      await host.stop()
    },
    { scope: 'worker', timeout: 90_000 }
  ],
  shell: async ({ page, registryHost, consoleErrors }, use) => {
    void consoleErrors
    await use(new ShellPage(page, registryHost.url))
  }
})

test('imports sample-city through the UI, finds a camera by pinyin initials, moves it on the map and it stays moved', async ({
  loggedIn,
  page
}) => {
  const registry = new RegistryPage(page)
  await loggedIn.goTo('registry')

  // cameras, then roads, each previewed (with its encoding) and committed
  await registry.importFile('cameras', path.join(SAMPLE, 'cameras.csv'))
  await expect(page.getByTestId('import-encoding')).toHaveText('UTF-8')
  await expect(page.getByTestId('import-summary')).toContainText('50')
  await registry.commitImport()
  await registry.importFile('roads', path.join(SAMPLE, 'roads.geojson'))
  await expect(page.getByTestId('import-summary')).toContainText('160')
  await registry.commitImport()
  await registry.closeImport()

  await expect(registry.row('BG-0001')).toBeVisible()
  await loggedIn.screenshot('registry-table')

  // pinyin initials: 萧金东路 → xjdl
  await registry.search('xjdl')
  await expect(registry.row('BG-0020')).toBeVisible()
  await expect(registry.row('BG-0022')).toBeVisible()
  await expect(registry.row('BG-0001')).toHaveCount(0)
  await registry.search('')

  // the map: 耕文北路 → gwbl
  await registry.openMap()
  await registry.findOnMap('gwbl', 'BG-0024')
  const before = await registry.position()
  await registry.setEditMode(true)
  await registry.dragSelected(70, 45)
  await expect.poll(async () => (await registry.position()).lat).not.toBe(before.lat)
  const moved = await registry.position()
  expect(moved.lng).not.toBe(before.lng)

  // undo puts it back, redo moves it again
  await page.getByTestId('map-undo').click()
  await expect.poll(async () => await registry.position()).toEqual(before)
  await page.getByTestId('map-redo').click()
  await expect.poll(async () => await registry.position()).toEqual(moved)
  await expect(page.getByText('保存中…')).toHaveCount(0)
  await page.mouse.move(5, 5)
  await expect(page.locator('.ant-tooltip:visible')).toHaveCount(0)
  await loggedIn.screenshot('registry-map')

  // saved in SQLite: a reload shows it where it was dropped
  await page.reload()
  await loggedIn.statusBar.waitFor()
  await loggedIn.goTo('registry')
  await registry.openMap()
  await registry.findOnMap('gwbl', 'BG-0024')
  expect(await registry.position()).toEqual(moved)

  // English too
  await loggedIn.setLanguage('English')
  await expect(page.getByTestId('map-open-wall')).toHaveText('Open on wall')
  await loggedIn.screenshot('registry-map-en')
  await registry.openTable()
  await expect(registry.row('BG-0001')).toBeVisible()
  await loggedIn.screenshot('registry-table-en')
  await loggedIn.setLanguage('简体中文')
})
