import type { ReadableDb, WritableDb } from '../db/database'

export function getSetting<T>(db: ReadableDb, key: string): T | undefined {
  const v = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as
    string | undefined
  return v === undefined ? undefined : (JSON.parse(v) as T)
}

export function setSetting(db: WritableDb, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
  ).run(key, JSON.stringify(value))
}
