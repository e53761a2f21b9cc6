import { describe, expect, it } from 'vitest'
import { value } from '../../src/main/db/sql'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync
} from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'
import {
  createBackup,
  listBackups,
  restoreNewestBackup,
  DB_FILE
} from '../../src/main/backup/backups'
import { createApp } from '../../src/main/app/createApp'
import { appRoot } from '../../src/main/app/paths'
import { DatabaseCorruptError } from '../../src/main/db/corruption'
import { startBackupScheduler } from '../../src/main/backup/scheduler'

const appOpts = (dataDir: string, restoreBackup = false) => ({
  adminPassword: 'pw-for-test',
  dataDir,
  resourcesDir: path.join(appRoot(), 'resources'),
  transport: 'http' as const,
  mediaBase: '/media',
  version: 'test',
  demo: false,
  restoreBackup,
  log: () => undefined
})

describe('a corrupted database at start', () => {
  it('is reported clearly with the newest backup, and restoring it brings the data back', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wr-corrupt-'))
    const file = path.join(dataDir, DB_FILE)
    const db = openDatabase(file)
    migrate(db)
    db.prepare("INSERT INTO settings (key, value) VALUES ('marker', '\"before\"')").run()
    await createBackup(db, dataDir, Date.parse('2026-06-01T00:00:00Z'), 14)
    db.close()

    // scribble over the header and the first pages
    const fd = openSync(file, 'r+')
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, 0)
    closeSync(fd)

    const err = await createApp(appOpts(dataDir)).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DatabaseCorruptError)
    const corrupt = err as DatabaseCorruptError
    expect(corrupt.message).toMatch(/damaged/)
    expect(corrupt.backups[0]?.file).toBe(listBackups(dataDir)[0]?.file)

    const app = await createApp(appOpts(dataDir, true))
    expect(await value(app.deps.sql, "SELECT value FROM settings WHERE key = 'marker'")).toBe(
      '"before"'
    )
    expect(await value(app.deps.sql, 'PRAGMA integrity_check')).toBe('ok')
    await app.close()
    // the damaged file was kept, not deleted
    expect(readdirSync(dataDir).some((f) => f.startsWith(`${DB_FILE}.damaged-`))).toBe(true)
  })

  it('without a backup, the error says so and restoring refuses', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wr-corrupt-'))
    writeFileSync(path.join(dataDir, DB_FILE), 'this is not a database at all, just text')
    expect(() => restoreNewestBackup(dataDir, Date.now())).toThrow(/no backup/)
    expect(existsSync(path.join(dataDir, DB_FILE))).toBe(true)
  })
})

describe('scheduled backups', () => {
  it('back up when the last one is older than the interval and prune old ones', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wr-backup-'))
    const db = openDatabase(path.join(dataDir, DB_FILE))
    migrate(db)
    const now = Date.now()
    const s = startBackupScheduler({
      db,
      dataDir,
      now: () => now,
      settings: () => ({ backupEveryHours: 24, backupKeepDays: 2 }),
      tickMs: 3_600_000
    })
    await s.tick()
    expect(listBackups(dataDir)).toHaveLength(1)
    await s.tick()
    expect(listBackups(dataDir)).toHaveLength(1)
    s.stop()
    const copy = openDatabase(listBackups(dataDir)[0].file, { readonly: true })
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
    copy.close()
    db.close()
  })
})
