import { z } from 'zod'
import { channel } from '../channel'
import { byId, epochMs } from '../schemas'
import type { ExportFile, ExportJob } from '../../domain/recording'

export const exportContract = {
  /**
   * Start an evidence export: one MP4 per camera (remuxed, never re-encoded),
   * optional PNG snapshots, and manifest.json with SHA-256 of every file. The
   * range gets an evidence lock. Progress arrives as `export:progress`.
   */
  'export:create': channel<ExportJob>()({
    input: z
      .object({
        cameraIds: z.array(z.number().int().positive()).min(1).max(16),
        from: epochMs,
        to: epochMs,
        /** moments to add a PNG snapshot of every camera at */
        snapshots: z.array(epochMs).max(16).default([])
      })
      .strict()
      .refine((r) => r.to > r.from && r.to - r.from <= 24 * 3_600_000, {
        message: 'invalid range (at most 24 h)'
      }),
    permission: 'export',
    audit: 'export'
  }),
  /** Stop a running export; its partial files are removed. */
  'export:cancel': channel<ExportJob>()({
    input: byId,
    permission: 'export',
    audit: { none: 'the export itself writes export.cancel when its run stops' }
  }),
  /** Recent exports, newest first. */
  'export:list': channel<ExportJob[]>()({
    input: z.object({ limit: z.number().int().min(1).max(200).default(20) }).strict(),
    permission: 'export'
  }),
  /** One PNG of a camera's recorded frame at a moment, hashed and audited. */
  'export:snapshot': channel<ExportFile>()({
    input: z.object({ cameraId: z.number().int().positive(), at: epochMs }).strict(),
    permission: 'export',
    audit: 'export'
  })
}
