import { test, expect } from './fixtures'
import { RegistryPage } from './pages/RegistryPage'

type Listed = {
  id: number
  code: string
  name: string
  updatedAt: number
  streamUser: string | null
}

/**
 * The camera form keeps what is being typed while the list behind it is
 * refreshed; someone else's save in the meantime is refused as a conflict
 * and then shown, never silently overwritten with the form's older values.
 */
test('typing survives a refresh of the same camera; an edit made elsewhere meanwhile is a conflict, then shown', async ({
  loggedIn,
  page,
  host
}) => {
  const registry = new RegistryPage(page)
  const post = async <T>(channel: string, data: unknown): Promise<T> => {
    // as the logged-in page itself would call (its session cookie, its origin)
    const res = await page.request.post(new URL(`api/${channel}`, host.url).href, {
      data,
      headers: { Origin: new URL(host.url).origin }
    })
    return ((await res.json()) as { result: T }).result
  }
  const listed = async (code: string) =>
    (await post<Listed[]>('cameras:list', {})).find((c) => c.code === code)!

  const before = await listed('BG-0049')
  await loggedIn.goTo('registry')
  await registry.openCamera('BG-0049')
  const drawer = registry.drawer
  await drawer.getByTestId('field-name').fill('正在输入的名称')
  await drawer.getByTestId('field-stream-user').fill('typist')

  // another desk renames the camera: the list is refetched and the drawer's title follows it
  const elsewhere = `${before.name}（他处修改）`
  await post('cameras:update', { id: before.id, patch: { name: elsewhere } })
  await expect(drawer.locator('.ant-drawer-title')).toContainText(elsewhere)
  await expect(drawer.getByTestId('field-name')).toHaveValue('正在输入的名称')
  await expect(drawer.getByTestId('field-stream-user')).toHaveValue('typist')

  // the form was filled before that edit: saving it is refused, and the stored camera is shown
  await drawer.getByTestId('camera-save').click()
  await expect(page.locator('.ant-message')).toContainText('该点位已被他人修改')
  await expect(drawer.getByTestId('field-name')).toHaveValue(elsewhere)
  await expect(drawer.getByTestId('field-stream-user')).toHaveValue('')
  expect(await listed('BG-0049')).toMatchObject({ name: elsewhere, streamUser: null })

  // checked and saved again: it goes through
  await drawer.getByTestId('field-stream-user').fill('typist')
  await registry.saveCamera()
  expect(await listed('BG-0049')).toMatchObject({ name: elsewhere, streamUser: 'typist' })

  // the camera as other tests of this host expect it
  await post('cameras:update', { id: before.id, patch: { name: before.name } })
  await post('cameras:setCredentials', { id: before.id, user: null })
})
