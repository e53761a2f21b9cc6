import { z } from 'zod'
import { channel } from '../channel'
import { deleteById } from '../schemas'
import type { CameraGroup } from '../../domain/registry'

/** Camera groups: named sets of cameras for the tree, filters and bulk edits. */
export const groupsContract = {
  /** A new, empty camera group. */
  'groups:create': channel<CameraGroup>()({
    input: z
      .object({
        name: z.string().trim().max(100).min(1),
        color: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/)
          .nullable()
          .optional()
      })
      .strict(),
    permission: 'registry.edit',
    audit: 'group'
  }),
  /** Delete a group (its cameras stay). */
  'groups:delete': deleteById('registry.edit', 'group')
}
