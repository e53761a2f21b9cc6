import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { authContract } from '../../shared/ipc/contracts/auth'
import type { SessionInfo } from '../../shared/domain/user'
import { ApiError } from '../../shared/ipc/errors'
import { findUserForLogin } from './repository'
import { verifyPassword } from './password'
import type { Session } from './sessions'
import { appendSystemEvent } from '../events/repository'
import { appendAudit } from '../audit/repository'

function toInfo(s: Session): SessionInfo {
  return { user: s.user, locked: s.locked, expiresAt: s.expiresAt, demo: s.demo }
}

export function authHandlers(deps: AppDeps): HandlersOf<typeof authContract> {
  const log = (kind: 'auth.login' | 'auth.logout' | 'auth.failed', actor: string, data: Record<string, unknown>) => {
    const at = deps.now()
    const e = appendSystemEvent(deps.db, { at, kind, cameraId: null, actor, data })
    appendAudit(deps.db, { at, actor, action: kind, entity: 'session', entityId: null, before: null, after: data })
    deps.bus.emit('event:appended', e)
  }
  return {
    'auth:login': async ({ username, password }, ctx) => {
      const found = findUserForLogin(deps.db, username)
      // verify even for unknown users so timing does not reveal which names exist
      const ok = await verifyPassword(password, found?.passwordHash ?? 'scrypt$16384$8$1$AAAA$AAAA')
      if (!found || !ok || found.user.disabled) {
        log('auth.failed', username, { transport: ctx.transport })
        throw new ApiError('unauthenticated', 'Wrong username or password.', { reason: 'bad_credentials' })
      }
      deps.sessions.delete(ctx.session?.token)
      const s = deps.sessions.create(found.user, found.demo)
      ctx.bindSession(s.token)
      log('auth.login', found.user.username, { transport: ctx.transport })
      return toInfo(s)
    },
    'auth:logout': (_input, ctx) => {
      if (ctx.session) log('auth.logout', ctx.session.user.username, { transport: ctx.transport })
      deps.sessions.delete(ctx.session?.token)
      ctx.bindSession(null)
      return null
    },
    'auth:session': (_input, ctx) => (ctx.session ? toInfo(ctx.session) : null),
    'auth:lock': (_input, ctx) => {
      const s = ctx.session as Session
      s.locked = true
      return toInfo(s)
    },
    'auth:unlock': async ({ password }, ctx) => {
      const s = ctx.session
      if (!s) throw new ApiError('unauthenticated', 'Log in first.')
      const found = findUserForLogin(deps.db, s.user.username)
      if (!found || !(await verifyPassword(password, found.passwordHash))) {
        log('auth.failed', s.user.username, { transport: ctx.transport, unlock: true })
        throw new ApiError('unauthenticated', 'Wrong password.', { reason: 'bad_credentials' })
      }
      s.locked = false
      return toInfo(s)
    }
  }
}
