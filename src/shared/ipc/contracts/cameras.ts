import { z } from 'zod'
import { channel } from '../channel'
import type { Camera } from '../../domain/camera'
import type { Road } from '../../domain/road'
import type { LiveFailure } from '../../domain/live'
import type { StreamVariant } from '../../domain/stream'
import type { ImportSummary } from '../../domain/import'

/** A camera with the live stream variants the renderer may play. */
/**
 * A camera as the renderer gets it: playable stream URLs, and for a camera
 * main ingests, why its stream is not playing right now (null when it plays
 * or nobody is watching it).
 */
export type CameraView = Camera & { streams: StreamVariant[]; statusReason?: LiveFailure | null }

/** Files travel as base64 so the same schema works over IPC and HTTP. */
const MAX_IMPORT_BYTES = 200 * 1024 * 1024

export const camerasContract = {
  /** All cameras (archived ones only on request), with playable stream URLs. */
  'cameras:list': channel<CameraView[]>()({
    input: z.object({ includeArchived: z.boolean().optional() }).strict(),
    permission: 'watch'
  }),
  /** All roads of the site map. */
  'roads:list': channel<Road[]>()({ input: z.object({}).strict(), permission: 'watch' }),
  /**
   * Import cameras (CSV) or roads (GeoJSON). With `dryRun` nothing is written
   * and the summary previews what would be added, updated and rejected. A file
   * with any bad row is refused whole (`import_rejected`, rows in details).
   */
  'registry:import': channel<ImportSummary>()({
    input: z
      .object({
        kind: z.enum(['cameras', 'roads']),
        fileName: z.string().max(260),
        contentBase64: z.string().max(Math.ceil(MAX_IMPORT_BYTES / 3) * 4),
        dryRun: z.boolean(),
        /** cameras: an empty cell clears the registered value instead of keeping it */
        blankErases: z.boolean().optional()
      })
      .strict(),
    permission: 'registry.edit',
    maxBodyBytes: Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 4096
  })
}
