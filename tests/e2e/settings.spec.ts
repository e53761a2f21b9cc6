import { test, expect } from './fixtures'

test('settings: recording mode per camera and a new account that can log in', async ({
  loggedIn,
  page
}) => {
  await loggedIn.goTo('settings')
  const rec = page.getByTestId('recording-settings')
  await expect(rec).toBeVisible()
  // the demo cameras record continuously from the first start
  await expect(rec.getByText('录像中').first()).toBeVisible({ timeout: 20_000 })
  // turn recording off for the first camera
  await rec.locator('.ant-table-row').first().locator('.ant-checkbox-input').check()
  await rec.getByText('不录像').click()
  await rec.getByTestId('recording-apply').click()
  await expect(rec.locator('.ant-table-row').first().getByText('未录像')).toBeVisible()
  await loggedIn.screenshot('settings-recording')

  // an admin creates a duty account
  await page.getByTestId('users-add').click()
  const dialog = page.locator('.ant-modal').filter({ hasText: '新建账号' })
  await dialog.locator('#username').fill('zhangsan')
  await dialog.locator('#displayName').fill('张三')
  await dialog.locator('#password').fill('shift-2026!')
  await dialog.locator('button[type=submit]').click()
  await expect(page.getByTestId('users-table').getByText('zhangsan')).toBeVisible()

  // …who can log in
  await page.context().clearCookies()
  await loggedIn.open()
  await loggedIn.login('zhangsan', 'shift-2026!')
  await expect(page.getByTestId('status-operator')).toHaveText('张三')
})
