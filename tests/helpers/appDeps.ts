import { createEventBus } from '../../src/main/app/bus'
import type { AppDeps } from '../../src/main/app/deps'
import type { WritableDb } from '../../src/main/db/database'
import type { Sql } from '../../src/main/db/sql'
import { sqliteSql } from '../../src/main/db/sqliteSql'
import type { ServerEventMessage } from '../../src/shared/ipc/events'

/**
 * What handlers get from the composition root, for tests: the database (a
 * SQLite connection, wrapped as `sql`, or any backend's `Sql`), an
 * event bus whose messages are collected in `events`, a clock the test moves,
 * and the app info (host transport, room zone Asia/Shanghai).
 */
export function createTestDeps(
  store: WritableDb | Sql,
  startMs: number,
  info: { demo?: boolean; mediaBase?: string } = {}
) {
  let clock = startMs
  const bus = createEventBus()
  const events: ServerEventMessage[] = []
  bus.subscribe((m) => events.push(m))
  const sql = 'dialect' in store ? store : sqliteSql(store)
  const db = 'dialect' in store ? (store as Partial<{ db: WritableDb }>).db : store
  const deps = {
    db,
    sql,
    bus,
    now: () => clock,
    info: {
      name: 'WatchRoom',
      version: 'test',
      transport: 'http',
      demo: info.demo ?? false,
      timeZone: 'Asia/Shanghai',
      mediaBase: info.mediaBase ?? '/media/'
    }
  } as unknown as AppDeps
  return {
    deps,
    events,
    now: () => clock,
    tick: (ms: number) => (clock += ms),
    setNow: (ms: number) => (clock = ms)
  }
}
