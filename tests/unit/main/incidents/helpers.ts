import { dispatchAs } from '../../../helpers/dispatchAs'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createTestDb } from '../../../helpers/db'
import type { Sql } from '../../../../src/main/db/sql'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'
import { createTestDeps } from '../../../helpers/appDeps'
import { createDispatcher, type Handlers } from '../../../../src/main/api/dispatch'
import { incidentsHandlers } from '../../../../src/main/incidents/handlers'
import { dutyHandlers } from '../../../../src/main/duty/handlers'
import { statsHandlers } from '../../../../src/main/stats/handlers'
import { auditHandlers } from '../../../../src/main/audit/handlers'
import type { IncidentFields } from '../../../../src/shared/domain/incident'

/** Two blocks, three cameras: enough places to derive blocks from. */
export async function seedCameras(sql: Sql): Promise<void> {
  const ins = (c: Record<string, unknown>) =>
    sql.run(
      `INSERT INTO cameras (id, code, name, lat, lng, block, community, created_at, updated_at)
       VALUES (@id, @code, @name, @lat, @lng, @block, @community, 0, 0)`,
      c
    )
  await ins({
    id: 1,
    code: 'BG-0001',
    name: '金城路与育才路交叉口',
    lat: 30.18,
    lng: 120.26,
    block: '第一片区',
    community: '荣星社区'
  })
  await ins({
    id: 2,
    code: 'BG-0002',
    name: '大润发地下停车场',
    lat: 30.19,
    lng: 120.27,
    block: '第二片区',
    community: '湘湖社区'
  })
  await ins({
    id: 3,
    code: 'BG-0003',
    name: '育才路北段',
    lat: 30.2,
    lng: 120.28,
    block: '第二片区',
    community: '湘湖社区'
  })
}

export const fields = (over: Partial<IncidentFields> = {}): IncidentFields => ({
  type: 'traffic',
  at: Date.UTC(2026, 5, 1, 6, 3),
  severity: 'medium',
  placeKind: 'camera',
  cameraId: 1,
  roadId: null,
  placeName: '',
  lat: null,
  lng: null,
  description: '一辆白色轿车刮擦后驶离现场',
  linkedCameras: [],
  ...over
})

/**
 * The incident, duty, stats and audit handlers over a fresh database (SQLite
 * in memory unless a test passes another backend's `Sql`), called through
 * the real dispatcher (permissions, zod parsing, error payloads).
 */
export async function createHarness(sql: Sql = sqliteSql(createTestDb())) {
  await seedCameras(sql)
  const { deps, events, tick, setNow } = createTestDeps(sql, Date.UTC(2026, 5, 1, 6, 5))
  const attachmentsDir = mkdtempSync(path.join(os.tmpdir(), 'wr-att-'))
  const handlers = {
    ...incidentsHandlers(deps, { attachmentsDir }),
    ...dutyHandlers(deps),
    ...statsHandlers(deps),
    ...auditHandlers(deps)
  } as unknown as Handlers
  const dispatch = createDispatcher(handlers, deps)
  const { as, ok } = dispatchAs(dispatch)
  return {
    sql,
    deps,
    events,
    attachmentsDir,
    as,
    ok,
    tick,
    setNow
  }
}

/**
 * Resolves once some statement of the test's PostgreSQL database waits for a
 * lock another connection holds (a call is then parked behind that
 * connection's open transaction).
 */
export async function untilLockWait(sql: Sql): Promise<void> {
  for (let n = 0; n < 1000; n++) {
    const waiting = await sql.get<{ n: string }>(
      'SELECT count(*) AS n FROM pg_locks WHERE NOT granted'
    )
    if (Number(waiting?.n) > 0) return
    await new Promise((res) => setTimeout(res, 10))
  }
  throw new Error('no statement came to wait for the lock')
}
