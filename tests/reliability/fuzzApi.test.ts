import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { WatchRoomApp } from '../../src/main/app/createApp'
import { openTestRoom } from '../helpers/testRoom'
import type { CallContext } from '../../src/main/api/dispatch'
import { CHANNELS } from '../../src/shared/ipc/contract'
import { API_ERROR_CODES } from '../../src/shared/ipc/errors'

/**
 * Every API input schema, fuzzed through the real pipeline as an admin:
 * whatever arrives, the call settles with a result or a typed error, never
 * an exception or an `internal` error caused by the input's shape.
 */
describe('API inputs under fuzzing', () => {
  let room: Awaited<ReturnType<typeof openTestRoom>>
  let app: WatchRoomApp
  let ctx: CallContext
  const runs = Number(process.env.FC_RUNS ?? 60)
  const stats = { calls: 0, rejected: 0 }

  beforeAll(async () => {
    room = await openTestRoom({ prefix: 'fuzz', adminPassword: 'pw-for-fuzz' })
    app = room.app
    const bind = { token: null as string | null }
    const loginCtx: CallContext = {
      transport: 'http',
      clientId: 'fuzz',
      session: null,
      bindSession: (t) => (bind.token = t)
    }
    const res = await app.dispatch(
      'auth:login',
      { username: 'admin', password: 'pw-for-fuzz' },
      loginCtx
    )
    expect(res.ok).toBe(true)
    ctx = {
      transport: 'http',
      clientId: 'fuzz',
      session: await app.deps.sessions.get(bind.token),
      bindSession: () => undefined
    }
  })

  afterAll(async () => {
    await room.close()
    console.log(
      `fuzzed ${stats.calls} calls over ${CHANNELS.length} channels; ${stats.rejected} rejected with a typed error`
    )
  })

  // Channels whose valid inputs would end the fuzzing session or start long jobs are fuzzed with invalid shapes only.
  const sessionEnding = new Set(['auth:logout', 'auth:lock', 'onvif:discover'])

  it.each(CHANNELS.map((c) => [c]))('%s', async (channel) => {
    const input = sessionEnding.has(channel)
      ? fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.anything()))
      : fc.oneof(
          fc.anything(),
          fc.object({ maxDepth: 2 }),
          fc.dictionary(
            fc.constantFrom(
              'id',
              'name',
              'limit',
              'cameraIds',
              'from',
              'to',
              'kind',
              'code',
              'layout',
              'q'
            ),
            fc.anything(),
            { maxKeys: 4 }
          )
        )
    await fc.assert(
      fc.asyncProperty(input, async (raw) => {
        stats.calls++
        const res = await app.dispatch(channel, raw, ctx)
        if (!res.ok) {
          stats.rejected++
          expect(API_ERROR_CODES).toContain(res.error.code)
          // a malformed input must be caught by the schema, not crash a handler
          expect(res.error.code).not.toBe('internal')
        }
      }),
      { numRuns: runs }
    )
  })
})
