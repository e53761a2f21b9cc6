import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest'
import pg from 'pg'
import type { WritableDb } from '../../src/main/db/database'
import type { Dialect, Sql } from '../../src/main/db/sql'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import { openPgSql, type PgSql } from '../../src/main/db/postgres/pgSql'
import { migratePg } from '../../src/main/db/postgres/migrate'
import { PG_MIGRATIONS } from '../../src/main/db/postgres/migrations'
import { startPgCluster, type PgCluster } from './pgCluster'
import { createTestDb } from './db'

/** One backend's handles for the test that is running. */
export type Backend = {
  readonly dialect: Dialect
  /** the running test's fresh, migrated database */
  sql(): Sql
  /** SQLite only: the raw connection under `sql()` */
  readonly db: WritableDb
  /** PostgreSQL only: the URL of the running test's database (for a second pool or client) */
  readonly url: string
}

const TEMPLATE = 'watchroom_template'

/*
 * One cluster per test file (vitest gives each file its own module state):
 * initdb and the migrations cost seconds, a CREATE DATABASE … TEMPLATE from
 * the migrated template costs milliseconds. The cluster stops after the
 * file's last PostgreSQL block.
 */
let cluster: Promise<{ pg: PgCluster; admin: pg.Pool }> | undefined
let pgBlocks = 0
let dbSeq = 0

function clusterOnce(): Promise<{ pg: PgCluster; admin: pg.Pool }> {
  cluster ??= (async () => {
    const c = await startPgCluster()
    const admin = new pg.Pool({ connectionString: c.url, max: 2 })
    try {
      await admin.query(`CREATE DATABASE ${TEMPLATE}`)
      const url = c.url.replace(/\/postgres$/, `/${TEMPLATE}`)
      // a template must have no open connection when it is copied
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        await migratePg(client, PG_MIGRATIONS)
      } finally {
        await client.end()
      }
    } catch (err) {
      await admin.end()
      c.stop()
      throw err
    }
    return { pg: c, admin }
  })()
  return cluster
}

async function stopCluster(): Promise<void> {
  const c = cluster
  cluster = undefined
  if (!c) return
  const { pg: pgc, admin } = await c
  await admin.end()
  pgc.stop()
}

function wrongBackend(what: string, dialect: Dialect): never {
  throw new Error(`${what} is not available on the ${dialect} backend`)
}

/**
 * Runs `body` once per backend, each test on a fresh database with every
 * migration applied: SQLite in memory (createTestDb) and PostgreSQL in a
 * throwaway cluster. The blocks are named `<name> (sqlite)` and
 * `<name> (postgres)`.
 */
export function describeBackends(name: string, body: (b: Backend) => void): void {
  describe(`${name} (sqlite)`, () => {
    let current: { db: WritableDb; sql: Sql } | undefined
    beforeEach(() => {
      const db = createTestDb()
      current = { db, sql: sqliteSql(db) }
    })
    afterEach(() => {
      current?.db.close()
      current = undefined
    })
    const need = (): { db: WritableDb; sql: Sql } =>
      current ?? wrongBackend('sql() outside a test', 'sqlite')
    body({
      dialect: 'sqlite',
      sql: () => need().sql,
      get db() {
        return need().db
      },
      get url(): string {
        return wrongBackend('url', 'sqlite')
      }
    })
  })

  pgBlocks++
  describe(`${name} (postgres)`, () => {
    let current: { name: string; url: string; sql: PgSql } | undefined
    beforeAll(async () => {
      await clusterOnce()
    })
    afterAll(async () => {
      if (--pgBlocks === 0) await stopCluster()
    })
    beforeEach(async () => {
      const { pg: pgc, admin } = await clusterOnce()
      const dbName = `t_${++dbSeq}`
      await admin.query(`CREATE DATABASE ${dbName} TEMPLATE ${TEMPLATE} STRATEGY FILE_COPY`)
      const url = pgc.url.replace(/\/postgres$/, `/${dbName}`)
      current = { name: dbName, url, sql: openPgSql(url, { applicationName: 'test', max: 4 }) }
    })
    afterEach(async () => {
      const c = current
      current = undefined
      if (!c) return
      await c.sql.end()
      const { admin } = await clusterOnce()
      // the copies would otherwise fill the temp dir over a long file; a closed
      // pool's sessions end a moment after it resolves, and FORCE would make
      // their clients report a terminated connection
      for (let i = 0; i < 200; i++) {
        const r = await admin.query<{ n: string }>(
          'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1',
          [c.name]
        )
        if (r.rows[0]?.n === '0') break
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      await admin.query(`DROP DATABASE ${c.name} WITH (FORCE)`)
    })
    const need = (): { url: string; sql: PgSql } =>
      current ?? wrongBackend('sql() outside a test', 'postgres')
    body({
      dialect: 'postgres',
      sql: () => need().sql,
      get db(): WritableDb {
        return wrongBackend('db', 'postgres')
      },
      get url() {
        return need().url
      }
    })
  })
}
