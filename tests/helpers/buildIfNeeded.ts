import { execSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..', '..')

function newestMtime(dir: string): number {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return t
}

/** Benches start host mode from out/: build the renderer and node bundles if src is newer. */
export function buildIfNeeded(): void {
  const outs = [path.join(ROOT, 'out/node/serve.cjs'), path.join(ROOT, 'out/renderer/index.html')]
  const built = outs.every(existsSync) ? Math.min(...outs.map((f) => statSync(f).mtimeMs)) : 0
  if (built > newestMtime(path.join(ROOT, 'src'))) return
  console.log('building renderer and host mode…')
  execSync('npx electron-vite build && node scripts/build-node.mjs', {
    cwd: ROOT,
    stdio: 'inherit'
  })
}
