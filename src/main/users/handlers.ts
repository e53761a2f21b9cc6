import type { AppDeps } from '../app/deps'
import type { HandlerContext, HandlersOf } from '../api/dispatch'
import type { authContract } from '../../shared/ipc/contracts/auth'
import type { SessionInfo } from '../../shared/domain/user'
import { ApiError } from '../../shared/ipc/errors'
import {
  countActiveAdmins,
  findUserForLogin,
  getUser,
  insertUser,
  listUsers,
  setPasswordHash,
  updateUser
} from './repository'
import { hashPassword, verifyPassword } from './password'
import { confusableWith, normalizeUsername } from './names'
import { createLoginLimiter } from './rateLimit'
import type { usersContract } from '../../shared/ipc/contracts/users'
import type { Session } from './sessions'
import { appendSystemEvent } from '../events/repository'

function toInfo(s: Session): SessionInfo {
  return {
    user: s.user,
    locked: s.locked,
    expiresAt: s.expiresAt,
    demo: s.demo,
    mustChangePassword: s.mustChangePassword
  }
}

/**
 * One limiter shared by login, unlock and password change: failures count
 * per address and account (so guessing one account from elsewhere cannot
 * lock its owner out) and per address across accounts (so spraying many
 * names from one address is slowed too).
 */
export function createAuthThrottle(now: () => number) {
  const perAccount = createLoginLimiter({ now })
  const perAddress = createLoginLimiter({ now, free: 20 })
  const keys = (clientId: string, username: string, what: string) => ({
    account: `${clientId}|${username.toLowerCase()}|${what}`,
    address: clientId
  })
  return {
    retryAfter: (clientId: string, username: string, what: string) => {
      const k = keys(clientId, username, what)
      return Math.max(perAccount.retryAfter(k.account), perAddress.retryAfter(k.address))
    },
    fail: (clientId: string, username: string, what: string) => {
      const k = keys(clientId, username, what)
      perAccount.fail(k.account)
      perAddress.fail(k.address)
    },
    succeed: (clientId: string, username: string, what: string) =>
      perAccount.succeed(keys(clientId, username, what).account)
  }
}

const throttled = (waitMs: number) =>
  new ApiError(
    'rate_limited',
    `Too many failed attempts; try again in ${Math.ceil(waitMs / 1000)} s.`,
    {
      retryAfterS: Math.ceil(waitMs / 1000)
    }
  )

export function authHandlers(
  deps: AppDeps,
  throttle = createAuthThrottle(deps.now)
): HandlersOf<Omit<typeof authContract, 'auth:changePassword'>> {
  const refuseIfThrottled = (clientId: string, username: string, what: string) => {
    const waitMs = throttle.retryAfter(clientId, username, what)
    if (waitMs > 0) throw throttled(waitMs)
  }
  const log = async (
    ctx: HandlerContext,
    kind: 'auth.login' | 'auth.logout' | 'auth.failed',
    actor: string,
    data: Record<string, unknown>
  ): Promise<void> => {
    const at = deps.now()
    const e = await deps.sql.tx(async (t) => {
      const event = await appendSystemEvent(t, { at, kind, cameraId: null, actor, data })
      await ctx.audit({ at, actor, action: kind, entity: 'session', after: data })
      return event
    })
    deps.bus.emit('event:appended', e)
  }
  return {
    'auth:login': async ({ username: typed, password }, ctx) => {
      const username = normalizeUsername(typed)
      refuseIfThrottled(ctx.clientId, username, 'login')
      const found = await findUserForLogin(deps.sql, username)
      // verify even for unknown users so timing does not reveal which names exist
      const ok = await verifyPassword(password, found?.passwordHash ?? 'scrypt$16384$8$1$AAAA$AAAA')
      if (!found || !ok || found.user.disabled) {
        throttle.fail(ctx.clientId, username, 'login')
        await log(ctx, 'auth.failed', username, { transport: ctx.transport })
        throw new ApiError('unauthenticated', 'Wrong username or password.', {
          reason: 'bad_credentials'
        })
      }
      throttle.succeed(ctx.clientId, username, 'login')
      deps.sessions.delete(ctx.session?.token)
      const s = deps.sessions.create(found.user, found.demo)
      ctx.bindSession(s.token)
      await log(ctx, 'auth.login', found.user.username, { transport: ctx.transport })
      return toInfo(s)
    },
    'auth:logout': async (_input, ctx) => {
      if (ctx.session)
        await log(ctx, 'auth.logout', ctx.session.user.username, { transport: ctx.transport })
      else ctx.nothingToAudit()
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
    'auth:activity': (_input, ctx) => {
      deps.sessions.noteInput(ctx.session as Session)
      return null
    },
    'auth:unlock': async ({ password }, ctx) => {
      const s = ctx.session
      if (!s) throw new ApiError('unauthenticated', 'Log in first.')
      refuseIfThrottled(ctx.clientId, s.user.username, 'unlock')
      const found = await findUserForLogin(deps.sql, s.user.username)
      if (!found || !(await verifyPassword(password, found.passwordHash))) {
        throttle.fail(ctx.clientId, s.user.username, 'unlock')
        await log(ctx, 'auth.failed', s.user.username, { transport: ctx.transport, unlock: true })
        throw new ApiError('unauthenticated', 'Wrong password.', { reason: 'bad_credentials' })
      }
      throttle.succeed(ctx.clientId, s.user.username, 'unlock')
      deps.sessions.unlock(s)
      return toInfo(s)
    }
  }
}

export function usersHandlers(
  deps: AppDeps,
  throttle = createAuthThrottle(deps.now),
  /** passwords printed for everyone to read (the demo's): never accepted as a new one */
  opts: { publicPasswords?: readonly string[] } = {}
): HandlersOf<typeof usersContract & Pick<typeof authContract, 'auth:changePassword'>> {
  return {
    'users:list': () => listUsers(deps.sql),
    'users:create': async ({ password, ...input }, ctx) => {
      const u = { ...input, username: normalizeUsername(input.username) }
      const lookalike = confusableWith(
        u.username,
        (await listUsers(deps.sql)).map((x) => x.username)
      )
      if (lookalike !== undefined)
        throw new ApiError(
          'conflict',
          `The username ${u.username} is taken or looks like ${lookalike}.`,
          {
            reason: 'username_taken',
            similarTo: lookalike
          }
        )
      const passwordHash = await hashPassword(password)
      return deps.sql.tx(async (t) => {
        const user = await insertUser(t, { ...u, passwordHash, demo: false }, deps.now())
        await ctx.audit({ action: 'user.create', entityId: user.id, after: user })
        return user
      })
    },
    'users:update': ({ id, ...patch }, ctx) =>
      deps.sql.tx(async (t) => {
        const before = await getUser(t, id)
        if (!before) throw new ApiError('not_found', `No user ${id}`)
        const after = await updateUser(t, id, patch)
        if (!after) throw new ApiError('not_found', `No user ${id}`)
        // the room must never lock itself out of administration
        if ((await countActiveAdmins(t)) === 0)
          throw new ApiError('conflict', 'At least one active administrator must remain.', {
            reason: 'last_admin'
          })
        await ctx.audit({ action: 'user.update', entityId: id, before, after })
        // a disabled account is out at once; a new role applies at the next call (sessions re-read it)
        if (after.disabled) deps.sessions.revokeUser(id)
        return after
      }),
    'users:resetPassword': async ({ id, password }, ctx) => {
      const hash = await hashPassword(password)
      await deps.sql.tx(async (t) => {
        if (!(await setPasswordHash(t, id, hash))) throw new ApiError('not_found', `No user ${id}`)
        await ctx.audit({ action: 'user.resetPassword', entityId: id })
      })
      // whoever held the old password is logged out everywhere
      deps.sessions.revokeUser(id, id === ctx.session?.user.id ? ctx.session.token : undefined)
      return null
    },
    'auth:changePassword': async ({ current, next }, ctx) => {
      const s = ctx.session as Session
      const waitMs = throttle.retryAfter(ctx.clientId, s.user.username, 'password')
      if (waitMs > 0) throw throttled(waitMs)
      const found = await findUserForLogin(deps.sql, s.user.username)
      if (!found || !(await verifyPassword(current, found.passwordHash))) {
        // a stolen unlocked session must not become a password-guessing oracle
        throttle.fail(ctx.clientId, s.user.username, 'password')
        await ctx.audit({
          action: 'user.changePassword.failed',
          entityId: s.user.id,
          after: { client: ctx.clientId }
        })
        throw new ApiError('unauthenticated', 'The current password is wrong.', {
          reason: 'bad_credentials'
        })
      }
      throttle.succeed(ctx.clientId, s.user.username, 'password')
      if (next === current || opts.publicPasswords?.includes(next))
        throw new ApiError('invalid_input', 'Choose a new password that is not a known one.', {
          reason: 'password_known'
        })
      const hash = await hashPassword(next)
      await deps.sql.tx(async (t) => {
        await setPasswordHash(t, s.user.id, hash)
        await ctx.audit({ action: 'user.changePassword', entityId: s.user.id })
      })
      s.demo = false
      s.mustChangePassword = false
      // other sessions opened with the old password end; this one goes on
      deps.sessions.revokeUser(s.user.id, s.token)
      return null
    }
  }
}
