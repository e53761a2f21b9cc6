import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * The project root (where package.json and resources/ are), found by walking
 * up from the running script: works from sources (tsx, vitest) and from the
 * bundles in out/.
 */
export function appRoot(start: string = __dirname): string {
  let dir = start
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'resources')))
      return dir
    const parent = path.dirname(dir)
    if (parent === dir) throw new Error(`WatchRoom root not found above ${start}`)
    dir = parent
  }
}

export function appVersion(): string {
  try {
    return (
      JSON.parse(readFileSync(path.join(appRoot(), 'package.json'), 'utf8')) as { version: string }
    ).version
  } catch {
    return '0.0.0'
  }
}

/**
 * The one per-user data directory of the desktop app, host mode and the CLI
 * (WATCHROOM_DATA_DIR overrides it): recordings are large, so it is local
 * application data, never a roaming or config folder.
 *   Linux:   $XDG_DATA_HOME/watchroom (~/.local/share/watchroom)
 *   macOS:   ~/Library/Application Support/WatchRoom
 *   Windows: %LOCALAPPDATA%\WatchRoom
 */
export function defaultDataDir(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  home: string = os.homedir()
): string {
  if (env.WATCHROOM_DATA_DIR) return path.resolve(env.WATCHROOM_DATA_DIR)
  if (platform === 'win32')
    return path.win32.join(
      env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local'),
      'WatchRoom'
    )
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'WatchRoom')
  return path.join(env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'), 'watchroom')
}
