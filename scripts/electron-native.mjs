// Builds better-sqlite3 for Electron's ABI into native/electron/, leaving the
// Node build in node_modules untouched for tests, the CLI and host mode.
// Needs Electron's headers (network); run before `npm start`, never in tests.
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, cpSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
const require = createRequire(import.meta.url)
const electronVersion = require('electron/package.json').version
const outDir = path.join(root, 'native', 'electron')
const out = path.join(outDir, 'better_sqlite3.node')
const stamp = path.join(outDir, `electron-${electronVersion}`)

if (existsSync(out) && existsSync(stamp)) process.exit(0)

// Build in a copy so node_modules/better-sqlite3/build keeps the Node ABI.
const src = path.dirname(require.resolve('better-sqlite3/package.json'))
const tmp = mkdtempSync(path.join(os.tmpdir(), 'wr-bsql-'))
cpSync(src, tmp, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) })
console.log(`Building better-sqlite3 for Electron ${electronVersion}…`)
execFileSync(
  process.platform === 'win32' ? 'npx.cmd' : 'npx',
  [
    'node-gyp',
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    '--dist-url=https://electronjs.org/headers',
    '--runtime=electron'
  ],
  { cwd: tmp, stdio: 'inherit' }
)
mkdirSync(outDir, { recursive: true })
copyFileSync(path.join(tmp, 'build', 'Release', 'better_sqlite3.node'), out)
copyFileSync(out, stamp)
rmSync(tmp, { recursive: true, force: true })
console.log(`Electron build of better-sqlite3: ${out}`)
