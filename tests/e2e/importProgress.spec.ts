import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test, expect } from './fixtures'

const ROWS = 300_000

/** A cameras.csv of about 40 MB: the size of file that once held the server for seconds. */
function largeCamerasCsv(file: string): void {
  const lines = ['code,name,lat,lng,heading_deg,anpr,stream_url,block,community']
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `BIG-${i},金城路与育才路交叉口 ${i},${(30.17 + (i % 1000) / 1e5).toFixed(6)},${(120.25 + (i % 997) / 1e5).toFixed(6)},${i % 360},${i % 2},rtsp://10.0.${(i >> 8) & 255}.${i & 255}:554/main,第一片区,荣星社区`
    )
  writeFileSync(file, lines.join('\n'))
}

test('a large cameras file goes up in chunks with progress and is checked off the main thread', async ({
  loggedIn,
  page
}) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-large-import-'))
  const file = path.join(dir, 'large-cameras.csv')
  largeCamerasCsv(file)
  try {
    await loggedIn.goTo('registry')
    await page.getByTestId('open-import').click()
    const dialog = page.locator('.ant-modal').filter({ has: page.getByTestId('import-choose') })
    await dialog.locator('input[type=file]').setInputFiles(file)

    // the file goes up in 1 MiB pieces, with a bar
    const uploading = dialog.getByTestId('import-uploading')
    await expect(uploading).toBeVisible()
    await expect(uploading).toContainText('正在上传 large-cameras.csv')
    await loggedIn.screenshot('import-large-uploading')

    // the preview runs on the database worker; the dialog shows its phase
    await dialog.getByTestId('import-preview').click()
    const progress = dialog.getByTestId('import-progress')
    await expect(progress).toBeVisible()
    await expect(progress).toContainText(/正在读取并校验|正在与登记库比对/)
    // meanwhile the server answers the page's other calls
    const counts = await page.evaluate(async () => {
      const r = await fetch('/api/app:counts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}'
      })
      return (await r.json()) as { ok: boolean }
    })
    expect(counts.ok).toBe(true)
    await loggedIn.screenshot('import-large-checking')

    const summary = dialog.getByTestId('import-summary')
    await expect(summary).toContainText(String(ROWS), { timeout: 60_000 })
    await expect(progress).toHaveCount(0)
    await loggedIn.screenshot('import-large-preview')
    // closing drops the upload: the registry is as it was
    await page.locator('.ant-modal-footer').getByRole('button').first().click()
    await expect(dialog).toBeHidden()
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
