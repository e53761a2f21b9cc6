import { z } from 'zod'
import { channel } from '../channel'
import { workstationId } from './layouts'

/** How a window was opened: by the desktop shell, or a URL for the browser to open. */
export type WindowOpenResult = { kind: 'opened' } | { kind: 'url'; url: string }

export const windowContract = {
  /**
   * Open another wall window showing a layout. The desktop app opens it on
   * the next display; host mode returns the URL for the browser to open.
   * Each window keeps its own layout under its `windowId`.
   */
  'window:open': channel<WindowOpenResult>()({
    input: z
      .object({
        windowId: workstationId,
        layoutId: z.number().int().positive().optional()
      })
      .strict(),
    permission: 'watch',
    audit: { none: 'opens a window on this workstation' }
  })
}
