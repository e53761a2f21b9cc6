import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  electronInstalled,
  findNodeGyp,
  setupDesktop,
  SetupError,
  sourceCopyFilter,
  stampName,
  type Run,
  type SetupOptions
} from '../../../../scripts/electron-setup.mjs'

// The decisions `npm start` makes before Electron runs, on real files in a
// temporary tree; only the child processes (the Electron downloader,
// prebuild-install, node-gyp) are stubbed, and each stub does to the disk
// what the real one does.

type Call = { file: string; args: string[]; cwd: string }

let dir: string
beforeEach(() => {
  // a `build` folder above the checkout, as in C:\build\watchroom or /home/ci/build/
  dir = mkdtempSync(path.join(os.tmpdir(), 'wr-start-'))
  dir = path.join(dir, 'build', 'watchroom')
  mkdirSync(dir, { recursive: true })
})
afterEach(() => rmSync(path.dirname(path.dirname(dir)), { recursive: true, force: true }))

function fakeTree(opts: { electronPresent: boolean; sqliteVersion?: string }) {
  const electronDir = path.join(dir, 'node_modules', 'electron')
  const sqliteDir = path.join(dir, 'node_modules', 'better-sqlite3')
  mkdirSync(electronDir, { recursive: true })
  writeFileSync(path.join(electronDir, 'package.json'), JSON.stringify({ version: '45.5.0' }))
  if (opts.electronPresent) installElectron(electronDir)
  for (const d of ['src', 'deps/sqlite3', 'build/Release', 'lib'])
    mkdirSync(path.join(sqliteDir, d), { recursive: true })
  writeFileSync(
    path.join(sqliteDir, 'package.json'),
    JSON.stringify({ version: opts.sqliteVersion ?? '12.11.1' })
  )
  writeFileSync(path.join(sqliteDir, 'binding.gyp'), '{}')
  writeFileSync(path.join(sqliteDir, 'src', 'better_sqlite3.cpp'), '// source')
  writeFileSync(path.join(sqliteDir, 'deps', 'sqlite3', 'sqlite3.c'), '// amalgamation')
  writeFileSync(path.join(sqliteDir, 'lib', 'index.js'), '')
  writeFileSync(path.join(sqliteDir, 'build', 'Release', 'better_sqlite3.node'), 'NODE-ABI')
  return { electronDir, sqliteDir }
}

function installElectron(electronDir: string) {
  mkdirSync(path.join(electronDir, 'dist'), { recursive: true })
  writeFileSync(path.join(electronDir, 'dist', 'version'), 'v45.5.0')
  writeFileSync(path.join(electronDir, 'path.txt'), 'electron')
  writeFileSync(path.join(electronDir, 'dist', 'electron'), '')
}

/** Child processes at the boundary: each answers as its real program would. */
function children(behaviour: { download: 'ok' | 'offline'; prebuilt: boolean; compiles: boolean }) {
  const calls: Call[] = []
  const run: Run = (file, args, { cwd }) => {
    calls.push({ file, args, cwd })
    const script = path.basename(args[0] ?? '')
    if (script === 'install.js') {
      if (behaviour.download === 'offline')
        return {
          status: 1,
          stderr:
            'RequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous> (/x/got/index.js:1:1)\n'
        }
      installElectron(cwd)
      return { status: 0 }
    }
    const out = path.join(cwd, 'build', 'Release')
    // the copy must have its sources and none of the Node build
    expect(existsSync(path.join(cwd, 'src', 'better_sqlite3.cpp'))).toBe(true)
    expect(existsSync(path.join(out, 'better_sqlite3.node'))).toBe(false)
    if (script === 'bin.js') {
      if (!behaviour.prebuilt)
        return {
          status: 1,
          stderr:
            'prebuild-install info begin Prebuild-install version 7.1.3\nprebuild-install warn install getaddrinfo ENOTFOUND github.com\n'
        }
      mkdirSync(out, { recursive: true })
      writeFileSync(path.join(out, 'better_sqlite3.node'), 'ELECTRON-ABI-PREBUILT')
      return { status: 0 }
    }
    if (script === 'node-gyp.js') {
      if (!behaviour.compiles)
        return {
          status: 1,
          stderr:
            'gyp info it worked if it ends with ok\ngyp ERR! stack Error: not found: make\n    at getNotFoundError (which.js:1:1)\n'
        }
      mkdirSync(out, { recursive: true })
      writeFileSync(path.join(out, 'better_sqlite3.node'), 'ELECTRON-ABI-COMPILED')
      return { status: 0 }
    }
    throw new Error(`unexpected child ${file} ${args.join(' ')}`)
  }
  return { calls, run }
}

function options(tree: { electronDir: string; sqliteDir: string }, run: Run): SetupOptions {
  return {
    nodeVersion: 'v22.12.0',
    platform: 'linux',
    arch: 'x64',
    execPath: '/usr/bin/node',
    electronDir: tree.electronDir,
    sqliteDir: tree.sqliteDir,
    prebuildInstall: path.join(dir, 'node_modules', 'prebuild-install', 'bin.js'),
    nodeGyp: '/usr/lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js',
    outDir: path.join(dir, 'native', 'electron'),
    tmpDir: path.join(path.dirname(path.dirname(dir)), 'tmp'),
    run,
    log: () => undefined
  }
}

const nativeOut = () => path.join(dir, 'native', 'electron', 'better_sqlite3.node')

describe('npm start: the desktop setup', () => {
  beforeEach(() => mkdirSync(path.join(path.dirname(path.dirname(dir)), 'tmp')))

  it('downloads a missing Electron, then takes the prebuilt better-sqlite3', () => {
    const tree = fakeTree({ electronPresent: false })
    const { calls, run } = children({ download: 'ok', prebuilt: true, compiles: true })
    expect(setupDesktop(options(tree, run))).toEqual(['electron: downloaded', 'native: prebuilt'])
    expect(calls.map((c) => path.basename(c.args[0] ?? ''))).toEqual(['install.js', 'bin.js'])
    expect(calls[1]?.args).toEqual(
      expect.arrayContaining(['--runtime=electron', '--target=45.5.0', '--arch=x64'])
    )
    expect(existsSync(nativeOut())).toBe(true)
    // the Node build in node_modules is untouched
    expect(existsSync(path.join(tree.sqliteDir, 'build', 'Release', 'better_sqlite3.node'))).toBe(
      true
    )
  })

  it('leaves a present Electron alone and does nothing more once the stamp matches', () => {
    const tree = fakeTree({ electronPresent: true })
    const first = children({ download: 'ok', prebuilt: true, compiles: true })
    setupDesktop(options(tree, first.run))
    expect(first.calls.map((c) => path.basename(c.args[0] ?? ''))).toEqual(['bin.js'])
    const again = children({ download: 'ok', prebuilt: true, compiles: true })
    expect(setupDesktop(options(tree, again.run))).toEqual([
      'electron: present',
      'native: up to date'
    ])
    expect(again.calls).toEqual([])
  })

  it('rebuilds when better-sqlite3 is upgraded (the stamp names its version)', () => {
    const tree = fakeTree({ electronPresent: true })
    setupDesktop(options(tree, children({ download: 'ok', prebuilt: true, compiles: true }).run))
    writeFileSync(path.join(tree.sqliteDir, 'package.json'), JSON.stringify({ version: '12.12.0' }))
    const after = children({ download: 'ok', prebuilt: true, compiles: true })
    expect(setupDesktop(options(tree, after.run))).toEqual([
      'electron: present',
      'native: prebuilt'
    ])
    expect(readdirSync(path.join(dir, 'native', 'electron')).sort()).toEqual([
      'better_sqlite3.node',
      stampName({
        electronVersion: '45.5.0',
        sqliteVersion: '12.12.0',
        platform: 'linux',
        arch: 'x64'
      })
    ])
  })

  it('compiles with node-gyp only when no prebuilt binary exists', () => {
    const tree = fakeTree({ electronPresent: true })
    const { calls, run } = children({ download: 'ok', prebuilt: false, compiles: true })
    expect(setupDesktop(options(tree, run))).toEqual(['electron: present', 'native: compiled'])
    expect(calls.map((c) => path.basename(c.args[0] ?? ''))).toEqual(['bin.js', 'node-gyp.js'])
    expect(calls[1]?.args).toEqual(
      expect.arrayContaining(['rebuild', '--runtime=electron', '--target=45.5.0'])
    )
  })

  it('says in one sentence what compiling needs when neither works', () => {
    const tree = fakeTree({ electronPresent: true })
    const { run } = children({ download: 'ok', prebuilt: false, compiles: false })
    const o = { ...options(tree, run), platform: 'win32' as const }
    expect(() => setupDesktop(o)).toThrow(SetupError)
    expect(() => setupDesktop(o)).toThrow(
      /^better-sqlite3 12\.11\.1 for Electron 45\.5\.0 could neither be fetched prebuilt nor compiled \(gyp ERR! stack Error: not found: make\); compiling needs Visual Studio Build Tools.*Python 3\.$/
    )
    expect(existsSync(nativeOut())).toBe(false)
  })

  it('fails offline with one sentence, not a stack trace', () => {
    const tree = fakeTree({ electronPresent: false })
    const { calls, run } = children({ download: 'offline', prebuilt: true, compiles: true })
    let message = ''
    try {
      setupDesktop(options(tree, run))
    } catch (err) {
      expect(err).toBeInstanceOf(SetupError)
      message = (err as Error).message
    }
    expect(message).toBe(
      "Electron 45.5.0's binary could not be downloaded (getaddrinfo ENOTFOUND github.com): check the network, a proxy or ELECTRON_MIRROR and run npm start again, or open WatchRoom in a browser with npm run serve."
    )
    expect(message).not.toMatch(/\n|at ClientRequest/)
    // nothing else was tried
    expect(calls).toHaveLength(1)
  })

  it('refuses to download with a Node older than 22.12, but runs a present Electron', () => {
    const tree = fakeTree({ electronPresent: false })
    const { calls, run } = children({ download: 'ok', prebuilt: true, compiles: true })
    for (const v of ['v20.20.2', 'v22.11.0']) {
      expect(() => setupDesktop({ ...options(tree, run), nodeVersion: v })).toThrow(
        new RegExp(
          `^Electron 45\\.5\\.0's binary could not be downloaded: the desktop app needs Node 22\\.12 or newer for that, and this is Node ${v.slice(1).replace(/\./g, '\\.')} `
        )
      )
    }
    expect(calls).toEqual([])
    installElectron(tree.electronDir)
    expect(setupDesktop({ ...options(tree, run), nodeVersion: 'v20.20.2' })).toEqual([
      'electron: present',
      'native: prebuilt'
    ])
  })

  it('starts every child as node <script.js> on Windows too: no npx, no .cmd, no shell', () => {
    const tree = fakeTree({ electronPresent: false })
    const { calls, run } = children({ download: 'ok', prebuilt: false, compiles: true })
    const execPath = 'C:\\Program Files\\nodejs\\node.exe'
    setupDesktop({ ...options(tree, run), platform: 'win32', execPath })
    expect(calls).toHaveLength(3)
    for (const c of calls) {
      expect(c.file).toBe(execPath)
      expect(c.args[0]).toMatch(/\.js$/)
    }
    // npm's own node-gyp is found next to node.exe, as a .js file
    const npmGyp = path.join(
      path.dirname(execPath),
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
      'bin',
      'node-gyp.js'
    )
    expect(
      findNodeGyp({ env: {}, execPath, resolve: () => null, exists: (p) => p === npmGyp })
    ).toBe(npmGyp)
    // npm passes its node-gyp to scripts; a .cmd shim there is never used
    expect(
      findNodeGyp({
        env: { npm_config_node_gyp: 'C:\\npm\\node-gyp.cmd' },
        execPath,
        resolve: () => null,
        exists: () => false
      })
    ).toBe(null)
  })

  it('copies better-sqlite3 from a checkout below a `build` folder, leaving out only its own build/', () => {
    const tree = fakeTree({ electronPresent: true })
    expect(tree.sqliteDir.split(path.sep)).toContain('build')
    const copy = path.join(dir, 'copy')
    cpSync(tree.sqliteDir, copy, { recursive: true, filter: sourceCopyFilter(tree.sqliteDir) })
    expect(existsSync(path.join(copy, 'src', 'better_sqlite3.cpp'))).toBe(true)
    expect(existsSync(path.join(copy, 'deps', 'sqlite3', 'sqlite3.c'))).toBe(true)
    expect(existsSync(path.join(copy, 'binding.gyp'))).toBe(true)
    expect(existsSync(path.join(copy, 'build'))).toBe(false)
  })

  it('checks the Electron binary the way its downloader does', () => {
    const tree = fakeTree({ electronPresent: true })
    expect(electronInstalled(tree.electronDir)).toBe(true)
    writeFileSync(path.join(tree.electronDir, 'dist', 'version'), 'v44.0.0')
    expect(electronInstalled(tree.electronDir)).toBe(false)
  })
})
