import { describe, expect, it } from 'vitest'
import { createTestDb } from '../../../helpers/db'
import { describeBackends } from '../../../helpers/backends'
import type { Sql } from '../../../../src/main/db/sql'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'
import { createEventBus } from '../../../../src/main/app/bus'
import { createSessionStore } from '../../../../src/main/users/sessions'
import type { AppDeps } from '../../../../src/main/app/deps'
import { handlerContext, type CallContext } from '../../../../src/main/api/dispatch'
import { layoutsHandlers } from '../../../../src/main/layouts/handlers'
import { windowsHandlers } from '../../../../src/main/windows/handlers'
import { listAudit } from '../../../../src/main/audit/repository'
import { presetCells } from '../../../../src/shared/domain/layout'
import type { ServerEventMessage } from '../../../../src/shared/ipc/events'

function setup(sql: Sql = sqliteSql(createTestDb())) {
  const bus = createEventBus()
  const events: ServerEventMessage[] = []
  bus.subscribe((m) => events.push(m))
  const deps = {
    sql,
    bus,
    sessions: createSessionStore({ ttlMs: 1000 }),
    now: () => 1_700_000_000_000,
    info: {
      name: 'WatchRoom',
      version: 't',
      transport: 'http',
      demo: false,
      timeZone: 'Asia/Shanghai',
      mediaBase: '/media',
      liveSocketBase: null
    },
    resolveStreams: () => []
  } as unknown as AppDeps
  const ctx = handlerContext(
    {
      transport: 'http',
      session: { user: { username: 'tech' } },
      bindSession: () => undefined
    } as unknown as CallContext,
    deps,
    'layout'
  )
  return { sql, deps, events, ctx, h: layoutsHandlers(deps) }
}

const nine = () => {
  const { cols, rows, cells } = presetCells(9)
  return { name: '九宫格', cols, rows, cells, cameraIds: cells.map(() => null) }
}

describeBackends('layouts handlers', (backend) => {
  it('save, update, default and delete are audited and announced', async () => {
    const { h, ctx, sql, events } = setup(backend.sql())
    const saved = await h['layouts:save']({ layout: nine() }, ctx)
    await h['layouts:save']({ id: saved.id, layout: { ...nine(), name: '九宫格 2' } }, ctx)
    const other = await h['layouts:save']({ layout: { ...nine(), name: 'x' } }, ctx)
    await h['layouts:setDefault']({ id: saved.id }, ctx)
    await h['layouts:setDefault']({ id: other.id, workstationId: 'desk-1' }, ctx)
    expect((await h['layouts:list']({ workstationId: 'desk-1' }, ctx))[0]?.id).toBe(other.id)
    expect((await h['layouts:list']({}, ctx))[0]?.id).toBe(saved.id)
    await expect(
      Promise.resolve().then(() => h['layouts:delete']({ id: saved.id }, ctx))
    ).rejects.toMatchObject({ code: 'invalid_transition' })
    await h['layouts:delete']({ id: other.id }, ctx)
    const audit = await listAudit(sql, {})
    const actions = audit.map((a) => a.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'layout.create',
        'layout.update',
        'layout.roomDefault',
        'layout.workstationDefault',
        'layout.delete'
      ])
    )
    expect(audit.every((a) => a.actor === 'tech')).toBe(true)
    expect(events.filter((e) => e.event === 'layouts:changed')).toHaveLength(6)
  })

  it('refuses layouts whose cells do not tile the grid, and unknown ids', async () => {
    const { h, ctx } = setup(backend.sql())
    const bad = { ...nine(), cells: nine().cells.slice(1), cameraIds: nine().cameraIds.slice(1) }
    await expect(
      Promise.resolve().then(() => h['layouts:save']({ layout: bad }, ctx))
    ).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(
      Promise.resolve().then(() => h['layouts:save']({ id: 77, layout: nine() }, ctx))
    ).rejects.toMatchObject({ code: 'not_found' })
    await expect(
      Promise.resolve().then(() => h['layouts:setDefault']({ id: 77, workstationId: 'd' }, ctx))
    ).rejects.toMatchObject({ code: 'not_found' })
  })
})

describe('window:open', () => {
  it('returns a URL in host mode and asks the desktop shell otherwise', async () => {
    const { deps, ctx } = setup()
    expect(
      await windowsHandlers(deps)['window:open']({ windowId: 'w2', layoutId: 5 }, ctx)
    ).toEqual({ kind: 'url', url: '/?window=w2&layout=5' })
    const opened: unknown[] = []
    const desktop = windowsHandlers({ ...deps, openWindow: (r) => opened.push(r) })
    expect(await desktop['window:open']({ windowId: 'w3' }, ctx)).toEqual({ kind: 'opened' })
    expect(opened).toEqual([{ windowId: 'w3' }])
  })
})
