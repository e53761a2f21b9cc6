import { z } from 'zod'
import { channel } from '../channel'
import type { WallLayout } from '../../domain/layout'

const cell = z
  .object({
    x: z.number().int().min(0).max(11),
    y: z.number().int().min(0).max(11),
    w: z.number().int().min(1).max(12),
    h: z.number().int().min(1).max(12)
  })
  .strict()

export const layoutInput = z
  .object({
    name: z.string().trim().min(1).max(80),
    cols: z.number().int().min(1).max(12),
    rows: z.number().int().min(1).max(12),
    cells: z.array(cell).min(1).max(144),
    cameraIds: z.array(z.number().int().positive().nullable()).max(144)
  })
  .strict()

export const layoutsContract = {
  /** Saved wall layouts, the workstation default first. */
  'layouts:list': channel<WallLayout[]>()({ input: z.object({}).strict(), permission: 'watch' }),
  /** Create (no id) or replace a layout. */
  'layouts:save': channel<WallLayout>()({
    input: z.object({ id: z.number().int().positive().optional(), layout: layoutInput }).strict(),
    permission: 'layout.edit'
  }),
  /** Delete a saved layout. */
  'layouts:delete': channel<null>()({
    input: z.object({ id: z.number().int().positive() }).strict(),
    permission: 'layout.edit'
  }),
  /** Make a layout the one the wall opens with. */
  'layouts:setDefault': channel<null>()({
    input: z.object({ id: z.number().int().positive() }).strict(),
    permission: 'layout.edit'
  })
}
