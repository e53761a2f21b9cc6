import type { z } from 'zod'
import type { Permission } from '../auth/roles'

/**
 * One API channel: the zod schema its input must pass in main, the
 * permission a caller needs, and (as a phantom type) what it returns.
 */
export type ChannelDef<I extends z.ZodType = z.ZodType, O = unknown> = {
  readonly input: I
  readonly permission: Permission
  /**
   * Largest request body host mode reads for this channel (bytes); channels
   * that carry files say so, every other one gets the small default.
   */
  readonly maxBodyBytes?: number
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
    maxBodyBytes?: number
  }): ChannelDef<I, O> => def
}
