import { defineConfig } from '@playwright/test'
import e2e from './playwright.config'

/**
 * The desktop shell's end-to-end tests: the built main, preload and renderer
 * bundles run as the desktop app, with Electron's binary replaced by the
 * harness in tests/e2e-desktop/harness (it cannot be downloaded here).
 */
export default defineConfig({
  ...e2e,
  testDir: 'tests/e2e-desktop',
  outputDir: 'test-output/playwright-desktop'
})
