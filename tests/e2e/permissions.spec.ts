import { test, expect, type Page } from './fixtures'

/** POSTs to the API from inside the page (same origin, the page's session cookie). */
async function apiStatus(
  page: Page,
  channel: string,
  body: unknown
): Promise<{ status: number; code: string | null }> {
  return page.evaluate(
    async ([c, b]) => {
      const res = await fetch(`/api/${c}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(b)
      })
      const json = (await res.json()) as { ok: boolean; error?: { code: string } }
      return { status: res.status, code: json.error?.code ?? null }
    },
    [channel, body] as const
  )
}

test('roles: duty cannot export or edit the registry (hidden and refused), supervisors export, technicians edit, admins see the attempts; the lock screen stops everything', async ({
  shell,
  page
}) => {
  const switchUser = async (username: string) => {
    await page.context().clearCookies()
    await shell.open()
    await shell.login(username, 'demo1234')
  }

  // --- duty: the UI hides export and the registry editor, and main refuses the calls
  await switchUser('duty')
  await shell.goTo('playback')
  // duty replays footage, but export is a supervisor's: shown disabled with who can
  await expect(page.getByTestId('playback-root')).toBeVisible()
  await expect(page.getByTestId('export-open')).toBeDisabled()
  await shell.goTo('registry')
  await expect(page.getByTestId('registry-search')).toBeVisible()
  await expect(page.getByTestId('camera-new')).toHaveCount(0)
  await expect(page.getByTestId('open-import')).toHaveCount(0)
  const exportTry = await apiStatus(page, 'export:create', {
    cameraIds: [1],
    fromMs: Date.now() - 120_000,
    toMs: Date.now() - 60_000
  })
  expect(exportTry).toEqual({ status: 403, code: 'forbidden' })
  const importTry = await apiStatus(page, 'registry:import', {
    kind: 'cameras',
    fileName: 'x.csv',
    contentBase64: '',
    dryRun: true
  })
  expect(importTry).toEqual({ status: 403, code: 'forbidden' })
  await shell.screenshot('permissions-duty-registry')

  // --- supervisor: export is there
  await switchUser('supervisor')
  await shell.goTo('playback')
  await expect(page.getByTestId('export-open')).toBeVisible()
  await expect(page.getByTestId('needs-export')).toHaveCount(0)
  await expect(page.getByTestId('camera-new')).toHaveCount(0)

  // --- technician: the registry editor is there
  await switchUser('technician')
  await shell.goTo('registry')
  await expect(page.getByTestId('camera-new')).toBeVisible()
  await expect(page.getByTestId('open-import')).toBeVisible()

  // --- admin: every refused attempt is in the audit view
  await switchUser('admin')
  await shell.goTo('events')
  await page.getByTestId('tab-audit').click()
  const audit = page.getByTestId('audit-table')
  await expect(audit).toBeVisible()
  await expect(audit.getByText('access.denied').first()).toBeVisible()
  await expect(audit.getByText('export:create')).toBeVisible()
  await expect(audit.getByText('registry:import')).toBeVisible()
  await shell.screenshot('permissions-audit')

  // --- the lock screen: nothing works until the password is given
  await page.getByTestId('lock-button').click()
  const lockPanel = page.getByTestId('lock-panel')
  await expect(lockPanel.locator('#password')).toBeVisible()
  await expect(page.getByTestId('lock-overlay')).toBeVisible()
  expect(await apiStatus(page, 'cameras:list', {})).toEqual({ status: 423, code: 'locked' })
  await shell.screenshot('lock-screen')
  await lockPanel.locator('#password').fill('wrong-password')
  await lockPanel.locator('button[type=submit]').click()
  await expect(lockPanel.locator('.ant-alert-error')).toBeVisible()
  await lockPanel.locator('#password').fill('demo1234')
  await lockPanel.locator('button[type=submit]').click()
  await expect(page.getByTestId('lock-overlay')).toHaveCount(0)
  await expect(page.getByTestId('status-bar')).toBeVisible()
  expect((await apiStatus(page, 'cameras:list', {})).status).toBe(200)
})
