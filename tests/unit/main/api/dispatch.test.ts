import { describe, expect, it, vi } from 'vitest'
import {
  createDispatcher,
  type CallContext,
  type Handlers
} from '../../../../src/main/api/dispatch'
import type { Session } from '../../../../src/main/users/sessions'
import type { Role } from '../../../../src/shared/auth/roles'

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
  return { dispatch: createDispatcher(partial as Handlers, { onDenied }), onDenied }
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
      { onError }
    )
    expect(await dispatch('app:info', {}, ctx(null))).toMatchObject({
      ok: false,
      error: { code: 'internal', message: 'boom' }
    })
    expect(onError).toHaveBeenCalledOnce()
  })
})
