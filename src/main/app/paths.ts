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

/** Per-user data directory for host mode and the CLI (the desktop app uses Electron's userData). */
export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share')
  return path.join(base, 'watchroom')
}
