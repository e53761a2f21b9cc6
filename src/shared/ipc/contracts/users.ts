import { z } from 'zod'
import { channel } from '../channel'
import { ROLES } from '../../auth/roles'
import type { User } from '../../domain/user'

/** At least 8 characters; the UI explains the rule. */
export const passwordSchema = z.string().min(8).max(256)

export const usersContract = {
  /** Every account (admin). */
  'users:list': channel<User[]>()({ input: z.object({}).strict(), permission: 'users.manage' }),
  /** Create an account (admin). */
  'users:create': channel<User>()({
    input: z
      .object({
        username: z
          .string()
          .trim()
          .min(2)
          .max(64)
          .regex(/^[\p{L}\p{N}._-]+$/u),
        displayName: z.string().trim().min(1).max(64),
        role: z.enum(ROLES),
        password: passwordSchema
      })
      .strict(),
    permission: 'users.manage',
    audit: 'user'
  }),
  /** Change an account's name, role or disabled flag (admin). */
  'users:update': channel<User>()({
    input: z
      .object({
        id: z.number().int().positive(),
        displayName: z.string().trim().min(1).max(64).optional(),
        role: z.enum(ROLES).optional(),
        disabled: z.boolean().optional()
      })
      .strict(),
    permission: 'users.manage',
    audit: 'user'
  }),
  /** Set another account's password (admin). */
  'users:resetPassword': channel<null>()({
    input: z.object({ id: z.number().int().positive(), password: passwordSchema }).strict(),
    permission: 'users.manage',
    audit: 'user'
  })
}
