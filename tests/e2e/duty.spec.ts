import { test, expect, type Page } from './fixtures'
import { PlaybackPage } from './pages/PlaybackPage'
import { LookupPage } from './pages/LookupPage'

const EXIT = '东瑞小区地下车库出口'
const WORKSPACES = [
  'wall',
  'playback',
  'lookup',
  'events',
  'stats',
  'registry',
  'settings'
] as const

/** `YYYY-MM-DD HH:mm:ss` in the room's zone (Asia/Shanghai in the demo). */
const roomTime = (ms: number) =>
  new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')

async function api<T>(
  page: Page,
  channel: string,
  body: unknown
): Promise<{ status: number; result: T }> {
  return page.evaluate(
    async ([c, b]) => {
      const res = await fetch(`/api/${c}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(b)
      })
      return { status: res.status, result: ((await res.json()) as { result: T }).result }
    },
    [channel, body] as const
  )
}

test('a duty officer replays footage and runs the lookup (both audited), cannot export, and meets no dead end', async ({
  shell,
  page
}) => {
  test.setTimeout(150_000)
  await shell.open()
  await shell.login('duty', 'demo1234')

  // every workspace in the menu opens to something the role can use
  for (const ws of WORKSPACES) {
    await shell.goTo(ws)
    await expect(
      page.getByTestId(`workspace-${ws}`).locator('.ant-empty-description', {
        hasText: /无权|not allowed|permission/i
      })
    ).toHaveCount(0)
  }

  // replay: an hour back on one demo camera, playing
  const pb = new PlaybackPage(page)
  await shell.goTo('playback')
  await pb.addCameras(['BG-0001'])
  const target = Math.floor((Date.now() - 50 * 60_000) / 1000) * 1000
  await pb.goTo(roomTime(target))
  await expect.poll(() => pb.allShowing(1), { timeout: 30_000 }).toBe(true)
  // export is shown disabled, naming who can do it: never a click that ends in "forbidden"
  const exportButton = page.getByTestId('export-open')
  await expect(exportButton).toBeDisabled()
  await page.getByTestId('needs-export').last().hover()
  // another button's tooltip may still be fading out: look for the one that names the role
  await expect(page.locator('.ant-tooltip:visible', { hasText: '值班长' })).toBeVisible()
  await shell.screenshot('duty-playback')
  expect(
    (await api(page, 'export:create', { cameraIds: [1], fromMs: target, toMs: target + 60_000 }))
      .status
  ).toBe(403)

  // statistics: the CSV export is a supervisor's too
  await shell.goTo('stats')
  await expect(page.getByTestId('stats-export')).toBeDisabled()

  // the hit-and-run lookup near a car-park exit
  const lookup = new LookupPage(page)
  await shell.goTo('lookup')
  await expect.poll(async () => (await lookup.exits()).map((e) => e.name)).toContain(EXIT)
  await lookup.clickNearExit(EXIT)
  const end = Date.now() - 3 * 60_000
  await lookup.setWindow(roomTime(end - 10 * 60_000), roomTime(end))
  await lookup.run()
  await expect(lookup.candidates.first()).toBeVisible({ timeout: 30_000 })
  await shell.screenshot('duty-lookup')

  // the administrator sees both in the audit trail under the duty officer's name
  await page.context().clearCookies()
  await shell.open()
  await shell.login('admin', 'demo1234')
  const audit = await api<{ actor: string | null; action: string }[]>(page, 'audit:list', {
    actor: 'duty',
    limit: 200
  })
  const actions = new Set(audit.result.map((a) => a.action))
  expect(actions.has('playback.view')).toBe(true)
  expect(actions.has('lookup.run')).toBe(true)
})
