import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..', '..')
export const CLI = path.join(ROOT, 'bin', 'watchroom.cjs')

/** The bundles are built by the vitest global setup; fail clearly if they are missing. */
export function ensureNodeBuild(): void {
  if (!existsSync(path.join(ROOT, 'out', 'node', 'cli.cjs')))
    throw new Error('out/node/cli.cjs missing: run `npm run build:node`')
}

/** Runs `watchroom ARGS` as a user would (the bin shim over the bundle). */
export function watchroom(args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' })
}
