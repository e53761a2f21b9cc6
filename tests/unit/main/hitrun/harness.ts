import { mkdtempSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createTestDb } from '../../../helpers/db'
import { createEventBus } from '../../../../src/main/app/bus'
import type { AppDeps } from '../../../../src/main/app/deps'
import {
  createDispatcher,
  type CallContext,
  type Handlers
} from '../../../../src/main/api/dispatch'
import { hitRunHandlers } from '../../../../src/main/hitrun/handlers'
import { seedDemoSite } from '../../../../src/main/demo/site'
import { listRoads } from '../../../../src/main/roads/repository'
import type { Role } from '../../../../src/shared/auth/roles'
import type { ServerEventMessage } from '../../../../src/shared/ipc/events'
import type { ApiResponse } from '../../../../src/shared/ipc/errors'

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..')

/**
 * The lookup handlers over an in-memory database holding the demo district
 * (its plate reads end at `now`), called through the real dispatcher.
 */
export async function createLookupHarness() {
  const db = createTestDb()
  let clock = Date.UTC(2026, 5, 1, 7, 0)
  await seedDemoSite(db, { resourcesDir: path.join(ROOT, 'resources'), now: clock })
  const bus = createEventBus()
  const events: ServerEventMessage[] = []
  bus.subscribe((m) => events.push(m))
  const deps = {
    db,
    bus,
    now: () => clock,
    info: {
      name: 'WatchRoom',
      version: 'test',
      transport: 'http',
      demo: true,
      timeZone: 'Asia/Shanghai',
      mediaBase: '/media'
    }
  } as unknown as AppDeps
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wr-lookup-'))
  const dispatch = createDispatcher(hitRunHandlers(deps, { dataDir }) as unknown as Handlers)
  const as = (role: Role, username: string = role) => {
    const ctx = {
      transport: 'http',
      session: {
        token: username,
        user: { id: 1, username, displayName: username, role, disabled: false, createdAt: 0 },
        demo: false,
        locked: false,
        createdAt: 0,
        expiresAt: 1e15,
        lastActiveAt: 0
      },
      bindSession: () => undefined
    } as unknown as CallContext
    return async <T = unknown>(channel: string, input: unknown): Promise<ApiResponse<T>> =>
      (await dispatch(channel, input, ctx)) as ApiResponse<T>
  }
  const ok = async <T>(r: Promise<ApiResponse<T>>): Promise<T> => {
    const res = await r
    if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
    return res.result
  }
  /** a point on the first car-park exit ramp, near its outer end */
  const exitRamp = () => {
    const ramp = listRoads(db).find((r) => r.kind === 'parking')
    if (!ramp) throw new Error('the demo district has no car-park ramp')
    const line = ramp.lines[0]
    const [lng, lat] = line[line.length - 2]
    return { lat, lng, name: ramp.name }
  }
  return {
    db,
    deps,
    events,
    dataDir,
    as,
    ok,
    now: () => clock,
    tick: (ms: number) => (clock += ms),
    exitRamp
  }
}
