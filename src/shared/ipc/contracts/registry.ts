import { z } from 'zod'
import { channel } from '../channel'
import type { Block, CameraGroup, Community } from '../../domain/registry'
import type { ImportSummary, LastImport } from '../../domain/import'

/** Files travel as base64 so the same schema works over IPC and HTTP. */
const MAX_IMPORT_BYTES = 200 * 1024 * 1024

export type RegistryTaxonomy = { blocks: Block[]; communities: Community[]; groups: CameraGroup[] }
export type RegistryExport = { fileName: string; mime: string; content: string; count: number }

export const registryContract = {
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
    audit: 'cameras',
    maxBodyBytes: Math.ceil(MAX_IMPORT_BYTES / 3) * 4 + 4096
  }),
  /** The newest cameras import and whether it can be undone. */
  'registry:lastImport': channel<LastImport | null>()({
    input: z.object({}).strict(),
    permission: 'registry.edit'
  }),
  /**
   * Undo the newest cameras import in one transaction (updated cameras get
   * their old fields back, added ones go). `conflict` when already undone or
   * when a camera it touched was edited since (codes in details).
   */
  'registry:undoImport': channel<{ restored: number; removed: number; archived: number }>()({
    input: z.object({ auditId: z.number().int().positive() }).strict(),
    permission: 'registry.edit',
    audit: 'cameras'
  }),
  /** Blocks, communities and camera groups (with members) for filters and the tree. */
  'registry:taxonomy': channel<RegistryTaxonomy>()({
    input: z.object({}).strict(),
    permission: 'watch'
  }),
  /** The registry as a file: cameras.csv (formula cells neutralised), roads or cameras GeoJSON. Audited. */
  'registry:export': channel<RegistryExport>()({
    input: z
      .object({
        what: z.enum(['cameras-csv', 'cameras-geojson', 'roads-geojson']),
        includeArchived: z.boolean().optional()
      })
      .strict(),
    permission: 'registry.edit',
    audit: 'cameras'
  })
}
