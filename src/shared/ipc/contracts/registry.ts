import { z } from 'zod'
import { channel } from '../channel'
import type { Block, CameraGroup, Community } from '../../domain/registry'
import type { ImportProgress, ImportSummary, LastImport } from '../../domain/import'

/** Files travel as base64 so the same schema works over IPC and HTTP. */
const MAX_IMPORT_BYTES = 200 * 1024 * 1024
/**
 * Largest file one `registry:import` call carries. Decoding a bigger body
 * would hold the main thread (a 100 MB file once kept every other request
 * waiting 21 s): larger files go up in chunks (`registry:importBegin`).
 */
export const MAX_SINGLE_IMPORT_BYTES = 8 * 1024 * 1024
/** Bytes of one `registry:importChunk` (before base64). */
export const IMPORT_CHUNK_BYTES = 1024 * 1024
const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4
const uploadId = z.string().min(1).max(64)

/** Where an uploaded import is: bytes received, then the worker's phase. */
export type ImportUploadState = ImportProgress & { received: number; size: number }

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
        contentBase64: z.string().max(base64Length(MAX_SINGLE_IMPORT_BYTES)),
        dryRun: z.boolean(),
        /** cameras: an empty cell clears the registered value instead of keeping it */
        blankErases: z.boolean().optional()
      })
      .strict(),
    permission: 'registry.edit',
    audit: 'cameras',
    maxBodyBytes: base64Length(MAX_SINGLE_IMPORT_BYTES) + 4096
  }),
  /**
   * Starts a chunked import of a file up to 200 MB (what the import dialog
   * uses): send its bytes with `registry:importChunk`, then preview or commit
   * it with `registry:importRun` as often as needed. The upload belongs to
   * this session and is dropped after 30 idle minutes.
   */
  'registry:importBegin': channel<{ uploadId: string; chunkBytes: number }>()({
    input: z
      .object({
        kind: z.enum(['cameras', 'roads']),
        fileName: z.string().max(260),
        size: z.number().int().min(0).max(MAX_IMPORT_BYTES)
      })
      .strict(),
    permission: 'registry.edit',
    audit: {
      none: 'an upload only reserves a temporary file; the import it leads to is audited when committed'
    }
  }),
  /**
   * The next piece of an upload, in order (`offset` = bytes sent before it):
   * its bytes (`content`; in host mode the raw request body) or, for JSON
   * clients, `contentBase64`. Returns the bytes received so far.
   */
  'registry:importChunk': channel<{ received: number }>()({
    input: z
      .object({
        uploadId,
        offset: z.number().int().min(0).max(MAX_IMPORT_BYTES),
        content: z
          .instanceof(Uint8Array)
          .refine((b) => b.length >= 1 && b.length <= IMPORT_CHUNK_BYTES, {
            message: `a chunk holds 1 to ${IMPORT_CHUNK_BYTES} bytes`
          })
          .optional(),
        contentBase64: z.string().min(1).max(base64Length(IMPORT_CHUNK_BYTES)).optional()
      })
      .strict()
      .refine((c) => (c.content === undefined) !== (c.contentBase64 === undefined), {
        message: 'content or contentBase64, one of them'
      }),
    permission: 'registry.edit',
    audit: { none: 'bytes of an upload in a temporary file; the committed import is audited' },
    rawBody: 'content',
    maxBodyBytes: base64Length(IMPORT_CHUNK_BYTES) + 4096
  }),
  /**
   * Previews (`dryRun`) or commits a fully uploaded file, all-or-nothing, as
   * `registry:import` does; parsing, checking and writing run off the main
   * thread. A committed upload is gone afterwards.
   */
  'registry:importRun': channel<ImportSummary>()({
    input: z
      .object({ uploadId, dryRun: z.boolean(), blankErases: z.boolean().optional() })
      .strict(),
    permission: 'registry.edit',
    audit: 'cameras'
  }),
  /** How far an upload and its running preview or commit are. */
  'registry:importProgress': channel<ImportUploadState>()({
    input: z.object({ uploadId }).strict(),
    permission: 'registry.edit',
    audit: { none: 'reads how far an upload and its run are' }
  }),
  /** Drops an upload that will not be committed (its file is deleted). */
  'registry:importDiscard': channel<null>()({
    input: z.object({ uploadId }).strict(),
    permission: 'registry.edit',
    audit: { none: 'deletes an upload that was never committed; nothing in the registry changed' }
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
