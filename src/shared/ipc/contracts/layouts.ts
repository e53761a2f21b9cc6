import { z } from 'zod'
import { channel } from '../channel'
import { deleteById, rowId } from '../schemas'
import { MAX_GRID, type WallLayout } from '../../domain/layout'

const cell = z
  .object({
    x: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRID - 1),
    y: z
      .number()
      .int()
      .min(0)
      .max(MAX_GRID - 1),
    w: z.number().int().min(1).max(MAX_GRID),
    h: z.number().int().min(1).max(MAX_GRID)
  })
  .strict()

export const layoutInput = z
  .object({
    name: z.string().trim().min(1).max(80),
    cols: z.number().int().min(1).max(MAX_GRID),
    rows: z.number().int().min(1).max(MAX_GRID),
    cells: z
      .array(cell)
      .min(1)
      .max(MAX_GRID * MAX_GRID),
    cameraIds: z.array(z.number().int().positive().nullable()).max(MAX_GRID * MAX_GRID)
  })
  .strict()

/**
 * A workstation's id: made once by the renderer and kept in its local
 * storage, so each desk of the room can open its wall on its own layout.
 */
export const workstationId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/)

export const layoutsContract = {
  /**
   * Saved wall layouts, the default first. `isDefault` marks the layout this
   * workstation opens with: its own choice, else the room-wide default.
   */
  'layouts:list': channel<WallLayout[]>()({
    input: z.object({ workstationId: workstationId.optional() }).strict(),
    permission: 'watch'
  }),
  /** Create (no id) or replace a layout. Refused if the cells do not tile the grid. */
  'layouts:save': channel<WallLayout>()({
    input: z.object({ id: rowId.optional(), layout: layoutInput }).strict(),
    permission: 'layout.edit',
    audit: 'layout'
  }),
  /** Delete a saved layout (the room default cannot be deleted). */
  'layouts:delete': deleteById('layout.edit', 'layout'),
  /**
   * Make a layout the one the wall opens with: for one workstation when
   * `workstationId` is given (`id: null` clears its choice), else for the room.
   */
  'layouts:setDefault': channel<null>()({
    input: z
      .object({
        id: z.number().int().positive().nullable(),
        workstationId: workstationId.optional()
      })
      .strict()
      .refine((v) => v.id !== null || v.workstationId !== undefined, {
        message: 'Only a workstation choice can be cleared'
      }),
    permission: 'layout.edit',
    audit: 'layout'
  })
}
