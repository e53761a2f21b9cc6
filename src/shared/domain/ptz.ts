import type { Role } from '../auth/roles'

/** Continuous-move velocities, each -1…1 (zoom: + is in). */
export type PtzVector = { pan: number; tilt: number; zoom: number }

/** Who steers a dome right now. */
export type PtzHolder = { username: string; displayName: string; role: Role; since: number }

/** A dome's control state as every viewer sees it. */
export type PtzState = {
  cameraId: number
  holder: PtzHolder | null
  /** the caller holds it */
  mine: boolean
  /** the caller may take it from the holder (a higher role) */
  canTakeOver: boolean
  /** idle seconds after which control is released */
  idleReleaseS: number
}

export type PtzPreset = { token: string; name: string }
