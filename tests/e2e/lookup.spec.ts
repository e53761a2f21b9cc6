import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { test, expect } from './fixtures'
import { LookupPage } from './pages/LookupPage'

const EXIT = '东瑞小区地下车库出口'

/** `YYYY-MM-DD HH:mm:ss` in Asia/Shanghai (the demo room's zone). */
const wall = (ms: number) =>
  new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ')

test('hit-and-run lookup near a car-park exit: windows, candidates, review, case report', async ({
  loggedIn: shell,
  page,
  host
}) => {
  test.setTimeout(180_000)
  const lookup = new LookupPage(page)
  await shell.goTo('lookup')
  await expect.poll(async () => (await lookup.exits()).map((e) => e.name)).toContain(EXIT)

  // the origin: a click on the ramp just short of the exit; a 10-minute window in the demo's last hour
  await lookup.clickNearExit(EXIT)
  // the place in words: the exit's name, not coordinates
  await expect(page.getByTestId('lookup-origin')).toContainText(EXIT)
  await expect(page.getByTestId('lookup-origin')).not.toContainText('30.18')
  const end = Date.now() - 3 * 60_000
  await lookup.setWindow(wall(end - 10 * 60_000), wall(end))
  await expect(page.getByTestId('lookup-window-range').locator('input').nth(1)).toHaveValue(
    wall(end)
  )
  await lookup.run()

  await expect(page.getByTestId('lookup-summary')).toContainText(EXIT)
  await expect(lookup.candidates.first()).toBeVisible()
  await expect.poll(() => lookup.map.getAttribute('data-reach').then(Number)).toBeGreaterThan(0)
  await expect.poll(() => lookup.map.getAttribute('data-windows').then(Number)).toBeGreaterThan(0)
  await lookup.tab('windows')
  await expect(lookup.windows.first()).toBeVisible()
  await shell.screenshot('lookup-map')

  // a candidate's evidence and trail
  await lookup.tab('candidates')
  const first = lookup.candidates.first()
  const plate = (await first.getAttribute('data-plate')) ?? ''
  expect(plate).not.toBe('')
  await first.click()
  const detail = page.getByTestId('lookup-candidate-detail')
  await expect(detail).toHaveAttribute('data-plate', plate)
  await expect(page.getByTestId('lookup-reasons').locator('li').first()).toBeVisible()
  await expect(page.getByTestId('lookup-trail').locator('.ant-list-item').first()).toBeVisible()
  await expect.poll(() => lookup.map.getAttribute('data-trail').then(Number)).toBeGreaterThan(0)
  await shell.screenshot('lookup-candidates')

  // review: every window's footage cued to its start; confirm the vehicle on the first one
  await page.getByTestId('lookup-review-open').click()
  await expect(lookup.reviewTiles.first()).toBeVisible()
  const tile = lookup.reviewTiles.first()
  await expect(tile.locator('[data-state]')).toHaveAttribute('data-state', 'ready', {
    timeout: 60_000
  })
  await tile.getByTestId('review-seen').click()
  await expect(tile).toHaveAttribute('data-verdict', 'seen')
  await shell.screenshot('lookup-review')
  await page.locator('.ant-drawer-close').click()

  // the case report: HTML with the map image and the candidate, a PDF that names it
  await lookup.tab('case')
  await expect(page.getByTestId('lookup-case')).toBeVisible()
  await page.getByTestId('lookup-report').click()
  const pdfLink = page.getByTestId('lookup-report-pdf')
  await expect(pdfLink).toBeVisible({ timeout: 60_000 })
  const pdfUrl = new URL((await pdfLink.getAttribute('href')) ?? '', host.url).toString()
  const htmlUrl = new URL(
    (await page.getByTestId('lookup-report-html').getAttribute('href')) ?? '',
    host.url
  ).toString()

  const html = await (await page.request.get(htmlUrl)).text()
  expect(html).toMatch(/<img class="map" alt="map" src="data:image\/png;base64,/)
  expect(html).toContain(plate)
  expect(html).toContain('在此出现')

  const pdf = await (await page.request.get(pdfUrl)).body()
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
  const dir = path.resolve('test-output')
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'lookup-case-report.pdf')
  writeFileSync(file, pdf)
  expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain(plate)
  // the map is the large picture on its first page (pdfimages: page, num, type, width, height, …)
  const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s+/))
  expect(images.some(([page, , , width]) => page === '1' && Number(width) >= 600)).toBe(true)

  // the same workspace in English
  await shell.setLanguage('English')
  await expect(page.getByTestId('lookup-run')).toHaveText(/Run lookup/)
  await shell.screenshot('lookup-en')
})
