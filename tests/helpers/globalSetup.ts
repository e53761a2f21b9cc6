import { spawnSync } from 'node:child_process'
import path from 'node:path'

/** Tests that spawn the CLI or host mode use the bundles in out/node: build them fresh once per run. */
// vitest requires a default export here
export default function setup(): void {
  // set while other work in the tree is mid-edit; CI always builds
  if (process.env.WATCHROOM_SKIP_BUILD === '1' && !process.env.CI) return
  const root = path.resolve(__dirname, '..', '..')
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-node.mjs')], {
    cwd: root,
    encoding: 'utf8'
  })
  if (r.status !== 0) throw new Error(`build-node failed: ${r.stderr}`)
}
