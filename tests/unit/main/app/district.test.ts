import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import os from 'node:os'
import path from 'node:path'
import { startPgCluster, type PgCluster } from '../../../helpers/pgCluster'
import { openTestRoom } from '../../../helpers/testRoom'
import { ipcWindow } from '../../../helpers/ipcWindow'
import { AUDIT_KEY_FILE } from '../../../../src/main/audit/anchor'
import { value } from '../../../../src/main/db/sql'

type Room = Awaited<ReturnType<typeof openTestRoom>>

/**
 * Two room servers on one district database, composed as host mode does with
 * `--database-url`: accounts, settings, events and one audit chain are
 * shared; the rooms' own files, recordings and keys stay in their data
 * directories.
 */
describe('createApp on a district database', () => {
  let cluster: PgCluster
  let url: string
  let a: Room
  let b: Room
  let spare: string

  beforeAll(async () => {
    cluster = await startPgCluster()
    url = cluster.createDatabase('district')
    a = await openTestRoom({
      prefix: 'district-a',
      adminPassword: 'district-admin',
      databaseUrl: url
    })
    // the rooms of a district chain their audit rows with one key
    spare = mkdtempSync(path.join(os.tmpdir(), 'wr-district-b-'))
    mkdirSync(path.join(spare, 'data'), { mode: 0o700 })
    copyFileSync(path.join(a.dataDir, AUDIT_KEY_FILE), path.join(spare, 'data', AUDIT_KEY_FILE))
    b = await openTestRoom({
      prefix: 'district-b',
      adminPassword: 'district-admin',
      databaseUrl: url,
      dataDir: path.join(spare, 'data')
    })
  })
  afterAll(async () => {
    await b?.close()
    await a?.close()
    if (spare) rmSync(spare, { recursive: true, force: true })
    cluster?.stop()
  })

  it('runs on PostgreSQL, without a room file', async () => {
    expect(a.app.db).toBeNull()
    expect(a.app.deps.sql.dialect).toBe('postgres')
    // the second room found the schema migrated and the admin created
    expect(Number(await value(b.app.deps.sql, 'SELECT count(*) FROM users'))).toBe(1)
  })

  it('shares accounts, settings, events and one audit chain between the rooms', async () => {
    const inA = ipcWindow(a.app, 'room-a')
    const inB = ipcWindow(b.app, 'room-b')
    expect(
      await inA('auth:login', { username: 'admin', password: 'district-admin' })
    ).toMatchObject({ ok: true })
    expect(
      await inA('users:create', {
        username: 'li',
        displayName: '李四',
        role: 'duty',
        password: 'li-duty-pass'
      })
    ).toMatchObject({ ok: true, result: { username: 'li' } })
    expect(await inA('settings:update', { lockIdleMinutes: 9 })).toMatchObject({
      ok: true,
      result: { lockIdleMinutes: 9 }
    })

    // the account made in room A logs in at room B
    const liInB = ipcWindow(b.app, 'room-b-li')
    expect(await liInB('auth:login', { username: 'li', password: 'li-duty-pass' })).toMatchObject({
      ok: true,
      result: { user: { username: 'li', role: 'duty' } }
    })
    expect(
      await inB('auth:login', { username: 'admin', password: 'wrong-password' })
    ).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    expect(
      await inB('auth:login', { username: 'admin', password: 'district-admin' })
    ).toMatchObject({ ok: true })
    expect(await inB('settings:get', {})).toMatchObject({
      ok: true,
      result: { lockIdleMinutes: 9 }
    })
    const events = await inB<{ kind: string; actor: string }[]>('events:list', {})
    expect(events.ok && events.result.map((e) => `${e.kind} ${e.actor}`)).toEqual(
      expect.arrayContaining(['auth.login admin', 'auth.login li', 'auth.failed admin'])
    )

    // rows appended by both rooms form one chain that verifies with the shared key
    const verified = await inB<{ ok: boolean; rows: number }>('audit:verify', {})
    expect(verified).toMatchObject({ ok: true, result: { ok: true } })
    expect(verified.ok && verified.result.rows).toBeGreaterThanOrEqual(6)
    const actions = await inA<{ action: string }[]>('audit:list', { limit: 50 })
    expect(actions.ok && actions.result.map((r) => r.action)).toEqual(
      expect.arrayContaining(['user.create', 'settings.update', 'auth.login', 'auth.failed'])
    )
  })

  it('refuses a room whose audit key is missing or not the district’s', async () => {
    const dataDir = path.join(spare, 'room-c')
    const open = () =>
      openTestRoom({
        prefix: 'district-c',
        adminPassword: 'x'.repeat(12),
        databaseUrl: url,
        dataDir
      })
    await expect(open()).rejects.toThrow(/audit\.key is missing/)
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(
      path.join(dataDir, AUDIT_KEY_FILE),
      JSON.stringify({ v: 1, key: randomBytes(32).toString('base64'), keyedFrom: 1 })
    )
    await expect(open()).rejects.toThrow(/not the district's audit key/)
    // nothing was written for the refused rooms
    const inA = ipcWindow(a.app, 'room-a-3')
    await inA('auth:login', { username: 'admin', password: 'district-admin' })
    const check = await inA('audit:verify', {})
    expect(check).toMatchObject({ ok: true, result: { ok: true } })
  })

  it('takes a disabled account away at the other room at its next call', async () => {
    const inA = ipcWindow(a.app, 'room-a-2')
    await inA('auth:login', { username: 'admin', password: 'district-admin' })
    const liInB = ipcWindow(b.app, 'room-b-li-2')
    expect(await liInB('auth:login', { username: 'li', password: 'li-duty-pass' })).toMatchObject({
      ok: true
    })
    const list = await inA<{ id: number; username: string }[]>('users:list', {})
    const li = list.ok ? list.result.find((u) => u.username === 'li') : undefined
    expect(await inA('users:update', { id: li?.id, disabled: true })).toMatchObject({ ok: true })
    expect(await liInB('auth:session', {})).toEqual({ ok: true, result: null })
  })
})
