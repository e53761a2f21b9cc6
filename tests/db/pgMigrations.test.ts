import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { startPgCluster, type PgCluster } from '../helpers/pgCluster'
import {
  getPgSchemaVersion,
  migratePg as migrateWith,
  PgDatabaseFromFutureError
} from '../../src/main/db/postgres/migrate'
import { PG_MIGRATIONS } from '../../src/main/db/postgres/migrations'

let cluster: PgCluster
type Steps = Parameters<typeof migrateWith>[1]
const migratePg = (c: pg.Client, steps: Steps = PG_MIGRATIONS) => migrateWith(c, steps)
beforeAll(async () => {
  cluster = await startPgCluster()
})
afterAll(() => cluster?.stop())

async function withClient<T>(db: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: cluster.createDatabase(db) })
  await c.connect()
  try {
    return await fn(c)
  } finally {
    await c.end()
  }
}

describe('PostgreSQL migrations', () => {
  it('bring an empty database to the latest version once, then do nothing', () =>
    withClient('fresh', async (c) => {
      expect(await getPgSchemaVersion(c)).toBe(0)
      expect(await migratePg(c)).toEqual({ from: 0, to: PG_MIGRATIONS.length })
      expect(await migratePg(c)).toEqual({ from: PG_MIGRATIONS.length, to: PG_MIGRATIONS.length })
      expect(await getPgSchemaVersion(c)).toBe(PG_MIGRATIONS.length)
      const r = await c.query("SELECT relkind FROM pg_class WHERE relname = 'sightings'")
      expect(r.rows[0]).toEqual({ relkind: 'p' })
    }))

  it('refuse a database written by a newer WatchRoom and leave it untouched', () =>
    withClient('future', async (c) => {
      await migratePg(c)
      await c.query('UPDATE watchroom_schema SET version = 99')
      await expect(migratePg(c)).rejects.toBeInstanceOf(PgDatabaseFromFutureError)
      expect(await getPgSchemaVersion(c)).toBe(99)
    }))

  it('apply pending steps all-or-nothing: a failing step leaves neither its predecessors nor a version', () =>
    withClient('atomic', async (c) => {
      const steps = [
        { version: 1, name: '0001-a', sql: 'CREATE TABLE a (x int)' },
        { version: 2, name: '0002-b', sql: 'CREATE TABLE b (x nonsense_type)' }
      ]
      await expect(migratePg(c, steps)).rejects.toThrow(/nonsense_type/)
      expect(await getPgSchemaVersion(c)).toBe(0)
      const r = await c.query<{ t: string | null }>("SELECT to_regclass('a') AS t")
      expect(r.rows[0].t).toBeNull()
    }))

  it('refuse a list whose numbers do not run 1..n', () =>
    withClient('numbers', async (c) => {
      await expect(migratePg(c, [{ version: 2, name: '0002-x', sql: 'SELECT 1' }])).rejects.toThrow(
        /expected 1/
      )
    }))

  it('serialise rooms starting together on one database', () =>
    withClient('together', async (c) => {
      const url = `postgres://postgres@127.0.0.1:${cluster.port}/together`
      const d = new pg.Client({ connectionString: url })
      await d.connect()
      try {
        const [x, y] = await Promise.all([migratePg(c), migratePg(d)])
        expect([x.from, y.from].sort()).toEqual([0, PG_MIGRATIONS.length])
      } finally {
        await d.end()
      }
    }))
})
