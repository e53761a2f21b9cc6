import type { Sql } from '../db/sql'
import { value } from '../db/sql'

export async function getSetting<T>(sql: Sql, key: string): Promise<T | undefined> {
  const v = await value<string>(sql, 'SELECT value FROM settings WHERE key = ?', [key])
  return v === undefined ? undefined : (JSON.parse(v) as T)
}

export async function setSetting(sql: Sql, key: string, value: unknown): Promise<void> {
  await sql.run(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    [key, JSON.stringify(value)]
  )
}
