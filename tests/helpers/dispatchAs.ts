import type { CallContext, Dispatch } from '../../src/main/api/dispatch'
import type { Role } from '../../src/shared/auth/roles'
import type { ApiResponse } from '../../src/shared/ipc/errors'

/**
 * Handler tests call the real pipeline as a given role: `as('duty')(channel,
 * input)` returns the response payload; `ok(...)` unwraps it or fails.
 */
export function dispatchAs(dispatch: Dispatch) {
  const as = (role: Role, username: string = role) => {
    const ctx: CallContext = {
      transport: 'http',
      clientId: 'test',
      session: {
        token: username,
        id: username,
        user: { id: 1, username, displayName: username, role, disabled: false, createdAt: 0 },
        demo: false,
        mustChangePassword: false,
        locked: false,
        createdAt: 0,
        expiresAt: 1e15,
        lastActiveAt: 0,
        lastInputAt: 0
      },
      bindSession: () => undefined
    }
    return async <T = unknown>(channel: string, input: unknown): Promise<ApiResponse<T>> =>
      (await dispatch(channel, input, ctx)) as ApiResponse<T>
  }
  /** Calls and unwraps, failing the test on an error payload. */
  const ok = async <T>(r: Promise<ApiResponse<T>>): Promise<T> => {
    const res = await r
    if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`)
    return res.result
  }
  return { as, ok }
}
