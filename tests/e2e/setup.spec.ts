import { readFileSync } from 'node:fs'
import path from 'node:path'
import { test, expect } from './fixtures'
import { startHost } from '../helpers/hostServer'
import { ShellPage } from './pages/ShellPage'

// Issue #15, point 6: no demo password in a real room.

test('first start of a real room: the setup screen creates admin with the password the user sets', async ({
  page,
  consoleErrors
}) => {
  void consoleErrors
  const host = await startHost({ env: { WATCHROOM_DEMO: '0', WATCHROOM_FIRST_START: 'ask' } })
  try {
    const shell = new ShellPage(page, host.url)
    await shell.open()
    await expect(page.getByText('初始化本监控室')).toBeVisible()
    await page.locator('#password').fill('our-own-secret-1')
    await page.locator('#repeat').fill('our-own-secret-1')
    await shell.screenshot('setup-real-room')
    await page.locator('button[type=submit]').click()
    // the login screen follows, with no demo hint, and the demo password opens nothing
    await expect(page.locator('#username')).toBeVisible()
    await expect(page.getByText('演示账号')).toHaveCount(0)
    await page.locator('#username').fill('admin')
    await page.locator('#password').fill('demo1234')
    await page.locator('button[type=submit]').click()
    await expect(page.getByText('用户名或密码错误')).toBeVisible()
    await shell.login('admin', 'our-own-secret-1')
    await expect(shell.statusBar).toBeVisible()
  } finally {
    await host.stop()
  }
})

test('a generated initial password must be changed before anything else', async ({
  page,
  consoleErrors
}) => {
  void consoleErrors
  const host = await startHost({ env: { WATCHROOM_DEMO: '0', WATCHROOM_ADMIN_PASSWORD: '' } })
  try {
    const initial = readFileSync(
      path.join(host.dataDir, 'initial-admin-password.txt'),
      'utf8'
    ).trim()
    const shell = new ShellPage(page, host.url)
    await shell.open()
    await page.locator('#username').fill('admin')
    await page.locator('#password').fill(initial)
    await page.locator('button[type=submit]').click()
    await expect(page.getByText('此账号仍在使用公开的或初始的密码')).toBeVisible()
    // main refuses every other call meanwhile
    const refused = await page.evaluate(async () => {
      const res = await fetch('/api/cameras:list', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}'
      })
      return { status: res.status, body: (await res.json()) as unknown }
    })
    expect(refused).toMatchObject({
      status: 403,
      body: { error: { details: { reason: 'password_change_required' } } }
    })
    await shell.screenshot('setup-must-change-password')
    await page.locator('#current').fill(initial)
    await page.locator('#next').fill('room-admin-2026')
    await page.locator('#repeat').fill('room-admin-2026')
    await page.locator('button[type=submit]').click()
    await expect(shell.statusBar).toBeVisible()
  } finally {
    await host.stop()
  }
})
