import { afterAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createApp } from '../../../../src/main/app/createApp'
import { appRoot } from '../../../../src/main/app/paths'

/**
 * Issue #15 point 6: the demo district's accounts share a public password, so
 * a demo never listens beyond loopback, whatever the flags say. Runs the
 * built host mode (out/node/serve.cjs) as `npm run serve` does.
 */
const ROOT = appRoot()

function serve(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'out', 'node', 'serve.cjs'), '--port', '0', ...args],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          WATCHROOM_DEMO_CACHE:
            process.env.WATCHROOM_DEMO_CACHE ?? path.join(os.tmpdir(), 'watchroom-demo-cache'),
          ...env
        },
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    let output = ''
    const onData = (b: Buffer) => {
      output += b.toString()
      // it must never get this far; stop it if it does, so the test fails instead of hanging
      if (/host mode: https?:\/\//.test(output)) child.kill('SIGTERM')
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => resolve({ code, output }))
  })
}

describe('the demo listens on loopback only', () => {
  const dirs: string[] = []
  const tmp = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'wr-demo-remote-'))
    dirs.push(d)
    return d
  }
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('refuses to serve the demo district on another address, even with --allow-remote', async () => {
    const r = await serve(['--host', '0.0.0.0', '--allow-remote', '--data-dir', tmp()])
    expect(r.code).toBe(1)
    expect(r.output).toContain('Refusing to serve the demo district on 0.0.0.0')
    expect(r.output).not.toMatch(/host mode: https?:\/\//)
  })

  it('refuses a data directory that holds the demo district, even with --no-demo', async () => {
    const dataDir = tmp()
    const demo = await createApp({
      dataDir,
      resourcesDir: path.join(ROOT, 'resources'),
      transport: 'http',
      mediaBase: '/media',
      version: 'test',
      demo: true,
      demoCacheDir: process.env.WATCHROOM_DEMO_CACHE,
      log: () => undefined
    })
    await demo.close()
    const r = await serve([
      '--host',
      '0.0.0.0',
      '--allow-remote',
      '--no-demo',
      '--data-dir',
      dataDir
    ])
    expect(r.code).toBe(1)
    expect(r.output).toContain('Refusing to serve the demo district on 0.0.0.0')
    expect(r.output).not.toMatch(/host mode: https?:\/\//)
  })
})
