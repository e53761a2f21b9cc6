import { afterAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { appRoot } from '../../../../src/main/app/paths'

/**
 * Host mode takes a district's database from `--database-url` or
 * WATCHROOM_DATABASE_URL: a URL that is not PostgreSQL's, or a server that
 * cannot be reached, stops the start with one message that never shows the
 * password, and no room file is created in its place.
 */
const ROOT = appRoot()

function serve(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'out', 'node', 'serve.cjs'), '--port', '0', '--no-demo', ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
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

describe('host mode on a district URL', () => {
  const dirs: string[] = []
  const tmp = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'wr-district-url-'))
    dirs.push(d)
    return d
  }
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('refuses a URL that is not postgres://, without echoing it', async () => {
    const dir = tmp()
    const r = await serve(['--data-dir', dir, '--database-url', 'mysql://watch:s3cret@db/room'])
    expect(r.code).toBe(1)
    expect(r.output).toContain('--database-url must be a postgres://… URL (got "mysql:…")')
    expect(r.output).not.toContain('s3cret')
    expect(existsSync(path.join(dir, 'watchroom.db'))).toBe(false)
  })

  it('says which district it cannot reach (password hidden), from the environment too', async () => {
    const dir = tmp()
    const r = await serve(['--data-dir', dir], {
      WATCHROOM_DATABASE_URL: 'postgres://watch:s3cret@127.0.0.1:1/district'
    })
    expect(r.code).toBe(1)
    expect(r.output).toContain('postgres://watch:***@127.0.0.1:1/district')
    expect(r.output).toMatch(/ECONNREFUSED/)
    expect(r.output).not.toContain('s3cret')
    expect(existsSync(path.join(dir, 'watchroom.db'))).toBe(false)
  })
})
