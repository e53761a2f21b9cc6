import type { WritableDb } from './database'
import { MIGRATIONS } from './migrations'

/** The database was written by a newer WatchRoom; opening it could damage it. */
export class DatabaseFromFutureError extends Error {
  constructor(
    readonly dbVersion: number,
    readonly appVersion: number
  ) {
    super(
      `This database has schema version ${dbVersion}, but this WatchRoom knows only up to ${appVersion}. ` +
        'It was written by a newer WatchRoom; update the app or open a backup.'
    )
    this.name = 'DatabaseFromFutureError'
  }
}

export function getSchemaVersion(db: WritableDb): number {
  return db.pragma('user_version', { simple: true }) as number
}

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0

/**
 * Applies every pending migration in one transaction and records the result
 * in PRAGMA user_version: either the schema reaches the latest version or it
 * stays where it was.
 */
export function migrate(
  db: WritableDb,
  migrations: readonly { version: number; name: string; sql: string }[] = MIGRATIONS
): { from: number; to: number } {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration ${m.name} has version ${m.version}, expected ${i + 1}`)
  })
  const latest = migrations.length
  const from = getSchemaVersion(db)
  if (from > latest) throw new DatabaseFromFutureError(from, latest)
  if (from === latest) return { from, to: latest }
  db.transaction(() => {
    for (const m of migrations.slice(from)) db.exec(m.sql)
    db.pragma(`user_version = ${latest}`)
  }).immediate()
  return { from, to: latest }
}
