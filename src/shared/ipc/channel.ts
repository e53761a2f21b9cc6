import type { z } from 'zod'
import type { Permission } from '../auth/roles'

/** What the audit trail's rows are about (`entity` of a row). */
export type AuditEntity =
  | 'alarm'
  | 'alarmRule'
  | 'audit'
  | 'bookmark'
  | 'camera'
  | 'cameras'
  | 'duty_log'
  | 'export'
  | 'group'
  | 'incident'
  | 'layout'
  | 'lookup'
  | 'lookup_case'
  | 'plate'
  | 'room'
  | 'session'
  | 'settings'
  | 'shift'
  | 'sightings'
  | 'stats'
  | 'user'

/**
 * What a successful call leaves in the audit trail. An entity: the call
 * writes at least one row, and the dispatcher writes one naming the channel
 * when a handler forgot. `{ none: why }`: the call changes something (or
 * shows something) that the trail leaves out on purpose, or that another
 * place audits; the reason says which. Plain reads declare nothing
 * (tests/unit/shared/contractAudit.test.ts keeps the list).
 */
export type AuditDecl = AuditEntity | { readonly none: string }

/**
 * One API channel: the zod schema its input must pass in main, the
 * permission a caller needs, and (as a phantom type) what it returns.
 */
export type ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> = {
  readonly input: I
  readonly permission: Permission
  readonly audit?: AuditDecl
  /**
   * Largest request body host mode reads for this channel (bytes); channels
   * that carry files say so, every other one gets the small default.
   */
  readonly maxBodyBytes?: number
  /**
   * The input field (a Uint8Array) that host mode may receive as the raw
   * request body (application/octet-stream, the other fields as JSON in the
   * X-WatchRoom-Input header), so file bytes are streamed in, not parsed
   * out of JSON and base64 on the main thread. IPC passes the bytes as they are.
   */
  readonly rawBody?: string
  /** Never set at run time; carries the output type. */
  readonly __output?: O
}

/**
 * Declares a channel: `channel<Output>()({ input, permission })`. The two
 * calls let TypeScript infer the input schema while the output is written.
 */
export function channel<O>() {
  return <I extends z.ZodType>(def: {
    input: I
    permission: Permission
    audit?: AuditDecl
    maxBodyBytes?: number
    rawBody?: string
  }): ChannelDef<I, O> => def
}
