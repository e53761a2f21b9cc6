import { existsSync } from 'node:fs'
import path from 'node:path'

/**
 * better-sqlite3 is a native addon and Electron's ABI differs from Node's.
 * `npm start` runs scripts/electron-setup.mjs, which fetches (or builds) it
 * for Electron into native/electron/; the desktop app loads that build through
 * better-sqlite3's `nativeBinding` option, while tests, the CLI and host mode
 * keep using the Node build in node_modules.
 */
export function electronNativeBinding(appPath: string): string | undefined {
  // only Electron can load that build (the desktop harness runs main under Node)
  if (!process.versions.electron) return undefined
  const candidates = [
    path.join(appPath, 'native', 'electron', 'better_sqlite3.node'),
    path.join(process.resourcesPath ?? '', 'native', 'better_sqlite3.node')
  ]
  return candidates.find((p) => existsSync(p))
}
