import { z } from 'zod'
import { channel } from '../channel'
import { byId } from '../schemas'
import { CAMERA_OWNERS, CAMERA_STATUSES, type Camera } from '../../domain/camera'
import { CAMERA_LIMITS, type CameraReferences, type RemoveResult } from '../../domain/registry'
import type { LiveFailure } from '../../domain/live'
import type { StreamVariant } from '../../domain/stream'

/** A camera with the live stream variants the renderer may play. */
/**
 * A camera as the renderer gets it: playable stream URLs, and for a camera
 * main ingests, why its stream is not playing right now (null when it plays
 * or nobody is watching it).
 */
export type CameraView = Camera & { streams: StreamVariant[]; statusReason?: LiveFailure | null }

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

// they end up percent-encoded in a URL on an ffmpeg command line: no control characters
const printable = (max: number) =>
  z
    .string()
    .max(max)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^\u0000-\u001f\u007f]*$/)

export const camerasContract = {
  /** All cameras (archived ones only on request), with playable stream URLs. */
  'cameras:list': channel<CameraView[]>()({
    input: z.object({ includeArchived: z.boolean().optional() }).strict(),
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
    permission: 'registry.edit',
    audit: 'camera'
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
    permission: 'registry.edit',
    audit: 'camera'
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
    permission: 'registry.edit',
    audit: 'camera'
  }),
  /**
   * Take cameras out of service. `archive` keeps every row; `delete` removes
   * only cameras nothing references (incidents, recordings, sightings…) and
   * archives the rest.
   */
  'cameras:remove': channel<RemoveResult>()({
    input: z.object({ ids, mode: z.enum(['archive', 'delete']) }).strict(),
    permission: 'registry.edit',
    audit: 'camera'
  }),
  /** Bring archived cameras back. */
  'cameras:restore': channel<{ restored: number }>()({
    input: z.object({ ids }).strict(),
    permission: 'registry.edit',
    audit: 'camera'
  }),
  /** What still references a camera (table → row count), for the archive confirmation. */
  'cameras:references': channel<CameraReferences>()({
    input: byId,
    permission: 'watch'
  }),
  /**
   * Set or clear the user name and password of a camera's streams. Without
   * `password` the stored one stays; null or '' clears it. The password is
   * sealed in main and never returned: cameras show only whether one is set.
   */
  'cameras:setCredentials': channel<Camera>()({
    input: z
      .object({
        id: z.number().int().positive(),
        user: printable(128).nullable(),
        password: printable(256).nullable().optional()
      })
      .strict(),
    permission: 'registry.edit',
    audit: 'camera'
  })
}
