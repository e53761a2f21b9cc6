import { test, expect } from './fixtures'
import { WallPage } from './pages/WallPage'
import { EventsPage } from './pages/EventsPage'
import type { ShellPage } from './pages/ShellPage'

type Camera = { id: number; code: string; block: string | null }
type Created = { id: number }

/** Walks an incident to closed through the API so no open incident outlives a test (the handover banner). */
async function closeAll(ev: EventsPage, ids: number[]): Promise<void> {
  for (const id of ids) {
    await ev.api('incidents:transition', { id, action: 'acknowledge' }).catch(() => undefined)
    await ev.api('incidents:transition', { id, action: 'resolve' }).catch(() => undefined)
    await ev.api('incidents:close', { id }).catch(() => undefined)
  }
}

async function startShiftIfNone(shell: ShellPage, ev: EventsPage): Promise<void> {
  await shell.goTo('events')
  await ev.tab('duty').click()
  await expect(shell.page.getByTestId('duty-current')).toBeVisible()
  const start = shell.page.getByTestId('duty-start')
  if (await start.isVisible()) await start.click()
  await expect(shell.page.getByTestId('duty-end')).toBeVisible()
}

test('log an incident from a wall tile, notify police, resolve and close it, see it in the shift report, find it by a two-character search', async ({
  loggedIn: shell,
  page
}) => {
  const ev = new EventsPage(page)
  await startShiftIfNone(shell, ev)

  // the wall: a playing tile's right-click → "add to incident", prefilled with camera, time and snapshot
  await shell.goTo('wall')
  const wall = new WallPage(page)
  await expect
    .poll(async () => (await wall.presentedFrames())[0] ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(0)
  const code = await wall.tile(0).getAttribute('data-camera-code')
  const started = Date.now()
  await wall.tile(0).click({ button: 'right' })
  await page.getByRole('menuitem', { name: '添加到事件' }).click()
  await expect(ev.form).toBeVisible()
  await expect(page.getByTestId('incident-snapshot')).toBeVisible()
  await expect(ev.form.getByTestId('incident-camera')).toContainText(code ?? '')
  await ev.chooseType('盗窃')
  await ev.form
    .getByTestId('incident-description')
    .fill('超市门口电动车被盗，嫌疑人骑车向育才路方向逃离')
  await ev.form.getByTestId('incident-submit').click({ trial: true })
  await shell.screenshot('incident-form')
  await ev.form.getByTestId('incident-description').press('Control+Enter')
  await expect(page.getByText(/已登记事件 #\d+/)).toBeVisible()
  const loggedInMs = Date.now() - started
  // a duty officer logs it in seconds; the test types faster than a person, the budget is 10 s
  expect(loggedInMs).toBeLessThan(10_000)

  // the event log: open it, acknowledge, notify police, dispatch, resolve, close
  await shell.goTo('events')
  await ev.tab('incidents').click()
  const row = ev.row('电动车被盗')
  await expect(row).toHaveCount(1)
  await expect(row.getByTestId('incident-status')).toHaveAttribute('data-status', 'new')
  await row.click()
  await expect(ev.drawer).toBeVisible()
  await expect(ev.drawer.getByTestId('incident-description-view')).toHaveText(
    '超市门口电动车被盗，嫌疑人骑车向育才路方向逃离'
  )
  await ev.action('acknowledge')
  await expect(ev.drawer.getByTestId('incident-status')).toHaveAttribute(
    'data-status',
    'acknowledged'
  )
  await ev.notify('110 接警员 王警官')
  await expect(ev.drawer.getByTestId('incident-notifications')).toContainText('公安')
  await expect(ev.drawer.getByTestId('incident-notifications')).toContainText('110 接警员 王警官')
  await ev.action('dispatch')
  await expect(ev.drawer.getByTestId('incident-status')).toHaveAttribute(
    'data-status',
    'dispatched'
  )
  await ev.action('resolve', '民警到场，电动车已找回')
  await expect(ev.drawer.getByTestId('incident-status')).toHaveAttribute('data-status', 'resolved')
  await ev.action('close')
  await expect(ev.drawer.getByTestId('incident-status')).toHaveAttribute('data-status', 'closed')
  // steps with time and operator; a closed incident offers only reopen among the workflow steps
  // (the hit-and-run lookup from its place and time stays available)
  await expect(ev.drawer.getByTestId('incident-steps')).toContainText('处置完毕')
  await expect(ev.drawer.getByTestId('incident-steps')).toContainText('民警到场，电动车已找回')
  await expect(
    ev.drawer.getByTestId('incident-actions').locator('button:not([data-testid="incident-lookup"])')
  ).toHaveText(['重新打开'])
  await shell.screenshot('incident-drawer')
  await ev.closeDrawer()
  await expect(row.getByTestId('incident-status')).toHaveAttribute('data-status', 'closed')

  // the duty log: a free-text entry, then the shift report lists the incident and the police call
  await ev.tab('duty').click()
  await page.getByTestId('duty-entry-input').fill('14:05 已通知派出所处理电动车被盗，已找回')
  await page.getByTestId('duty-entry-input').press('Enter')
  await expect(page.getByTestId('duty-entries')).toContainText('已通知派出所处理电动车被盗')
  await page.getByTestId('duty-handover-note').fill('育才路口信号灯闪烁，已报修，请夜班关注')
  await page.getByTestId('duty-entry-input').click()
  await shell.screenshot('duty-log')
  await page.getByTestId('duty-report').click()
  const report = page.getByTestId('shift-report')
  await expect(report.getByTestId('report-incidents')).toContainText('超市门口电动车被盗')
  await expect(report.getByTestId('report-incidents')).toContainText('已关闭')
  await expect(report.getByTestId('report-notifications')).toContainText('公安')
  await expect(report.getByTestId('report-notifications')).toContainText('110 接警员 王警官')
  await expect(report).toContainText('育才路口信号灯闪烁')
  await shell.screenshot('shift-report')
  // the print view drops the app and keeps the report
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByTestId('status-bar')).toBeHidden()
  await expect(report.getByTestId('report-incidents')).toBeVisible()
  await page.emulateMedia({ media: 'screen' })
  await page.getByTestId('report-close').click()

  // full-text search: two Chinese characters find the incident and the log entry
  await ev.tab('incidents').click()
  await ev.search('被盗')
  await expect(ev.row('超市门口电动车被盗')).toHaveCount(1)
  await expect(page.getByTestId('search-hit-log')).toContainText('已通知派出所处理电动车被盗')
  await ev.search('逃离')
  await expect(ev.rows).toHaveCount(1)
  await ev.search('被逃')
  await expect(page.getByTestId('incident-list')).toContainText('没有找到')

  // the audit trail shows every step of it, and the chain verifies
  await ev.tab('audit').click()
  await page.getByTestId('audit-action').locator('input').fill('incident.')
  await expect(page.getByTestId('audit-table')).toContainText('incident.close')
  await expect(page.getByTestId('audit-table')).toContainText('incident.notify')
  await page.getByTestId('audit-verify').click()
  await expect(page.getByTestId('audit-check')).toContainText('哈希链完整')
})

test('a new or changed incident appears in another window within a second; a high-severity one stays on top until acknowledged', async ({
  loggedIn: shell,
  page,
  context
}) => {
  const ev = new EventsPage(page)
  await shell.goTo('events')
  const other = await context.newPage()
  await other.goto(shell.baseUrl)
  await other.getByTestId('status-bar').waitFor()
  const otherEv = new EventsPage(other)
  await other.getByTestId('nav-events').click()

  const cams = await ev.api<Camera[]>('cameras:list', {})
  const fields = {
    type: 'fire',
    at: Date.now(),
    severity: 'high',
    placeKind: 'camera',
    cameraId: cams[1].id,
    roadId: null,
    placeName: '',
    lat: null,
    lng: null,
    description: '垃圾桶起火，冒烟明显',
    linkedCameras: []
  }
  const created = await ev.api<Created>('incidents:create', { fields })
  const t0 = Date.now()
  await expect(otherEv.row('垃圾桶起火')).toHaveCount(1, { timeout: 1_000 })
  expect(Date.now() - t0).toBeLessThan(1_000)

  // the banner is up in both windows, whatever the workspace
  await shell.goTo('wall')
  await expect(page.getByTestId('high-severity-banner')).toBeVisible()
  await expect(other.getByTestId('high-severity-banner')).toBeVisible()
  await other.getByTestId('banner-acknowledge').click()
  await expect(other.getByTestId('high-severity-banner')).toBeHidden()
  await expect(page.getByTestId('high-severity-banner')).toBeHidden({ timeout: 1_000 })
  await expect(otherEv.row('垃圾桶起火').getByTestId('incident-status')).toHaveAttribute(
    'data-status',
    'acknowledged',
    { timeout: 1_000 }
  )
  await other.close()
  await closeAll(ev, [created.id])
})

test('two windows edit one incident: the second save is refused, told why, and keeps its text', async ({
  loggedIn: shell,
  page,
  context
}) => {
  const ev = new EventsPage(page)
  const cams = await ev.api<Camera[]>('cameras:list', {})
  const fields = {
    type: 'dispute',
    at: Date.now(),
    severity: 'medium',
    placeKind: 'camera',
    cameraId: cams[0].id,
    roadId: null,
    placeName: '',
    lat: null,
    lng: null,
    description: '商户与顾客发生纠纷',
    linkedCameras: []
  }
  const created = await ev.api<Created>('incidents:create', { fields })
  const other = await context.newPage()
  await other.goto(shell.baseUrl)
  await other.getByTestId('status-bar').waitFor()
  const otherEv = new EventsPage(other)
  for (const [p, e] of [
    [page, ev],
    [other, otherEv]
  ] as const) {
    await p.getByTestId('nav-events').click()
    await e.row('商户与顾客发生纠纷').click()
    await e.drawer.getByTestId('incident-edit').click()
  }
  await otherEv.drawer.getByTestId('incident-description').fill('商户与顾客发生纠纷，双方已调解')
  await otherEv.drawer.getByTestId('incident-submit').click()
  await expect(otherEv.drawer.getByTestId('incident-description-view')).toHaveText(
    '商户与顾客发生纠纷，双方已调解'
  )

  await ev.drawer.getByTestId('incident-description').fill('商户与顾客发生纠纷，顾客称被推搡')
  await ev.drawer.getByTestId('incident-submit').click()
  const conflict = ev.drawer.getByTestId('incident-conflict')
  await expect(conflict).toContainText('admin')
  await expect(conflict.getByTestId('conflict-theirs-description')).toHaveText(
    '商户与顾客发生纠纷，双方已调解'
  )
  await expect(conflict.getByTestId('conflict-mine-description')).toHaveText(
    '商户与顾客发生纠纷，顾客称被推搡'
  )
  // nothing lost: the form still holds the user's text
  await expect(ev.drawer.getByTestId('incident-description')).toHaveValue(
    '商户与顾客发生纠纷，顾客称被推搡'
  )
  await shell.screenshot('incident-conflict')
  await conflict.getByTestId('conflict-use-mine').click()
  await expect(ev.drawer.getByTestId('incident-description-view')).toHaveText(
    '商户与顾客发生纠纷，顾客称被推搡'
  )
  await expect(otherEv.drawer.getByTestId('incident-description-view')).toHaveText(
    '商户与顾客发生纠纷，顾客称被推搡'
  )
  await other.close()
  await closeAll(ev, [created.id])
})

test('statistics: block × hour heatmap, trend, year on year, patrol focus — in Chinese and English', async ({
  loggedIn: shell,
  page
}) => {
  const ev = new EventsPage(page)
  const cams = await ev.api<Camera[]>('cameras:list', {})
  const types = ['traffic', 'theft', 'dispute', 'fire', 'crowd', 'suspicious', 'equipment']
  const day = 86_400_000
  const now = Date.now()
  // midnight today in the room's zone (Asia/Shanghai, UTC+8)
  const today = Math.floor((now + 8 * 3600_000) / day) * day - 8 * 3600_000
  const ids: number[] = []
  // evenings in some blocks, mornings in others, over twelve weeks and the same weeks last year
  for (let i = 0; i < 70; i++) {
    const cam = cams[(i * 7) % cams.length]
    const hour = (cam.block?.includes('一') || cam.block?.includes('三') ? 19 : 8) + (i % 4)
    let at = today - (1 + ((i * 11) % 80)) * day + hour * 3600_000 + ((i * 37) % 60) * 60_000
    if (i % 5 === 0) at -= 365 * day
    const fields = {
      type: types[(i * 3) % 7],
      at,
      severity: 'low',
      placeKind: 'camera',
      cameraId: cam.id,
      roadId: null,
      placeName: '',
      lat: null,
      lng: null,
      description: `统计样例 ${i}`,
      linkedCameras: []
    }
    ids.push((await ev.api<Created>('incidents:create', { fields })).id)
  }
  await closeAll(ev, ids)
  await shell.goTo('stats')
  await expect(page.getByTestId('stats-heatmap')).toBeVisible()
  await expect(page.getByTestId('stats-total')).not.toHaveText(/共 0 起/)
  await expect(page.getByTestId('stats-focus').locator('li').first()).toBeVisible()
  await shell.screenshot('stats-heatmap')

  // the incident list is virtualized: far fewer rows in the DOM than incidents in the list
  await shell.goTo('events')
  await expect(page.getByTestId('incident-count')).toHaveText(/^7\d /)
  expect(await ev.rows.count()).toBeLessThan(ids.length)
  await shell.goTo('stats')

  await shell.setLanguage('English')
  await expect(page.getByTestId('nav-stats')).toHaveText('Statistics')
  await expect(page.getByTestId('stats-yoy')).toContainText('All types')
  await shell.screenshot('stats-heatmap-en')
  await shell.goTo('events')
  await ev.tab('duty').click()
  await shell.screenshot('duty-log-en')
  await ev.tab('incidents').click()
  await page.getByTestId('incident-new').click()
  // a trial click waits until the dialog has stopped animating in
  await ev.form.getByTestId('incident-submit').click({ trial: true })
  await shell.screenshot('incident-form-en')
  await page.keyboard.press('Escape')
  await shell.setLanguage('简体中文')
})
