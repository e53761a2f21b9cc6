// What `npm start` and `npm run dev` do before electron-vite starts Electron:
//   1. fetch Electron's binary with the electron package's own downloader
//      (install-electron), which needs Node >= 22.12. Never in postinstall:
//      `npm install` must keep working offline, for the tests and host mode;
//   2. put a better-sqlite3 built for Electron's ABI into native/electron/:
//      the prebuilt binary first (prebuild-install), compiling with node-gyp
//      only when none is published. node_modules/better-sqlite3 keeps the
//      Node build for tests, the CLI and host mode.
// Child processes are always `node <script.js>` (process.execPath), never
// npx or a .cmd shim: Node >= 20.12 refuses to run .cmd files without a
// shell on Windows (EINVAL), and npx stops to ask before a download.
// Failures end in one sentence on stderr, never a stack trace.
import { spawnSync } from 'node:child_process'
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync
} from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

export const MIN_NODE = [22, 12]

export class SetupError extends Error {}

/** Whether `version` (e.g. "v20.20.2") is at least MIN_NODE. */
export function nodeIsRecentEnough(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number)
  return major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])
}

/** Whether the electron package has its binary (what its install.js itself checks). */
export function electronInstalled(electronDir) {
  try {
    const version = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version
    const installed = readFileSync(path.join(electronDir, 'dist', 'version'), 'utf8').trim()
    const exe = readFileSync(path.join(electronDir, 'path.txt'), 'utf8').trim()
    return (
      installed.replace(/^v/, '') === version && existsSync(path.join(electronDir, 'dist', exe))
    )
  } catch {
    return false
  }
}

/**
 * Copies better-sqlite3's sources, leaving out its own build/ output only:
 * the test is on the path below the package, so a checkout that lives under
 * some `build` folder still copies everything.
 */
export function sourceCopyFilter(srcDir) {
  return (p) => {
    const rel = path.relative(srcDir, p)
    const first = rel.split(path.sep)[0]
    return first !== 'build' && first !== 'node_modules'
  }
}

/** The stamp names every input of the native build: a change of any rebuilds it. */
export function stampName({ electronVersion, sqliteVersion, platform, arch }) {
  return `electron-${electronVersion}-better-sqlite3-${sqliteVersion}-${platform}-${arch}.stamp`
}

/** node-gyp's JavaScript entry (npm's own copy when the project has none), or null. */
export function findNodeGyp({ env, execPath, resolve, exists }) {
  const candidates = [
    env.npm_config_node_gyp,
    resolve('node-gyp/bin/node-gyp.js'),
    path.join(
      path.dirname(execPath),
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js'
    ),
    path.join(
      path.dirname(execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js'
    )
  ]
  return candidates.find((c) => c && c.endsWith('.js') && exists(c)) ?? null
}

const TOOLCHAIN = {
  win32: 'Visual Studio Build Tools with the "Desktop development with C++" workload, and Python 3',
  darwin: 'the Xcode Command Line Tools (xcode-select --install)',
  linux: 'python3, make and g++ (Debian/Ubuntu: apt-get install python3 make g++)'
}

/**
 * The line of a child's error output that says what went wrong: the first
 * warning or error line (prebuild-install and node-gyp log progress on
 * stderr too), else the first line that is not a stack frame.
 */
export function reason(stderr) {
  const lines = String(stderr ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '))
  const line = lines.find((l) => /\b(warn|ERR!|error)\b/i.test(l)) ?? lines[0]
  return line ? line.replace(/^(\w*Error): /, '') : 'no reason given'
}

/**
 * The whole setup, with its effects at the boundary: `run(file, args,
 * {cwd})` starts a child process and returns {status, stderr}; everything
 * else is files. Returns what it did, step by step.
 */
export function setupDesktop(o) {
  const done = []
  const electronVersion = JSON.parse(
    readFileSync(path.join(o.electronDir, 'package.json'), 'utf8')
  ).version
  if (electronInstalled(o.electronDir)) done.push('electron: present')
  else {
    // Electron's downloader needs Node >= 22.12 (on 22.0-22.11 it fails half way)
    if (!nodeIsRecentEnough(o.nodeVersion))
      throw new SetupError(
        `Electron ${electronVersion}'s binary could not be downloaded: the desktop app needs Node 22.12 or newer for that, and this is Node ${o.nodeVersion.replace(/^v/, '')} (the tests and host mode, npm run serve, run on Node 20).`
      )
    o.log(`Downloading Electron ${electronVersion} (about 110 MB, once)…`)
    const r = o.run(o.execPath, [path.join(o.electronDir, 'install.js')], { cwd: o.electronDir })
    if (r.status !== 0 || !electronInstalled(o.electronDir))
      throw new SetupError(
        `Electron ${electronVersion}'s binary could not be downloaded (${reason(r.stderr)}): check the network, a proxy or ELECTRON_MIRROR and run npm start again, or open WatchRoom in a browser with npm run serve.`
      )
    done.push('electron: downloaded')
  }

  const sqliteVersion = JSON.parse(
    readFileSync(path.join(o.sqliteDir, 'package.json'), 'utf8')
  ).version
  const out = path.join(o.outDir, 'better_sqlite3.node')
  const stamp = path.join(
    o.outDir,
    stampName({ electronVersion, sqliteVersion, platform: o.platform, arch: o.arch })
  )
  if (existsSync(out) && existsSync(stamp)) {
    done.push('native: up to date')
    return done
  }

  // Work on a copy so node_modules/better-sqlite3/build keeps the Node ABI.
  const tmp = mkdtempSync(path.join(o.tmpDir, 'wr-bsql-'))
  try {
    cpSync(o.sqliteDir, tmp, { recursive: true, filter: sourceCopyFilter(o.sqliteDir) })
    const built = path.join(tmp, 'build', 'Release', 'better_sqlite3.node')
    const target = [`--target=${electronVersion}`, '--runtime=electron', `--arch=${o.arch}`]
    o.log(`Fetching better-sqlite3 ${sqliteVersion} prebuilt for Electron ${electronVersion}…`)
    const pre = o.run(o.execPath, [o.prebuildInstall, ...target, `--platform=${o.platform}`], {
      cwd: tmp
    })
    if (pre.status === 0 && existsSync(built)) done.push('native: prebuilt')
    else {
      const gyp = o.nodeGyp
      const needs = TOOLCHAIN[o.platform] ?? TOOLCHAIN.linux
      if (!gyp)
        throw new SetupError(
          `No prebuilt better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} on ${o.platform}-${o.arch} could be fetched (${reason(pre.stderr)}), and node-gyp, needed to compile it with ${needs}, was not found.`
        )
      o.log(`No prebuilt binary (${reason(pre.stderr)}); compiling it, which needs ${needs}…`)
      const gypRun = o.run(
        o.execPath,
        [gyp, 'rebuild', '--release', ...target, '--dist-url=https://electronjs.org/headers'],
        { cwd: tmp }
      )
      if (gypRun.status !== 0 || !existsSync(built))
        throw new SetupError(
          `better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} could neither be fetched prebuilt nor compiled (${reason(gypRun.stderr)}); compiling needs ${needs}.`
        )
      done.push('native: compiled')
    }
    // an older stamp must not vouch for the new binary
    rmSync(o.outDir, { recursive: true, force: true })
    mkdirSync(o.outDir, { recursive: true })
    copyFileSync(built, out)
    copyFileSync(path.join(o.sqliteDir, 'package.json'), stamp)
    return done
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

/** Runs a child, showing its progress and keeping its errors for the one-sentence report. */
function runChild(file, args, { cwd }) {
  const r = spawnSync(file, args, { cwd, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' })
  if (r.error) return { status: 1, stderr: r.error.message }
  return { status: r.status ?? 1, stderr: r.stderr }
}

function main() {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)))
  const require = createRequire(path.join(root, 'package.json'))
  const resolveOrNull = (id) => {
    try {
      return require.resolve(id)
    } catch {
      return null
    }
  }
  const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'))
  const done = setupDesktop({
    nodeVersion: process.version,
    platform: process.platform,
    arch: process.arch,
    execPath: process.execPath,
    electronDir: path.dirname(require.resolve('electron/package.json')),
    sqliteDir,
    prebuildInstall: createRequire(path.join(sqliteDir, 'package.json')).resolve(
      'prebuild-install/bin.js'
    ),
    nodeGyp: findNodeGyp({
      env: process.env,
      execPath: process.execPath,
      resolve: resolveOrNull,
      exists: existsSync
    }),
    outDir: path.join(root, 'native', 'electron'),
    tmpDir: os.tmpdir(),
    run: runChild,
    log: (m) => console.log(m)
  })
  if (!done.includes('native: up to date')) console.log(`Desktop ready: ${done.join(', ')}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    main()
  } catch (err) {
    console.error(`watchroom: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
}
