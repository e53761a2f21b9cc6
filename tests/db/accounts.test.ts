import { expect, it } from 'vitest'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describeBackends } from '../helpers/backends'
import {
  countActiveAdmins,
  countUsers,
  findUserById,
  findUserForLogin,
  getUser,
  insertUser,
  insertUserUnlessTaken,
  listUsers,
  setPasswordHash,
  updateUser
} from '../../src/main/users/repository'
import { getSetting, setSetting } from '../../src/main/settings/repository'
import { getRoomSettings } from '../../src/main/settings/handlers'
import { appendSystemEvent, listSystemEvents } from '../../src/main/events/repository'
import { DEFAULT_ROOM_SETTINGS } from '../../src/shared/ipc/contracts/settings'
import type { Sql } from '../../src/main/db/sql'
import { openPgSql } from '../../src/main/db/postgres/pgSql'
import { ensureInitialAdmin } from '../../src/main/users/initialAdmin'

const NOW = Date.UTC(2026, 5, 1)

const account = (username: string, role: 'duty' | 'admin' = 'duty', demo = false) => ({
  username,
  displayName: `${username} 值班员`,
  role,
  passwordHash: `scrypt$hash-of-${username}`,
  demo
})

describeBackends('accounts', (b) => {
  it('creates, finds, lists and counts accounts', async () => {
    const sql = b.sql()
    expect(await countUsers(sql)).toBe(0)
    const zhang = await insertUser(sql, account('zhang'), NOW)
    const admin = await insertUser(sql, account('admin', 'admin', true), NOW + 1)
    expect(zhang).toEqual({
      id: zhang.id,
      username: 'zhang',
      displayName: 'zhang 值班员',
      role: 'duty',
      disabled: false,
      createdAt: NOW
    })
    expect(await countUsers(sql)).toBe(2)
    expect(await countActiveAdmins(sql)).toBe(1)
    expect((await listUsers(sql)).map((u) => u.username)).toEqual(['admin', 'zhang'])
    expect(await findUserForLogin(sql, 'admin')).toEqual({
      user: admin,
      passwordHash: 'scrypt$hash-of-admin',
      demo: true
    })
    expect(await findUserForLogin(sql, 'nobody')).toBeUndefined()
    expect(await findUserById(sql, zhang.id)).toEqual({ user: zhang, demo: false })
    expect(await getUser(sql, -1)).toBeUndefined()
  })

  it('updates only what the patch names, and a new password is no longer the known one', async () => {
    const sql = b.sql()
    const admin = await insertUser(sql, account('admin', 'admin', true), NOW)
    const after = await updateUser(sql, admin.id, { disabled: true })
    expect(after).toMatchObject({ role: 'admin', displayName: 'admin 值班员', disabled: true })
    expect(await countActiveAdmins(sql)).toBe(0)
    expect(await updateUser(sql, admin.id, { role: 'duty', disabled: false })).toMatchObject({
      role: 'duty',
      disabled: false
    })
    expect(await updateUser(sql, -1, { role: 'duty' })).toBeUndefined()
    expect(await setPasswordHash(sql, admin.id, 'scrypt$new')).toBe(true)
    expect(await findUserForLogin(sql, 'admin')).toMatchObject({
      passwordHash: 'scrypt$new',
      demo: false
    })
    expect(await setPasswordHash(sql, -1, 'x')).toBe(false)
  })

  it('refuses a second account of the same name', async () => {
    const sql = b.sql()
    const li = await insertUser(sql, account('li'), NOW)
    await expect(insertUser(sql, account('li'), NOW)).rejects.toThrow()
    expect(await insertUserUnlessTaken(sql, account('li', 'admin'), NOW)).toBeUndefined()
    expect(await getUser(sql, li.id)).toMatchObject({ role: 'duty' })
    expect(await insertUserUnlessTaken(sql, account('wang'), NOW)).toMatchObject({
      username: 'wang'
    })
    expect(await countUsers(sql)).toBe(2)
  })

  it('creates the first admin once when two rooms start together', async () => {
    const dirs = [0, 1].map(() => mkdtempSync(path.join(os.tmpdir(), 'wr-first-admin-')))
    // on PostgreSQL the second room is a pool of its own, as a second server's is
    const other = b.dialect === 'postgres' ? openPgSql(b.url, { applicationName: 'room-b' }) : null
    try {
      const rooms = [b.sql(), other ?? b.sql()]
      await Promise.all(
        rooms.map((sql, i) =>
          ensureInitialAdmin(sql, { dataDir: dirs[i], now: NOW, log: () => undefined })
        )
      )
      expect((await listUsers(b.sql())).map((u) => u.username)).toEqual(['admin'])
      // the password is written by the room that created the account, and only there
      const files = dirs.filter((d) => existsSync(path.join(d, 'initial-admin-password.txt')))
      expect(files).toHaveLength(1)
    } finally {
      await other?.end()
      for (const d of dirs) rmSync(d, { recursive: true, force: true })
    }
  })
})

describeBackends('settings', (b) => {
  it('stores JSON values and replaces them', async () => {
    const sql = b.sql()
    expect(await getSetting(sql, 'room')).toBeUndefined()
    expect(await getRoomSettings(sql)).toEqual(DEFAULT_ROOM_SETTINGS)
    await setSetting(sql, 'room', { lockIdleMinutes: 5 })
    await setSetting(sql, 'room', { lockIdleMinutes: 7, backupKeepDays: 3 })
    expect(await getSetting(sql, 'room')).toEqual({ lockIdleMinutes: 7, backupKeepDays: 3 })
    expect(await getRoomSettings(sql)).toEqual({
      ...DEFAULT_ROOM_SETTINGS,
      lockIdleMinutes: 7,
      backupKeepDays: 3
    })
    await setSetting(sql, 'demo.seeded', true)
    expect(await getSetting<boolean>(sql, 'demo.seeded')).toBe(true)
  })
})

describeBackends('system events', (b) => {
  const append = (sql: Sql, i: number, kind: 'auth.login' | 'backup.created' | 'app.started') =>
    appendSystemEvent(sql, {
      at: NOW + i,
      kind,
      cameraId: null,
      actor: i % 2 ? 'zhang' : null,
      data: { i, note: `第 ${i} 条` }
    })

  it('appends and lists newest first, by kind and page', async () => {
    const sql = b.sql()
    const first = await append(sql, 1, 'app.started')
    expect(first).toEqual({
      id: first.id,
      at: NOW + 1,
      kind: 'app.started',
      cameraId: null,
      actor: 'zhang',
      data: { i: 1, note: '第 1 条' }
    })
    await append(sql, 2, 'auth.login')
    await append(sql, 3, 'backup.created')
    await append(sql, 4, 'auth.login')
    const at = (rows: { at: number }[]) => rows.map((r) => r.at - NOW)
    expect(at(await listSystemEvents(sql, { limit: 10 }))).toEqual([4, 3, 2, 1])
    expect(at(await listSystemEvents(sql, { limit: 2 }))).toEqual([4, 3])
    expect(
      at(await listSystemEvents(sql, { kinds: ['auth.login', 'app.started'], limit: 10 }))
    ).toEqual([4, 2, 1])
    const page = await listSystemEvents(sql, { limit: 10 })
    expect(at(await listSystemEvents(sql, { beforeId: page[1].id, limit: 10 }))).toEqual([2, 1])
    expect(await listSystemEvents(sql, { kinds: [], limit: 10 })).toHaveLength(4)
  })
})
