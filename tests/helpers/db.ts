import { openMemoryDatabase, type WritableDb } from '../../src/main/db/database'
import { migrate } from '../../src/main/db/migrate'

/** A fresh in-memory database with every migration applied. */
export function createTestDb(): WritableDb {
  const db = openMemoryDatabase()
  migrate(db)
  return db
}
