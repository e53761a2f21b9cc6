import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { appRoot } from '../../../../src/main/app/paths'
import { startPgCluster, type PgCluster } from '../../../helpers/pgCluster'

/**
 * A room server on a district registers the URL other rooms reach it at
 * (`--public-url`): one that is no http(s) origin stops the start before the
 * room enters the directory.
 */
let cluster: PgCluster
let dir: string
beforeAll(async () => {
  cluster = await startPgCluster()
  dir = mkdtempSync(path.join(os.tmpdir(), 'wr-public-url-'))
})
afterAll(() => {
  cluster?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

function serve(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(appRoot(), 'out', 'node', 'serve.cjs'), '--port', '0', '--no-demo', ...args],
      { cwd: appRoot(), env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }
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

describe('host mode on a district: --public-url', () => {
  it('refuses a public URL that is not an http(s) origin, and the room is not registered', async () => {
    const url = cluster.createDatabase('district')
    const r = await serve(['--data-dir', dir, '--public-url', 'ftp://room-a/'], {
      WATCHROOM_DATABASE_URL: url,
      WATCHROOM_ADMIN_PASSWORD: 'public-url-2026'
    })
    expect(r.code).toBe(1)
    expect(r.output).toContain('--public-url must be http(s)://HOST[:PORT]/, not ftp://room-a/')
    const c = new pg.Client({ connectionString: url })
    await c.connect()
    try {
      expect((await c.query('SELECT count(*)::int AS n FROM rooms')).rows[0]).toEqual({ n: 0 })
    } finally {
      await c.end()
    }
  })
})
