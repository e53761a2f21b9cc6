import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import {
  DatabaseFromFutureError,
  getSchemaVersion,
  LATEST_SCHEMA_VERSION,
  migrate
} from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'

/** Every table, index, view and trigger by name, with its SQL. */
const schema = (db: ReturnType<typeof openMemoryDatabase>) =>
  new Map(
    (
      db.prepare("SELECT name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").all() as {
        name: string
        sql: string | null
      }[]
    ).map((r) => [r.name, r.sql])
  )

const tables = (db: ReturnType<typeof openMemoryDatabase>) =>
  db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all() as string[]

describe('migrations', () => {
  it('are numbered 1..n in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
    for (const m of MIGRATIONS)
      expect(m.name.startsWith(String(m.version).padStart(4, '0'))).toBe(true)
  })

  it('bring an empty database to the latest version and are idempotent', () => {
    const db = openMemoryDatabase()
    expect(migrate(db)).toEqual({ from: 0, to: LATEST_SCHEMA_VERSION })
    expect(getSchemaVersion(db)).toBe(LATEST_SCHEMA_VERSION)
    expect(migrate(db)).toEqual({ from: LATEST_SCHEMA_VERSION, to: LATEST_SCHEMA_VERSION })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(db.pragma('foreign_key_check')).toEqual([])
  })

  it.each(MIGRATIONS.map((m) => [m.name, m.version] as const))(
    '%s changes the schema and takes nothing away from it',
    (_name, version) => {
      const db = openMemoryDatabase()
      migrate(db, MIGRATIONS.slice(0, version - 1))
      const before = schema(db)
      migrate(db, MIGRATIONS.slice(0, version))
      expect(getSchemaVersion(db)).toBe(version)
      const after = schema(db)
      // a step that changes nothing was not worth a version; one that drops an object loses data
      expect(after).not.toEqual(before)
      expect([...before.keys()].filter((name) => !after.has(name))).toEqual([])
    }
  )

  it('each have a test that migrates data from the version before (tests/db/migrations/NNNN.test.ts)', () => {
    const dir = path.join(__dirname, 'migrations')
    const missing = MIGRATIONS.map((m) => `${m.name.slice(0, 4)}.test.ts`).filter(
      (f) => !existsSync(path.join(dir, f))
    )
    expect(missing).toEqual([])
  })

  it('refuse a database from a newer app, leaving it untouched', () => {
    const db = openMemoryDatabase()
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    expect(() => migrate(db)).toThrow(DatabaseFromFutureError)
    expect(tables(db)).toEqual([])
  })

  it('apply all pending steps in one transaction: a failing step leaves the old version', () => {
    const db = openMemoryDatabase()
    const broken = [
      ...MIGRATIONS,
      { version: MIGRATIONS.length + 1, name: 'broken', sql: 'CREATE TABLE t (x); SELEC nonsense;' }
    ]
    expect(() => migrate(db, broken)).toThrow()
    expect(getSchemaVersion(db)).toBe(0)
    expect(tables(db)).toEqual([])
  })
})
