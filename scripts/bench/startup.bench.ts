/**
 * First start (`npm run bench -- startup`): a fresh data directory and an
 * empty demo-render cache, like a new install. Measures the time from
 * launching host mode to its URL being printed, and from there to the
 * Chinese shell showing the 2×2 demo wall with every tile presenting frames
 * (target: within 10 s). Then the same with the render cache warm.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { CHROMIUM_FLAGS } from '../../tests/helpers/chromium'
import { buildIfNeeded } from '../../tests/helpers/buildIfNeeded'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'
import { startHost } from '../../tests/helpers/hostServer'

const FLAGS = CHROMIUM_FLAGS

async function once(label: string, cacheDir: string): Promise<void> {
  const t0 = performance.now()
  const host = await startHost({ env: { WATCHROOM_DEMO_CACHE: cacheDir } })
  const tUrl = performance.now()
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: FLAGS
  })
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 960 }, locale: 'zh-CN' })
    await page.goto(host.url)
    await page.locator('#username').fill('admin')
    await page.locator('#password').fill('demo1234')
    await page.locator('button[type=submit]').click()
    await page.getByTestId('wall-tile').nth(3).waitFor()
    await page.waitForFunction(
      () => {
        const tiles = [
          ...document.querySelectorAll('[data-testid="wall-tile"] video')
        ] as HTMLVideoElement[]
        return (
          tiles.length === 4 && tiles.every((v) => v.getVideoPlaybackQuality().totalVideoFrames > 5)
        )
      },
      undefined,
      { timeout: 60_000, polling: 100 }
    )
    const tWall = performance.now()
    console.log(
      `${label.padEnd(10)} server up ${((tUrl - t0) / 1000).toFixed(2)} s | 2×2 demo wall playing ${((tWall - tUrl) / 1000).toFixed(2)} s after the URL (target ≤ 10 s, ratio ${((tWall - tUrl) / 10_000).toFixed(2)}) | ${((tWall - t0) / 1000).toFixed(2)} s from launch`
    )
  } finally {
    await browser.close()
    await host.stop()
  }
}

async function main(): Promise<void> {
  buildIfNeeded()
  const cache = mkdtempSync(path.join(tmpdir(), 'wr-startup-cache-'))
  try {
    await once('cold', cache)
    await once('warm', cache)
  } finally {
    rmSync(cache, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exitCode = 1
})
