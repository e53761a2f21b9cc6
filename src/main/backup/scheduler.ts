import type { WritableDb } from '../db/database'
import { createBackup, listBackups } from './backups'

type BackupSettings = { backupEveryHours: number; backupKeepDays: number }

/**
 * Scheduled database backups: one every `everyHours` (checked each minute),
 * kept `keepDays`. Settings are read at each tick so changes apply at once.
 */
export function startBackupScheduler(opts: {
  db: WritableDb
  dataDir: string
  now: () => number
  settings: () => BackupSettings | Promise<BackupSettings>
  onBackup?: (file: string) => void | Promise<void>
  onError?: (err: unknown) => void
  tickMs?: number
}): { stop(): void; tick(): Promise<void> } {
  let running = false
  const tick = async () => {
    if (running) return
    running = true
    try {
      await backupIfDue()
    } catch (err) {
      opts.onError?.(err)
    } finally {
      running = false
    }
  }
  const backupIfDue = async (): Promise<void> => {
    const { backupEveryHours, backupKeepDays } = await opts.settings()
    if (backupEveryHours <= 0) return
    const last = listBackups(opts.dataDir)[0]
    if (last && opts.now() - last.at < backupEveryHours * 3_600_000) return
    const b = await createBackup(opts.db, opts.dataDir, opts.now(), backupKeepDays)
    await opts.onBackup?.(b.file)
  }
  const timer = setInterval(() => void tick(), opts.tickMs ?? 60_000)
  timer.unref()
  return { stop: () => clearInterval(timer), tick }
}
