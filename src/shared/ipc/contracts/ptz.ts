import { z } from 'zod'
import { channel } from '../channel'
import type { PtzPreset, PtzState } from '../../domain/ptz'

export const cameraId = z.number().int().positive()
const velocity = z.number().finite().min(-1).max(1)
export const presetToken = z.string().trim().min(1).max(64)
const presetName = z.string().trim().min(1).max(40)
const oneCamera = z.object({ cameraId }).strict()
/** Steering is not audited move by move: the session's moves go into its ptz.release row. */
const steering = {
  permission: 'ptz.control',
  audit: { none: 'moves are counted into the ptz.release row; taking the dome is audited' }
} as const
export const ptzContract = {
  /** Who holds the dome, and what the caller may do about it. */
  'ptz:state': channel<PtzState>()({
    input: oneCamera,
    permission: 'watch'
  }),
  /** Take control of a free dome, or with `takeOver` from a lower role. Refused with `conflict` (details.holder). */
  'ptz:take': channel<PtzState>()({
    input: z.object({ cameraId, takeOver: z.boolean().default(false) }).strict(),
    permission: 'ptz.control',
    audit: { none: 'the PTZ service audits each change of hands (ptz.take, ptz.takeover)' }
  }),
  'ptz:release': channel<null>()({
    input: oneCamera,
    permission: 'ptz.control',
    audit: { none: 'the PTZ service audits the release with the moves made (ptz.release)' }
  }),
  /**
   * Continuous move while a control is held. The client repeats it every
   * PTZ_RENEW_MS; a move not repeated within PTZ_DEADMAN_MS is stopped by main.
   */
  'ptz:move': channel<null>()({
    input: z.object({ cameraId, pan: velocity, tilt: velocity, zoom: velocity }).strict(),
    ...steering
  }),
  'ptz:stop': channel<null>()({
    input: oneCamera,
    ...steering
  }),
  'ptz:home': channel<null>()({
    input: oneCamera,
    ...steering
  }),
  'ptz:presets': channel<PtzPreset[]>()({
    input: oneCamera,
    permission: 'watch'
  }),
  'ptz:gotoPreset': channel<null>()({
    input: z.object({ cameraId, token: presetToken }).strict(),
    ...steering
  }),
  /** Save the dome's current position as a preset (technicians). */
  'ptz:savePreset': channel<PtzPreset>()({
    input: z.object({ cameraId, name: presetName }).strict(),
    permission: 'registry.edit',
    audit: 'camera'
  }),
  'ptz:renamePreset': channel<PtzPreset>()({
    input: z.object({ cameraId, token: presetToken, name: presetName }).strict(),
    permission: 'registry.edit',
    audit: 'camera'
  }),
  'ptz:deletePreset': channel<null>()({
    input: z.object({ cameraId, token: presetToken }).strict(),
    permission: 'registry.edit',
    audit: 'camera'
  })
} as const
