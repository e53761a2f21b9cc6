import { describe, expect, it } from 'vitest'
import { openMemoryDatabase } from '../../src/main/db/database'
import {
  DatabaseFromFutureError,
  getSchemaVersion,
  LATEST_SCHEMA_VERSION,
  migrate
} from '../../src/main/db/migrate'
import { MIGRATIONS } from '../../src/main/db/migrations'

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
    '%s applies on top of the ones before it',
    (_name, version) => {
      const db = openMemoryDatabase()
      migrate(db, MIGRATIONS.slice(0, version - 1))
      const before = new Set(tables(db))
      migrate(db, MIGRATIONS.slice(0, version))
      expect(getSchemaVersion(db)).toBe(version)
      // every migration creates or changes something
      const sql = MIGRATIONS[version - 1]?.sql ?? ''
      expect(sql.trim().length).toBeGreaterThan(0)
      expect(tables(db).length).toBeGreaterThanOrEqual(before.size)
    }
  )

  it('0001 creates the foundation tables', () => {
    const db = openMemoryDatabase()
    migrate(db, MIGRATIONS.slice(0, 1))
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'cameras',
        'roads',
        'sightings',
        'layouts',
        'users',
        'system_events',
        'settings'
      ])
    )
  })

  it('0002 makes the audit trail append-only', () => {
    const db = openMemoryDatabase()
    migrate(db, MIGRATIONS.slice(0, 2))
    db.prepare(
      "INSERT INTO audit_log (at, actor, action, prev_hash, hash) VALUES (1, 'a', 'x', '0', '1')"
    ).run()
    expect(() => db.prepare("UPDATE audit_log SET actor = 'b'").run()).toThrow(/append-only/)
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/)
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
