import { z } from 'zod'
import { channel } from '../channel'
import { CAMERA_OWNERS, CAMERA_STATUSES, type Camera } from '../../domain/camera'
import {
  CAMERA_LIMITS,
  type Block,
  type CameraGroup,
  type CameraReferences,
  type Community,
  type RemoveResult
} from '../../domain/registry'
import type { LastImport } from '../../domain/import'

const text = (max: number) => z.string().trim().max(max)
const optText = (max: number) => text(max).nullable().optional()
const finite = z.number().finite()

/** The editable camera fields; main re-checks them with `cameraFieldErrors`. */
const cameraPatch = z
  .object({
    name: text(CAMERA_LIMITS.name).min(1).optional(),
    lat: finite.min(-90).max(90).optional(),
    lng: finite.min(-180).max(180).optional(),
    headingDeg: finite.min(0).max(360).nullable().optional(),
    fovDeg: finite.gt(0).max(360).nullable().optional(),
    anpr: z.boolean().optional(),
    streamUrl: optText(CAMERA_LIMITS.url),
    subStreamUrl: optText(CAMERA_LIMITS.url),
    block: optText(CAMERA_LIMITS.block),
    community: optText(CAMERA_LIMITS.community),
    kind: optText(CAMERA_LIMITS.kind),
    owner: z.enum(CAMERA_OWNERS).nullable().optional(),
    notes: optText(CAMERA_LIMITS.notes)
  })
  .strict()

const ids = z.array(z.number().int().positive()).min(1).max(20_000)

export type RegistryTaxonomy = { blocks: Block[]; communities: Community[]; groups: CameraGroup[] }
export type RegistryExport = { fileName: string; mime: string; content: string; count: number }

export const registryContract = {
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
    permission: 'registry.edit'
  }),
  /** Blocks, communities and camera groups (with members) for filters and the tree. */
  'registry:taxonomy': channel<RegistryTaxonomy>()({
    input: z.object({}).strict(),
    permission: 'watch'
  }),
  /** Register one camera by hand (the edit drawer's "new camera"). */
  'cameras:create': channel<Camera>()({
    input: z
      .object({
        code: text(CAMERA_LIMITS.code).min(1),
        fields: cameraPatch.required({ name: true, lat: true, lng: true })
      })
      .strict(),
    permission: 'registry.edit'
  }),
  /**
   * Change some fields of a camera (drawer, map moves, undo/redo). With
   * `expectedUpdatedAt`, fails with `conflict` if someone changed it since.
   */
  'cameras:update': channel<Camera>()({
    input: z
      .object({
        id: z.number().int().positive(),
        patch: cameraPatch,
        expectedUpdatedAt: z.number().int().optional()
      })
      .strict(),
    permission: 'registry.edit'
  }),
  /** Set block / community / status / group membership of many cameras in one transaction. */
  'cameras:bulkEdit': channel<{ updated: number }>()({
    input: z
      .object({
        ids,
        edit: z
          .object({
            block: optText(CAMERA_LIMITS.block),
            community: optText(CAMERA_LIMITS.community),
            status: z.enum(CAMERA_STATUSES).optional(),
            addToGroups: z.array(z.number().int().positive()).max(100).optional(),
            removeFromGroups: z.array(z.number().int().positive()).max(100).optional()
          })
          .strict()
      })
      .strict(),
    permission: 'registry.edit'
  }),
  /**
   * Take cameras out of service. `archive` keeps every row; `delete` removes
   * only cameras nothing references (incidents, recordings, sightings…) and
   * archives the rest.
   */
  'cameras:remove': channel<RemoveResult>()({
    input: z.object({ ids, mode: z.enum(['archive', 'delete']) }).strict(),
    permission: 'registry.edit'
  }),
  /** Bring archived cameras back. */
  'cameras:restore': channel<{ restored: number }>()({
    input: z.object({ ids }).strict(),
    permission: 'registry.edit'
  }),
  /** What still references a camera (table → row count), for the archive confirmation. */
  'cameras:references': channel<CameraReferences>()({
    input: z.object({ id: z.number().int().positive() }).strict(),
    permission: 'watch'
  }),
  /** A new, empty camera group. */
  'groups:create': channel<CameraGroup>()({
    input: z
      .object({
        name: text(100).min(1),
        color: z
          .string()
          .regex(/^#[0-9a-fA-F]{6}$/)
          .nullable()
          .optional()
      })
      .strict(),
    permission: 'registry.edit'
  }),
  /** Delete a group (its cameras stay). */
  'groups:delete': channel<null>()({
    input: z.object({ id: z.number().int().positive() }).strict(),
    permission: 'registry.edit'
  }),
  /** The registry as a file: cameras.csv (formula cells neutralised), roads or cameras GeoJSON. Audited. */
  'registry:export': channel<RegistryExport>()({
    input: z
      .object({
        what: z.enum(['cameras-csv', 'cameras-geojson', 'roads-geojson']),
        includeArchived: z.boolean().optional()
      })
      .strict(),
    permission: 'registry.edit'
  })
}
