import { defineConfig } from '@playwright/test'
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './tests/helpers/chromium'

/**
 * End-to-end tests drive the real renderer in Debian's Chromium against host
 * mode (the desktop app's Electron binary cannot be downloaded here). Each
 * worker starts its own server on a free port with a fresh data directory.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-output/playwright',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1600, height: 960 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_FLAGS
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure'
  }
})
