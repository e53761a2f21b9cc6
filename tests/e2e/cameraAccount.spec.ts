import { test, expect } from './fixtures'
import { RegistryPage } from './pages/RegistryPage'

type Listed = { code: string; streamUser: string | null; streamPasswordSet: boolean }

/**
 * Issue #15 point 7: a technician sets a camera's stream account in the
 * camera form; the password is never shown again (only "set"), and duty
 * staff neither see the section nor receive any of it from main.
 */
test('a technician sets a stream account; the form shows only "set"; duty staff get nothing of it', async ({
  loggedIn,
  page,
  host
}) => {
  const registry = new RegistryPage(page)
  const listed = async (code: string) => {
    // what the logged-in page itself would receive (its session cookie, its origin)
    const res = await page.request.post(new URL('api/cameras:list', host.url).href, {
      data: {},
      headers: { Origin: new URL(host.url).origin }
    })
    const body = (await res.json()) as { result: Listed[] }
    expect(JSON.stringify(body)).not.toContain('Cam-Pass-9')
    return body.result.find((c) => c.code === code)
  }

  await loggedIn.goTo('registry')
  await registry.openCamera('BG-0050')
  const account = registry.drawer.getByTestId('stream-account')
  await expect(account).toContainText('码流账号')
  // nothing stored yet: the password field is open for typing
  await account.getByTestId('field-stream-user').fill('viewer')
  await account.getByTestId('field-stream-password').fill('Cam-Pass-9')
  await loggedIn.screenshot('camera-account-typing-zh')
  await registry.saveCamera()
  expect(await listed('BG-0050')).toMatchObject({ streamUser: 'viewer', streamPasswordSet: true })

  // opened again: the user name, and for the password only "set"
  await registry.openCamera('BG-0050')
  await expect(account.getByTestId('field-stream-user')).toHaveValue('viewer')
  await expect(account.getByTestId('stream-password-state')).toContainText('已设置')
  await expect(account.getByTestId('field-stream-password')).toHaveCount(0)
  await expect(registry.drawer.getByTestId('camera-save')).toBeInViewport({ ratio: 1 })
  await loggedIn.screenshot('camera-account-set-zh')
  await registry.closeCamera()
  await loggedIn.setLanguage('English')
  await registry.openCamera('BG-0050')
  await expect(account.getByTestId('stream-password-state')).toContainText('Set')
  await expect(account).toContainText('Stream account')
  await expect(registry.drawer.getByTestId('camera-save')).toBeInViewport({ ratio: 1 })
  await loggedIn.screenshot('camera-account-set-en')
  await registry.closeCamera()
  await loggedIn.setLanguage('简体中文')

  // duty staff: the form without the section, and nothing of the account from main
  await loggedIn.logout()
  await loggedIn.login('duty', 'demo1234')
  await loggedIn.goTo('registry')
  await registry.openCamera('BG-0050')
  await expect(registry.drawer.getByTestId('field-name')).toBeVisible()
  await expect(registry.drawer.getByTestId('stream-account')).toHaveCount(0)
  await expect(registry.drawer.getByTestId('field-name')).toBeInViewport({ ratio: 1 })
  await loggedIn.screenshot('camera-account-duty-zh')
  expect(await listed('BG-0050')).toMatchObject({ streamUser: null, streamPasswordSet: false })
})
