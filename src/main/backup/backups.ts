import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync
} from 'node:fs'
import path from 'node:path'
import type { WritableDb } from '../db/database'
import { backupDatabase } from '../db/backup'

export const DB_FILE = 'watchroom.db'

export function backupsDir(dataDir: string): string {
  return path.join(dataDir, 'backups')
}

export type BackupFile = { file: string; at: number; bytes: number }

/** Backups in the data directory, newest first. */
export function listBackups(dataDir: string): BackupFile[] {
  const dir = backupsDir(dataDir)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => /^watchroom-\d{8}-\d{6}\.db$/.test(f))
    .map((f) => {
      const st = statSync(path.join(dir, f))
      return { file: path.join(dir, f), at: st.mtimeMs, bytes: st.size }
    })
    .sort((a, b) => b.at - a.at || b.file.localeCompare(a.file))
}

function stamp(ms: number): string {
  const d = new Date(ms)
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`
}

/** One online backup into backups/, then drop those older than `keepDays`. */
export async function createBackup(
  db: WritableDb,
  dataDir: string,
  now: number,
  keepDays: number
): Promise<BackupFile> {
  const dir = backupsDir(dataDir)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = path.join(dir, `watchroom-${stamp(now)}.db`)
  const tmp = `${file}.partial`
  await backupDatabase(db, tmp)
  // a copy of the room's data is as private as the database
  chmodSync(tmp, 0o600)
  // a killed backup never looks like a complete one
  renameSync(tmp, file)
  const cutoff = now - keepDays * 86_400_000
  const all = listBackups(dataDir)
  // always keep the newest one, whatever its age
  for (const b of all.slice(1)) if (b.at < cutoff) rmSync(b.file, { force: true })
  const st = statSync(file)
  return { file, at: st.mtimeMs, bytes: st.size }
}

/**
 * Puts the newest backup in place of a damaged database. The damaged file is
 * kept beside it (renamed), never deleted.
 */
export function restoreNewestBackup(
  dataDir: string,
  now: number
): { restored: string; damagedKeptAs: string } {
  const newest = listBackups(dataDir)[0]
  if (!newest) throw new Error('There is no backup to restore.')
  const dbFile = path.join(dataDir, DB_FILE)
  const damaged = `${dbFile}.damaged-${stamp(now)}`
  if (existsSync(dbFile)) renameSync(dbFile, damaged)
  for (const ext of ['-wal', '-shm'])
    if (existsSync(dbFile + ext)) renameSync(dbFile + ext, damaged + ext)
  copyFileSync(newest.file, dbFile)
  return { restored: newest.file, damagedKeptAs: damaged }
}
