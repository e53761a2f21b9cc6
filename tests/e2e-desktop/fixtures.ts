import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { test as base, expect } from '@playwright/test'
import { DesktopApp } from './harness/desktop'

type WorkerFixtures = { dataDir: string; desktop: DesktopApp }

/**
 * One desktop app per worker (a spec's tests share it, in order): a fresh
 * data directory with the demo district, and the harness's Chromium.
 */
export const test = base.extend<object, WorkerFixtures>({
  dataDir: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'wr-desktop-'))
      await use(dir)
      rmSync(dir, { recursive: true, force: true })
    },
    { scope: 'worker' }
  ],
  desktop: [
    async ({ browser, dataDir }, use) => {
      const app = await DesktopApp.launch({
        dataDir,
        browser,
        // stream health every 2 s: a probe is in flight whenever the app quits
        env: { WATCHROOM_DEMO: '1', WATCHROOM_PROBE_INTERVAL_MS: '2000' }
      })
      await use(app)
      await app.close()
    },
    { scope: 'worker', timeout: 90_000 }
  ]
})

/** Console errors of a window but the resource errors Chromium logs for 4xx/5xx answers. */
export function unexpectedErrors(errors: readonly string[]): string[] {
  return errors.filter((e) => !/Failed to load resource/.test(e))
}

export { expect }
export { ffmpegDescendants, isRunning } from './harness/processes'
