import type { WritableDb } from '../db/database'
import { createBackup, listBackups } from './backups'

/**
 * Scheduled database backups: one every `everyHours` (checked each minute),
 * kept `keepDays`. Settings are read at each tick so changes apply at once.
 */
export function startBackupScheduler(opts: {
  db: WritableDb
  dataDir: string
  now: () => number
  settings: () => { backupEveryHours: number; backupKeepDays: number }
  onBackup?: (file: string) => void
  onError?: (err: unknown) => void
  tickMs?: number
}): { stop(): void; tick(): Promise<void> } {
  let running = false
  const tick = async () => {
    const { backupEveryHours, backupKeepDays } = opts.settings()
    if (running || backupEveryHours <= 0) return
    const last = listBackups(opts.dataDir)[0]
    if (last && opts.now() - last.at < backupEveryHours * 3_600_000) return
    running = true
    try {
      const b = await createBackup(opts.db, opts.dataDir, opts.now(), backupKeepDays)
      opts.onBackup?.(b.file)
    } catch (err) {
      opts.onError?.(err)
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => void tick(), opts.tickMs ?? 60_000)
  timer.unref()
  return { stop: () => clearInterval(timer), tick }
}
