import { describe, expect, it, vi } from 'vitest'
import {
  createDispatcher,
  type CallContext,
  type Handlers
} from '../../../../src/main/api/dispatch'
import type { Session } from '../../../../src/main/users/sessions'
import type { Role } from '../../../../src/shared/auth/roles'
import { listAudit } from '../../../../src/main/audit/repository'
import { createTestDb } from '../../../helpers/db'
import { describeBackends } from '../../../helpers/backends'
import { sqliteSql } from '../../../../src/main/db/sqliteSql'

const sql = sqliteSql(createTestDb())
const now = () => 1_700_000_000_000

const session = (role: Role, locked = false): Session => ({
  token: 't',
  id: 't',
  user: { id: 1, username: role, displayName: role, role, disabled: false, createdAt: 0 },
  demo: false,
  mustChangePassword: false,
  locked,
  createdAt: 0,
  expiresAt: Infinity,
  lastActiveAt: 0,
  lastInputAt: 0
})
const ctx = (s: Session | null): CallContext => ({
  transport: 'http',
  clientId: 'test',
  session: s,
  bindSession: () => undefined
})

// Only the handlers a test calls need to exist; the cast keeps the test small.
function dispatcher(partial: Partial<Handlers>, onDenied = vi.fn()) {
  return { dispatch: createDispatcher(partial as Handlers, { sql, now, onDenied }), onDenied }
}

describe('the API pipeline', () => {
  it('refuses unknown channels', async () => {
    const { dispatch } = dispatcher({})
    expect(await dispatch('nope:nope', {}, ctx(null))).toMatchObject({
      ok: false,
      error: { code: 'not_found' }
    })
  })

  it('checks the permission before parsing or running the handler', async () => {
    const handler = vi.fn(() => null)
    const { dispatch, onDenied } = dispatcher({ 'layouts:delete': handler })
    const anon = await dispatch('layouts:delete', { id: 1 }, ctx(null))
    expect(anon).toMatchObject({ ok: false, error: { code: 'unauthenticated' } })
    const duty = await dispatch('layouts:delete', { id: 1 }, ctx(session('duty')))
    expect(duty).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const locked = await dispatch('layouts:delete', { id: 1 }, ctx(session('technician', true)))
    expect(locked).toMatchObject({ ok: false, error: { code: 'locked' } })
    expect(handler).not.toHaveBeenCalled()
    expect(onDenied).toHaveBeenCalledTimes(3)
    expect(onDenied.mock.calls[1]?.[0]).toMatchObject({
      channel: 'layouts:delete',
      reason: 'forbidden',
      permission: 'layout.edit'
    })
  })

  it('parses input with the channel schema and passes parsed values (defaults applied)', async () => {
    const handler = vi.fn((input: { limit: number }) => [input.limit])
    const { dispatch } = dispatcher({
      'events:list': handler as unknown as Handlers['events:list']
    })
    const bad = await dispatch('events:list', { limit: 'many' }, ctx(session('duty')))
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    const extra = await dispatch('events:list', { limit: 5, sneaky: true }, ctx(session('duty')))
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    const ok = await dispatch('events:list', {}, ctx(session('duty')))
    expect(ok).toEqual({ ok: true, result: [100] })
  })

  it('turns unexpected exceptions into internal errors', async () => {
    const onError = vi.fn()
    const dispatch = createDispatcher(
      {
        'app:info': () => {
          throw new Error('boom')
        }
      } as unknown as Handlers,
      { sql, now, onError }
    )
    expect(await dispatch('app:info', {}, ctx(null))).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'boom' }
    })
    expect(onError).toHaveBeenCalledOnce()
  })
})

describeBackends('the API pipeline auditing', (b) => {
  const fresh = () => {
    const adb = b.sql()
    const onUnaudited = vi.fn()
    const make = (partial: Partial<Handlers>, unaudited?: 'refuse' | 'record') =>
      createDispatcher(partial as Handlers, { sql: adb, now, onUnaudited, unaudited })
    return { adb, onUnaudited, make }
  }

  it('gives handlers the caller and an audit that fills in who, when and the declared entity', async () => {
    const { adb, make } = fresh()
    const dispatch = make({
      'layouts:delete': async ({ id }, c) => {
        expect(c.actor).toBe('technician')
        await c.audit({ action: 'layout.delete', entityId: id, before: { name: 'x' } })
        return null
      }
    })
    const r = await dispatch('layouts:delete', { id: 7 }, ctx(session('technician')))
    expect(r).toEqual({ ok: true, result: null })
    expect(
      (await listAudit(adb, {})).map(({ at, actor, action, entity, entityId, before, after }) => ({
        at,
        actor,
        action,
        entity,
        entityId,
        before,
        after
      }))
    ).toEqual([
      {
        at: now(),
        actor: 'technician',
        action: 'layout.delete',
        entity: 'layout',
        entityId: '7',
        before: { name: 'x' },
        after: null
      }
    ])
  })

  it('refuses a declared-audited call whose handler wrote no row, after writing one for it', async () => {
    const { adb, make, onUnaudited } = fresh()
    const dispatch = make({ 'layouts:delete': () => null })
    const r = await dispatch('layouts:delete', { id: 7 }, ctx(session('technician')))
    expect(r).toMatchObject({ ok: false, error: { code: 'internal' } })
    expect(onUnaudited).toHaveBeenCalledWith('layouts:delete')
    // the trail still has the call, under the channel's name
    expect(await listAudit(adb, {})).toMatchObject([
      {
        actor: 'technician',
        action: 'layouts:delete',
        entity: 'layout',
        after: { unaudited: true }
      }
    ])
  })

  it("in the app ('record') keeps the user's result and only records the gap", async () => {
    const { adb, make, onUnaudited } = fresh()
    const dispatch = make({ 'layouts:delete': () => null }, 'record')
    expect(await dispatch('layouts:delete', { id: 7 }, ctx(session('technician')))).toEqual({
      ok: true,
      result: null
    })
    expect(onUnaudited).toHaveBeenCalledOnce()
    expect(await listAudit(adb, {})).toHaveLength(1)
  })

  it('credits rows written after an await, and rows of a concurrent call to that call only', async () => {
    const { adb, make, onUnaudited } = fresh()
    let release: () => void = () => undefined
    const gate = new Promise<void>((r) => (release = r))
    const dispatch = make({
      // audits only once the gate opens, while another call audits in between
      'layouts:delete': async ({ id }, c) => {
        await gate
        await c.audit({ action: 'layout.delete', entityId: id })
        return null
      },
      'layouts:setDefault': async (_i, c) => {
        await c.audit({ action: 'layout.roomDefault' })
        return null
      }
    })
    const slow = dispatch('layouts:delete', { id: 1 }, ctx(session('technician')))
    const quick = await dispatch('layouts:setDefault', { id: 2 }, ctx(session('technician')))
    expect(quick).toEqual({ ok: true, result: null })
    release()
    expect(await slow).toEqual({ ok: true, result: null })
    expect(onUnaudited).not.toHaveBeenCalled()
    expect(await listAudit(adb, {})).toHaveLength(2)
  })

  it('owes no row when the handler says nothing changed, nor for channels declaring none', async () => {
    const { adb, make, onUnaudited } = fresh()
    const dispatch = make({
      'layouts:delete': (_i, c) => {
        c.nothingToAudit()
        return null
      },
      'bookmarks:add': () => null as never
    })
    expect(await dispatch('layouts:delete', { id: 1 }, ctx(session('technician')))).toMatchObject({
      ok: true
    })
    expect(
      await dispatch(
        'bookmarks:add',
        { at: now(), note: 'n', cameraIds: [] },
        ctx(session('admin'))
      )
    ).toMatchObject({ ok: true })
    expect(onUnaudited).not.toHaveBeenCalled()
    expect(await listAudit(adb, {})).toEqual([])
  })

  it('writes the audit row in the handler’s transaction: a failed change leaves none', async () => {
    const { adb, make, onUnaudited } = fresh()
    const dispatch = make({
      'layouts:delete': ({ id }, c) =>
        adb.tx(async () => {
          await c.audit({ action: 'layout.delete', entityId: id })
          expect(await listAudit(adb, {})).toHaveLength(1)
          throw new Error('the delete failed')
        }),
      'layouts:setDefault': async (_i, c) => {
        await adb.tx(async () => {
          await c.audit({ action: 'layout.roomDefault' })
        })
        return null
      }
    })
    expect(await dispatch('layouts:delete', { id: 1 }, ctx(session('technician')))).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'the delete failed' }
    })
    expect(await listAudit(adb, {})).toEqual([])
    // a row written inside the handler's transaction is credited to the call
    expect(await dispatch('layouts:setDefault', { id: 2 }, ctx(session('technician')))).toEqual({
      ok: true,
      result: null
    })
    expect(onUnaudited).not.toHaveBeenCalled()
    expect(await listAudit(adb, {})).toMatchObject([{ action: 'layout.roomDefault' }])
  })
})
