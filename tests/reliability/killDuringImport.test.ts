import { describe, expect, it, beforeAll } from 'vitest'
import { spawn } from 'node:child_process'
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { CLI, ROOT, watchroom } from '../helpers/cli'
import { startHost } from '../helpers/hostServer'

/**
 * A killed process must leave a database that opens, passes integrity_check
 * and holds all or none of the import that was running (issue #2).
 */
describe('SIGKILL during an import', () => {
  let dir: string
  const ROWS = 300_000

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wr-kill-'))
    writeFileSync(
      path.join(dir, 'cams.csv'),
      'code,name,lat,lng,anpr\n' +
        Array.from({ length: 20 }, (_, i) => `K-${i},卡口${i},30.1${i},120.2,1`).join('\n') +
        '\n'
    )
    const out = createWriteStream(path.join(dir, 'sightings.csv'))
    out.write('camera_code,ts,plate,confidence\n')
    const t0 = Date.parse('2026-06-01T06:00:00Z')
    for (let i = 0; i < ROWS; i++)
      out.write(
        `K-${i % 20},${new Date(t0 + i * 37).toISOString()},浙A${String(i % 99999).padStart(5, '0')},0.9\n`
      )
    await new Promise((r) => out.end(r))
  })

  const openCheck = (file: string) => {
    const db = new Database(file)
    const integrity = db.pragma('integrity_check', { simple: true })
    const count = db.prepare('SELECT COUNT(*) FROM sightings').pluck().get() as number
    db.close()
    return { integrity, count }
  }

  it('CLI sightings import killed at random moments: all or nothing, never corrupt', async () => {
    const delays = [150, 400, 700, 1000, 1500]
    const seen = new Set<number>()
    for (const [i, delay] of delays.entries()) {
      const db = path.join(dir, `kill-${i}.db`)
      expect(watchroom(['--db', db, 'import', 'cameras', path.join(dir, 'cams.csv')]).status).toBe(
        0
      )
      const child = spawn(
        process.execPath,
        [CLI, '--db', db, 'import', 'sightings', path.join(dir, 'sightings.csv')],
        { cwd: ROOT, stdio: 'ignore' }
      )
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
      await new Promise((r) => setTimeout(r, delay))
      child.kill('SIGKILL')
      const code = await exited
      const { integrity, count } = openCheck(db)
      expect(integrity).toBe('ok')
      expect([0, ROWS]).toContain(count)
      // a process that finished before the kill must have committed everything
      if (code === 0) expect(count).toBe(ROWS)
      seen.add(count)
      // the survivor can import again from scratch
      if (count === 0) {
        expect(
          watchroom(['--db', db, 'import', 'sightings', path.join(dir, 'sightings.csv')]).status
        ).toBe(0)
        expect(openCheck(db).count).toBe(ROWS)
      }
    }
    // at least one kill landed mid-import (otherwise the test proved nothing)
    expect(seen.has(0)).toBe(true)
  })

  it('host mode killed during a camera import through the API: all or nothing', async () => {
    const N = 20_000
    const csv =
      'code,name,lat,lng,block,community\n' +
      Array.from(
        { length: N },
        (_, i) =>
          `C-${i},金城路${i}号,${30 + (i % 1000) / 10000},${120 + (i % 777) / 10000},第一片区,荣星社区`
      ).join('\n')
    const body = JSON.stringify({
      kind: 'cameras',
      fileName: 'big.csv',
      contentBase64: Buffer.from(csv).toString('base64'),
      dryRun: false
    })
    const counts = new Set<number>()
    for (const delay of [5, 60, 250]) {
      const dataDir = mkdtempSync(path.join(dir, 'host-'))
      const host = await startHost({
        dataDir,
        env: { WATCHROOM_DEMO: '0', WATCHROOM_ADMIN_PASSWORD: 'pw-for-test' }
      })
      const login = await fetch(`${host.url}api/auth:login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'pw-for-test' })
      })
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? ''
      const exited = new Promise((r) => host.process.once('exit', r))
      const req = fetch(`${host.url}api/registry:import`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Cookie: cookie },
        body
      }).catch(() => null)
      await new Promise((r) => setTimeout(r, delay))
      host.process.kill('SIGKILL')
      await Promise.all([exited, req])
      const db = new Database(path.join(dataDir, 'watchroom.db'))
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const count = db.prepare('SELECT COUNT(*) FROM cameras').pluck().get() as number
      db.close()
      expect([0, N]).toContain(count)
      counts.add(count)
    }
    expect(counts.size).toBeGreaterThan(0)
  })
})
