import type { z } from 'zod'
import {
  contract,
  isChannel,
  type Channel,
  type OutputOf,
  type ParsedInputOf
} from '../../shared/ipc/contract'
import { ApiError, type ApiResponse } from '../../shared/ipc/errors'
import { roleHas, type Permission } from '../../shared/auth/roles'
import type { Session } from '../users/sessions'
import type { AuditDecl } from '../../shared/ipc/channel'
import type { Sql } from '../db/sql'
import { appendAudit, type AuditRow } from '../audit/repository'
import { countAuditRows } from '../audit/callScope'
import { normalizeInput } from './unicode'

/** Who is calling, over which transport. Built by each adapter per call. */
export type CallContext = {
  transport: 'ipc' | 'http' | 'cli'
  /** who is on the other end (remote address, window id): rate limits key on it */
  clientId: string
  session: Session | null
  /** Bind a new session token (or none) to this caller's window or browser. */
  bindSession(token: string | null): void
}

/** One audit row as a handler writes it: who and when are the pipeline's. */
export type AuditInput = {
  action: string
  /** default: the entity the channel declares */
  entity?: string | null
  entityId?: string | number | null
  before?: unknown
  after?: unknown
  /** default: now; a handler passes its own when the row must carry the change's time */
  at?: number
  /** default: the caller; a login names the account it is for, before there is a session */
  actor?: string | null
}

/** What a handler gets: the caller, plus what the pipeline does for every call. */
export type HandlerContext = CallContext & {
  /** the caller's user name; null before login */
  actor: string | null
  /** appends an audit row by this caller, now (inside the caller's transaction when in one) */
  audit(e: AuditInput): Promise<AuditRow>
  /** this call changed nothing its channel audits (a dry run, a repeat): no row is owed */
  nothingToAudit(): void
}

export type Handler<K extends Channel> = (
  input: ParsedInputOf<K>,
  ctx: HandlerContext
) => OutputOf<K> | Promise<OutputOf<K>>

/** The handler map main must provide: exactly one handler per channel. */
export type Handlers = { [K in Channel]: Handler<K> }
/** Handlers of one feature's slice of the contract. */
export type HandlersOf<C extends Record<string, unknown>> = { [K in keyof C & Channel]: Handler<K> }

export type Denial = {
  channel: string
  permission: Permission
  reason: 'unauthenticated' | 'locked' | 'forbidden'
  session: Session | null
  /** the caller's address or window, so repeated refusals can be traced and collapsed */
  clientId?: string
}

/** The permission check of the pipeline: null when allowed. */
export function checkPermission(
  permission: Permission,
  session: Session | null
): Denial['reason'] | null {
  if (permission === 'public') return null
  if (!session) return 'unauthenticated'
  if (session.locked) return 'locked'
  return roleHas(session.user.role, permission) ? null : 'forbidden'
}

const DENIAL_MESSAGES: Record<Denial['reason'], string> = {
  unauthenticated: 'Log in first.',
  locked: 'The session is locked; unlock it with your password.',
  forbidden: 'Your role does not allow this.'
}

/**
 * What a session on a known or initial password may still do: everything
 * public (log out, read its session) and change the password.
 */
const PASSWORD_CHANGE_CHANNELS: ReadonlySet<string> = new Set([
  'auth:changePassword',
  'auth:lock',
  'auth:activity'
])

/**
 * The database and clock the pipeline audits with. A handler's transaction is
 * known to `sql` from the async context, so `ctx.audit` inside one joins it.
 */
export type Pipeline = { sql: Sql; now: () => number }

/**
 * The context a handler runs with. Exported for tests that call one handler
 * directly; the dispatcher builds it for every call.
 */
export function handlerContext(
  ctx: CallContext,
  p: Pipeline,
  declared: AuditDecl | undefined = undefined
): HandlerContext & { readonly excused: boolean } {
  const actor = ctx.session?.user.username ?? null
  const entity = typeof declared === 'string' ? declared : null
  let excused = false
  return {
    ...ctx,
    actor,
    audit: (e) =>
      appendAudit(p.sql, {
        at: e.at ?? p.now(),
        actor: e.actor === undefined ? actor : e.actor,
        action: e.action,
        entity: e.entity === undefined ? entity : e.entity,
        entityId: e.entityId === undefined || e.entityId === null ? null : String(e.entityId),
        before: e.before ?? null,
        after: e.after ?? null
      }),
    nothingToAudit: () => {
      excused = true
    },
    get excused() {
      return excused
    }
  }
}

export type Dispatch = (
  channel: string,
  rawInput: unknown,
  ctx: CallContext
) => Promise<ApiResponse<unknown>>

/**
 * The one pipeline every transport goes through: the channel must exist, the
 * input must pass its zod schema, the caller must hold the channel's
 * permission, then the handler runs. Failures come back as typed payloads,
 * never as thrown exceptions across the boundary.
 *
 * A channel that declares an audit entity must leave at least one audit row
 * per successful call. When a handler wrote none (and did not say there was
 * nothing to audit), the pipeline writes a row naming the channel, so the
 * trail never misses the call, and then, with `unaudited: 'refuse'` (the
 * default, which tests run with), answers with an error so the gap is fixed;
 * the app runs with `'record'` and reports it through `onUnaudited`.
 */
export function createDispatcher(
  handlers: Handlers,
  pipeline: Pipeline & {
    onDenied?(d: Denial): void
    onError?(channel: string, err: unknown): void
    unaudited?: 'refuse' | 'record'
    onUnaudited?(channel: string): void
  }
): Dispatch {
  const hooks = pipeline
  return async (channel, rawInput, ctx) => {
    try {
      if (!isChannel(channel))
        throw new ApiError('not_found', `Unknown channel: ${channel.slice(0, 80)}`)
      const def = contract[channel]
      const reason = checkPermission(def.permission, ctx.session)
      if (reason) {
        hooks.onDenied?.({
          channel,
          permission: def.permission,
          reason,
          session: ctx.session,
          clientId: ctx.clientId
        })
        throw new ApiError(reason, DENIAL_MESSAGES[reason], { channel, permission: def.permission })
      }
      if (
        ctx.session?.mustChangePassword &&
        def.permission !== 'public' &&
        !PASSWORD_CHANGE_CHANNELS.has(channel)
      )
        throw new ApiError('forbidden', 'Change your password first.', {
          reason: 'password_change_required',
          channel
        })
      const text = normalizeInput(rawInput ?? {})
      if (!text.ok)
        throw new ApiError(
          'invalid_input',
          text.reason === 'lone_surrogate'
            ? `Invalid text in ${text.path}: not valid Unicode`
            : `Input for ${channel} is nested too deeply`,
          { reason: text.reason, path: text.path }
        )
      const parsed = (def.input as z.ZodType).safeParse(text.value)
      if (!parsed.success) {
        throw new ApiError('invalid_input', `Invalid input for ${channel}`, parsed.error.issues)
      }
      const handler = handlers[channel] as (input: unknown, ctx: HandlerContext) => unknown
      const hctx = handlerContext(ctx, pipeline, def.audit)
      const call = countAuditRows(() => handler(parsed.data, hctx))
      const result = await call.result
      if (typeof def.audit === 'string' && call.rows() === 0 && !hctx.excused) {
        await hctx.audit({ action: channel, after: { unaudited: true } })
        hooks.onUnaudited?.(channel)
        if ((pipeline.unaudited ?? 'refuse') === 'refuse')
          throw new ApiError(
            'internal',
            `${channel} declares audit '${def.audit}' but its handler wrote no audit row`
          )
      }
      return { ok: true, result: result === undefined ? null : result }
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, error: err.toPayload() }
      hooks.onError?.(channel, err)
      return {
        ok: false,
        error: { code: 'internal', message: err instanceof Error ? err.message : String(err) }
      }
    }
  }
}
