import { dispatchAs } from '../../../helpers/dispatchAs'
import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createTestDb } from '../../../helpers/db'
import { createTestDeps } from '../../../helpers/appDeps'
import { createDispatcher, type Handlers } from '../../../../src/main/api/dispatch'
import type { Sql } from '../../../../src/main/db/sql'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'
import { lookupHandlers } from '../../../../src/main/lookup/handlers'
import { createLookupServices } from '../../../../src/main/lookup/services'
import { seedDemoSite } from '../../../../src/main/demo/site'
import { listRoads } from '../../../../src/main/roads/repository'

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..')

/**
 * The lookup handlers over a database holding the demo district (its plate
 * reads end at `now`), called through the real dispatcher: SQLite in memory,
 * or the backend a test passes.
 */
export async function createLookupHarness(sql: Sql = sqliteSql(createTestDb())) {
  const start = Date.UTC(2026, 5, 1, 7, 0)
  await seedDemoSite(sql, { resourcesDir: path.join(ROOT, 'resources'), now: start })
  const { deps, events, now, tick } = createTestDeps(sql, start, {
    demo: true,
    mediaBase: '/media'
  })
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wr-lookup-'))
  const services = createLookupServices({
    sql,
    bus: deps.bus,
    dataDir,
    mediaBase: deps.info.mediaBase,
    timeZone: deps.info.timeZone,
    now: deps.now
  })
  const dispatch = createDispatcher(lookupHandlers(deps, services) as unknown as Handlers, deps)
  const { as, ok } = dispatchAs(dispatch)
  /** a point on the first car-park exit ramp, near its outer end */
  const exitRamp = async () => {
    const ramp = (await listRoads(sql)).find((r) => r.kind === 'parking')
    if (!ramp) throw new Error('the demo district has no car-park ramp')
    const line = ramp.lines[0]
    const [lng, lat] = line[line.length - 2]
    return { lat, lng, name: ramp.name }
  }
  return {
    sql,
    deps,
    events,
    dataDir,
    as,
    ok,
    now,
    tick,
    exitRamp,
    close: () => services.close()
  }
}
