/** Whether a camera belongs to the city or is a business's shared feed. */
export const CAMERA_OWNERS = ['public', 'social'] as const
export type CameraOwner = (typeof CAMERA_OWNERS)[number]

/** Health of a camera's stream as last probed by main. */
export const CAMERA_STATUSES = ['unknown', 'online', 'degraded', 'offline'] as const
export type CameraStatus = (typeof CAMERA_STATUSES)[number]

/**
 * The columns of cameras.csv (DESIGN.md, "Interchange formats"): what an
 * import row carries once parsed and validated.
 */
export type CameraFields = {
  code: string
  name: string
  lat: number
  lng: number
  /** 0 = north, clockwise, degrees */
  headingDeg: number | null
  fovDeg: number | null
  /** reads plates */
  anpr: boolean
  /** main stream: http(s) HLS, rtsp://, or demo:// for the built-in source; never with a password */
  streamUrl: string | null
  subStreamUrl: string | null
  block: string | null
  community: string | null
  kind: string | null
  owner: CameraOwner | null
  notes: string | null
}

/** A registered camera as stored. Times are UTC epoch milliseconds. */
export type Camera = CameraFields & {
  id: number
  status: CameraStatus
  lastSeenAt: number | null
  archived: boolean
  createdAt: number
  updatedAt: number
  createdBy: string | null
  updatedBy: string | null
  /**
   * user name for the camera's streams (RTSP/RTMP); sent to technicians and
   * admins only (null for everyone else)
   */
  streamUser: string | null
  /** a stream password is stored (sealed in main); the password itself never leaves main */
  streamPasswordSet: boolean
}
