import { afterAll, describe, expect, it } from 'vitest'
import { value } from '../../../../src/main/db/sql'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  createApp,
  type CreateAppOptions,
  type WatchRoomApp
} from '../../../../src/main/app/createApp'
import { appRoot } from '../../../../src/main/app/paths'
import { errorCode, ipcWindow } from '../../../helpers/ipcWindow'

/**
 * Issue #15 points 6 and 7 through the real dispatcher: what a fresh room
 * asks and allows first, and how guessing passwords is slowed and recorded.
 */
const dirs: string[] = []
const apps: WatchRoomApp[] = []
let clock = Date.UTC(2026, 5, 1, 6)

async function open(opts: Partial<CreateAppOptions>) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wr-accounts-'))
  dirs.push(dataDir)
  const app = await createApp({
    dataDir,
    resourcesDir: path.join(appRoot(), 'resources'),
    transport: 'http',
    mediaBase: '/media',
    version: 'test',
    now: () => clock,
    log: () => undefined,
    ...opts
  })
  apps.push(app)
  return { app, dataDir }
}

afterAll(async () => {
  for (const app of apps) await app.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const reason = (r: { ok: boolean; error?: { details?: unknown } }) =>
  (r.error?.details as { reason?: string } | undefined)?.reason

describe('a fresh room', () => {
  it('the desktop app first asks: demo district or a real room with the admin password you set', async () => {
    // what src/main/index.ts passes for an installed app: no demo flag, IPC, no password in the env
    const { app } = await open({ transport: 'ipc' })
    const call = ipcWindow(app)
    expect(await call('setup:status')).toEqual({ ok: true, result: { needed: true } })
    expect(app.deps.info.demo).toBe(false)
    expect(await value(app.deps.sql, 'SELECT COUNT(*) FROM cameras')).toBe(0)
    expect(errorCode(await call('cameras:list'))).toBe('unauthenticated')
    const done = await call('setup:complete', { mode: 'real', password: 'our-own-admin-pw' })
    expect(done).toEqual({ ok: true, result: { restartNeeded: false } })
    expect(errorCode(await call('setup:complete', { mode: 'demo' }))).toBe('conflict')
    const login = await call<{ mustChangePassword: boolean; demo: boolean }>('auth:login', {
      username: 'admin',
      password: 'our-own-admin-pw'
    })
    expect(login).toMatchObject({ ok: true, result: { mustChangePassword: false, demo: false } })
    expect((await call('cameras:list')).ok).toBe(true)
  })

  it('an account on a generated initial password may do nothing but change it', async () => {
    const { app, dataDir } = await open({ firstStart: 'generate' })
    const password = readFileSync(path.join(dataDir, 'initial-admin-password.txt'), 'utf8').trim()
    const call = ipcWindow(app)
    const login = await call('auth:login', { username: 'admin', password })
    expect(login).toMatchObject({ ok: true, result: { mustChangePassword: true } })
    for (const channel of ['cameras:list', 'users:list', 'audit:list', 'layouts:list']) {
      const r = await call(channel)
      expect(errorCode(r), channel).toBe('forbidden')
      expect(reason(r), channel).toBe('password_change_required')
    }
    // the known password and the demo's public one are refused as the new one
    for (const next of [password, 'demo1234'])
      expect(reason(await call('auth:changePassword', { current: password, next }))).toBe(
        'password_known'
      )
    expect(
      (await call('auth:changePassword', { current: password, next: 'now-mine-1234' })).ok
    ).toBe(true)
    expect((await call('cameras:list')).ok).toBe(true)
  })
})

describe('guessing passwords', () => {
  it('is slowed per address and account, and per address across names, without locking admin out elsewhere', async () => {
    const { app } = await open({ adminPassword: 'the-admin-password' })
    const from = (address: string) => ipcWindow(app, address)
    const attacker = from('10.0.0.66')
    for (let i = 0; i < 5; i++)
      expect(
        errorCode(await attacker('auth:login', { username: 'admin', password: `guess-${i}` }))
      ).toBe('unauthenticated')
    // that address must now wait, even with the right password …
    const blocked = await attacker('auth:login', {
      username: 'admin',
      password: 'the-admin-password'
    })
    expect(errorCode(blocked)).toBe('rate_limited')
    // … while the admin at the console logs in as usual
    const console_ = from('127.0.0.1')
    expect(
      (await console_('auth:login', { username: 'admin', password: 'the-admin-password' })).ok
    ).toBe(true)

    // spraying many names from one address is slowed too
    const sprayer = from('10.0.0.77')
    for (let i = 0; i < 20; i++)
      expect(
        errorCode(await sprayer('auth:login', { username: `user${i}`, password: 'Password1' }))
      ).toBe('unauthenticated')
    expect(errorCode(await sprayer('auth:login', { username: 'user99', password: 'x' }))).toBe(
      'rate_limited'
    )
    expect(
      errorCode(await sprayer('auth:login', { username: 'admin', password: 'the-admin-password' }))
    ).toBe('rate_limited')
    expect(
      (await from('10.0.0.78')('auth:login', { username: 'admin', password: 'the-admin-password' }))
        .ok
    ).toBe(true)
    // every failure is in the audit trail
    const failed = await value(
      app.deps.sql,
      "SELECT COUNT(*) FROM audit_log WHERE action = 'auth.failed'"
    )
    expect(failed).toBe(25)
  })

  it('a wrong current password on a password change is throttled and audited with the address', async () => {
    const { app } = await open({ adminPassword: 'the-admin-password' })
    const call = ipcWindow(app, '10.0.0.5')
    expect(
      (await call('auth:login', { username: 'admin', password: 'the-admin-password' })).ok
    ).toBe(true)
    for (let i = 0; i < 5; i++)
      expect(
        reason(await call('auth:changePassword', { current: `wrong-${i}`, next: 'next-pw-1234' }))
      ).toBe('bad_credentials')
    const right = { current: 'the-admin-password', next: 'next-pw-1234' }
    expect(errorCode(await call('auth:changePassword', right))).toBe('rate_limited')
    const rows = await app.deps.sql.all<{ actor: string; after: string }>(
      "SELECT actor, after FROM audit_log WHERE action = 'user.changePassword.failed' ORDER BY id"
    )
    expect(rows).toHaveLength(5)
    for (const r of rows) {
      expect(r.actor).toBe('admin')
      expect(JSON.parse(r.after)).toEqual({ client: '10.0.0.5' })
    }
    clock += 31_000
    expect((await call('auth:changePassword', right)).ok).toBe(true)
  })
})
