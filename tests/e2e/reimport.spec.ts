import path from 'node:path'
import { test as base, expect, type Page } from './fixtures'
import { startHost, type RunningHost } from '../helpers/hostServer'
import { ShellPage } from './pages/ShellPage'
import { RegistryPage } from './pages/RegistryPage'

const SAMPLE = path.resolve(__dirname, '..', 'fixtures', 'sample-city')

// A re-import changes the demo cameras' streams: this file runs against a host of its own.
const test = base.extend<object, { reimportHost: RunningHost }>({
  reimportHost: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const host = await startHost({ env: { WATCHROOM_PROBE_INTERVAL_MS: '3000' } })
      await use(host)
      await host.stop()
    },
    { scope: 'worker', timeout: 90_000 }
  ],
  shell: async ({ page, reimportHost, consoleErrors }, use) => {
    void consoleErrors
    await use(new ShellPage(page, reimportHost.url))
  }
})

type CameraRow = {
  code: string
  block: string | null
  kind: string | null
  owner: string | null
  fovDeg: number | null
  streamUrl: string | null
}

/** The registry as main has it, through the same HTTP API the page uses. */
async function camerasOf(page: Page): Promise<Map<string, CameraRow>> {
  const list = await page.evaluate(async () => {
    const r = await fetch('/api/cameras:list', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}'
    })
    return ((await r.json()) as { result: CameraRow[] }).result
  })
  return new Map(list.map((c) => [c.code, c]))
}

test('re-importing a file with fewer columns keeps the others, previews each field change, and one click undoes it', async ({
  loggedIn,
  page
}) => {
  const registry = new RegistryPage(page)
  await loggedIn.goTo('registry')
  // the warning is about cameras that are playing: wait until the probe has seen BG-0001 live
  await expect(registry.row('BG-0001')).toContainText('在线', { timeout: 30_000 })
  const before = await camerasOf(page)
  expect(before.get('BG-0001')).toMatchObject({ block: '第一片区', kind: 'road', owner: 'public' })

  // sample-city's cameras.csv has no fov, kind, owner or notes, and numbers its blocks 1..5
  await registry.importFile('cameras', path.join(SAMPLE, 'cameras.csv'))
  const summary = page.getByTestId('import-summary')
  await expect(summary).toContainText('无变化')
  const columns = page.getByTestId('import-columns')
  await expect(columns).toContainText('stream_url')
  await expect(columns).not.toContainText('owner')
  const changes = page.getByTestId('import-changes')
  const bg1 = changes.locator('[data-code="BG-0001"]')
  await expect(bg1.locator('[data-field="streamUrl"]')).toContainText('demo://BG-0001')
  await expect(bg1.locator('[data-field="streamUrl"]')).toContainText(
    'http://127.0.0.1:8090/live/BG-0001/index.m3u8'
  )
  await expect(changes.locator('[data-field="block"]')).toHaveCount(0)
  await expect(changes.locator('[data-field="kind"]')).toHaveCount(0)
  await expect(changes.locator('[data-field="notes"]')).toHaveCount(0)
  await expect(page.getByTestId('import-live-warning')).toBeVisible()
  for (const [w, h] of [
    [1600, 900],
    [1366, 768]
  ] as const) {
    await page.setViewportSize({ width: w, height: h })
    await loggedIn.screenshot(`import-preview-${w}x${h}`)
  }

  await registry.commitImport()
  const after = await camerasOf(page)
  for (const [code, b] of before) {
    const a = after.get(code)!
    expect({ code, block: a.block, kind: a.kind, owner: a.owner, fov: a.fovDeg }).toEqual({
      code,
      block: b.block,
      kind: b.kind,
      owner: b.owner,
      fov: b.fovDeg
    })
  }
  expect(after.get('BG-0001')?.streamUrl).toBe('http://127.0.0.1:8090/live/BG-0001/index.m3u8')

  // one click (and a confirmation) puts every stream URL back
  await page.getByTestId('import-undo').click()
  await page.getByTestId('import-undo-confirm').click()
  await expect(page.getByTestId('import-last')).toHaveCount(0)
  await expect
    .poll(async () => (await camerasOf(page)).get('BG-0001')?.streamUrl)
    .toBe('demo://BG-0001')
  const undone = await camerasOf(page)
  expect([...undone.values()].map((c) => c.streamUrl)).toEqual(
    [...before.values()].map((c) => c.streamUrl)
  )
  await registry.closeImport()
  await expect(registry.row('BG-0001')).toContainText('第一片区')
})
