import type Database from 'better-sqlite3'

/**
 * Writes each item with `update` when a row with its key exists, else with
 * `insert`, and counts both: an import reports what it added and what it
 * changed. The statements are the caller's (its repository's SQL). Call
 * inside a transaction.
 */
export function upsertEach<T>(
  items: readonly T[],
  s: {
    exists: Database.Statement
    insert: Database.Statement
    update: Database.Statement
    key: (item: T) => unknown
    params: (item: T) => Record<string, unknown>
  }
): { added: number; updated: number } {
  let added = 0
  let updated = 0
  for (const item of items) {
    const params = s.params(item)
    if (s.exists.get(s.key(item)) !== undefined) {
      s.update.run(params)
      updated++
    } else {
      s.insert.run(params)
      added++
    }
  }
  return { added, updated }
}
