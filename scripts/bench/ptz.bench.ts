/**
 * PTZ and alarm benchmark (`npm run bench -- ptz`), on this machine, with the
 * simulated ONVIF dome and host mode in headless Chromium:
 *   - control latency: a mouse press on a tile's pad → the ContinuousMove
 *     request arriving at the device, and the release → its Stop;
 *   - alarm latency: an event published by the device → the alarm tile on the
 *     wall (seen by a MutationObserver in the page).
 * Prints median and p95 against the targets (≤ 100 ms, ≤ 1 s). Measures
 * only; asserts nothing.
 */
import { chromium, type Page } from 'playwright-core'
import { startHost } from '../../tests/helpers/hostServer'
import { startOnvifCamera, type SimRequest } from '../../tests/helpers/onvifCamera'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../../tests/helpers/chromium'
import { buildIfNeeded } from '../../tests/helpers/buildIfNeeded'

const PRESSES = Number(process.env.PTZ_BENCH_PRESSES ?? 30)
const ALARMS = Number(process.env.PTZ_BENCH_ALARMS ?? 20)
const CODE = 'PTZ-BENCH'

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  if (s.length === 0) return NaN
  const i = (s.length - 1) * q
  return (s[Math.floor(i)] + s[Math.ceil(i)]) / 2
}
const line = (label: string, xs: number[], targetMs: number) => {
  const med = quantile(xs, 0.5)
  const p95 = quantile(xs, 0.95)
  console.log(
    `${label.padEnd(34)} median ${med.toFixed(1).padStart(7)} ms   p95 ${p95.toFixed(1).padStart(7)} ms   ` +
      `target ≤ ${targetMs} ms   p95/target ${(p95 / targetMs).toFixed(2)}   (n=${xs.length})`
  )
}

async function api(page: Page, channel: string, body: unknown): Promise<unknown> {
  return page.evaluate(
    async ([c, b]) => {
      const r = await fetch(`/api/${c}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(b)
      })
      const j = (await r.json()) as { ok: boolean; result?: unknown; error?: { message: string } }
      if (!j.ok) throw new Error(`${c}: ${j.error?.message}`)
      return j.result
    },
    [channel, body] as const
  )
}

async function login(page: Page, url: string, user: string) {
  await page.goto(url)
  await page.locator('#username').fill(user)
  await page.locator('#password').fill('demo1234')
  await page.locator('button[type=submit]').click()
  await page.getByTestId('status-bar').waitFor()
}

/** Resolves with the time (performance.now of this process) the device receives `action`. */
function nextRequest(sim: { onRequest: ((r: SimRequest) => void) | null }, action: string) {
  return new Promise<number>((resolve) => {
    sim.onRequest = (r) => {
      if (r.action === action) {
        sim.onRequest = null
        resolve(r.at)
      }
    }
  })
}

async function main() {
  buildIfNeeded()
  const sim = await startOnvifCamera()
  const host = await startHost({ env: { WATCHROOM_ALARM_THROTTLE_S: '1' } })
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS })
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 960 }, locale: 'zh-CN' })
    await login(page, host.url, 'technician')
    const cam = (await api(page, 'onvif:addCamera', {
      xaddr: sim.xaddr,
      username: sim.username,
      password: sim.password,
      code: CODE,
      name: '基准球机',
      lat: 30.2,
      lng: 120.2
    })) as { id: number }
    await api(page, 'alarmRules:save', {
      fields: {
        name: 'bench',
        enabled: true,
        cameraIds: [cam.id],
        kinds: ['motion'],
        schedule: [],
        actions: { popup: true, preset: null, sound: false, incident: false }
      }
    })
    await page.context().clearCookies()
    await login(page, host.url, 'duty')
    const tile = page.getByTestId('wall-tile').first()
    await tile.click({ button: 'right' })
    await page.locator('.ant-dropdown-menu-item', { hasText: '更换摄像机' }).last().click()
    await page.getByTestId('camera-picker').locator('input').fill(CODE)
    await page.locator('.ant-select-item-option', { hasText: CODE }).click()
    await tile.getByTestId('ptz-toggle').click()
    const box = await tile.getByTestId('ptz-right').boundingBox()
    if (!box) throw new Error('no pad')
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)

    const press: number[] = []
    const release: number[] = []
    for (let i = 0; i < PRESSES + 3; i++) {
      const moved = nextRequest(sim, 'ContinuousMove')
      const t0 = performance.now()
      await page.mouse.down()
      const tMove = await moved
      await sleep(300)
      const stopped = nextRequest(sim, 'Stop')
      const t1 = performance.now()
      await page.mouse.up()
      const tStop = await stopped
      // the first presses warm up the connection to the device
      if (i >= 3) {
        press.push(tMove - t0)
        release.push(tStop - t1)
      }
      await api(page, 'ptz:home', { cameraId: cam.id })
      await sleep(150)
    }

    // the watcher subscribes on its own; wait until it is pulling
    while (!sim.requests.some((r) => r.action === 'PullMessages')) await sleep(50)
    await page.evaluate(() => {
      const w = window as unknown as { alarmSeen: Record<string, number> }
      w.alarmSeen = {}
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="alarm-tile"]')
        const id = el?.getAttribute('data-alarm-id')
        if (id && !(id in w.alarmSeen)) w.alarmSeen[id] = Date.now()
      }).observe(document.body, { subtree: true, childList: true, attributes: true })
    })
    const alarm: number[] = []
    let lastId: string | null = null
    for (let i = 0; i < ALARMS; i++) {
      const raisedAt = Date.now()
      sim.raise('motion')
      const handle = await page.waitForFunction(
        (prev) => {
          const seen = (window as unknown as { alarmSeen: Record<string, number> }).alarmSeen
          const ids = Object.keys(seen).filter((k) => k !== prev)
          const id = ids.sort((a, b) => Number(b) - Number(a))[0]
          return id && (prev === null || Number(id) > Number(prev)) ? { id, at: seen[id] } : null
        },
        lastId,
        { timeout: 10_000, polling: 20 }
      )
      const seen = (await handle.jsonValue()) as { id: string; at: number }
      alarm.push(seen.at - raisedAt)
      lastId = seen.id
      await api(page, 'alarms:ack', { id: Number(seen.id) })
      await page.getByTestId('alarm-tile').waitFor({ state: 'detached' })
      // past the bench host's 1 s throttle window, so the next event is a new alarm
      await sleep(1200)
    }

    console.log(
      `PTZ control and camera alarms (simulated ONVIF dome, host mode, headless Chromium)`
    )
    line('press → ContinuousMove at device', press, 100)
    line('release → Stop at device', release, 100)
    line('event at device → alarm tile shown', alarm, 1000)
  } finally {
    await browser.close()
    await host.stop()
    await sim.stop()
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
