import type { BackupFile } from '../backup/backups'

/** The database file cannot be read; the user is offered the newest backup. */
export class DatabaseCorruptError extends Error {
  constructor(
    readonly file: string,
    readonly backups: BackupFile[],
    reason: unknown
  ) {
    super(
      `The WatchRoom database ${file} is damaged and cannot be opened (${reason instanceof Error ? reason.message : String(reason)}). ` +
        (backups[0]
          ? `The newest backup is ${backups[0].file} (${new Date(backups[0].at).toISOString()}).`
          : 'There is no backup to restore.')
    )
    this.name = 'DatabaseCorruptError'
    this.cause = reason
  }
}

/** SQLite's ways of saying "this is not a (sound) database". */
export function isCorruptionError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return (
    code === 'SQLITE_CORRUPT' ||
    code === 'SQLITE_NOTADB' ||
    (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))
  )
}
