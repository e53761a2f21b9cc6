import type { Sql } from './sql'

/**
 * Writes each item with `update` when a row with its key exists, else with
 * `insert`, and counts both: an import reports what it added and what it
 * changed. The statements are the caller's (its repository's SQL; `exists`
 * takes the key as its one `?`, the others the named params). Call inside a
 * transaction.
 */
export async function upsertEach<T>(
  sql: Sql,
  items: readonly T[],
  s: {
    exists: string
    insert: string
    update: string
    key: (item: T) => unknown
    params: (item: T) => Record<string, unknown>
  }
): Promise<{ added: number; updated: number }> {
  let added = 0
  let updated = 0
  for (const item of items) {
    const params = s.params(item)
    if ((await sql.get(s.exists, [s.key(item)])) !== undefined) {
      await sql.run(s.update, params)
      updated++
    } else {
      await sql.run(s.insert, params)
      added++
    }
  }
  return { added, updated }
}
