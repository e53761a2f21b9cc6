import type { WritableDb } from './database'

/**
 * Online backup through SQLite's backup API: consistent even while the app
 * keeps writing, and the copy is a complete database file.
 */
export async function backupDatabase(
  db: WritableDb,
  destination: string
): Promise<{ pages: number }> {
  const result = await db.backup(destination)
  return { pages: result.totalPages }
}
