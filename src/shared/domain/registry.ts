import type { CameraFields, CameraStatus } from './camera'

/** A patrol block (片区). */
export type Block = { id: number; name: string; cameraCount: number }

/** A community (社区), with the block most of its cameras are in. */
export type Community = { id: number; name: string; blockId: number | null; cameraCount: number }

/** A user-defined set of cameras, e.g. "金城路沿线" or "大润发商圈". */
export type CameraGroup = { id: number; name: string; color: string | null; cameraIds: number[] }

/** The editable fields of a camera: everything of cameras.csv but the code, which sightings reference. */
export type CameraPatch = Partial<Omit<CameraFields, 'code'>>

/** One change of probed stream health. */
export type StatusChange = {
  id: number
  cameraId: number
  at: number
  status: CameraStatus
  previous: CameraStatus | null
  detail: string | null
}

/** Where a camera is still referenced (table → rows); a referenced camera is archived, never deleted. */
export type CameraReferences = Record<string, number>

/** The outcome of removing cameras: referenced ones are archived, the others deleted. */
export type RemoveResult = { deleted: number[]; archived: number[] }

/** What "bulk edit" may set on many cameras at once; `undefined` leaves a field alone. */
export type BulkEdit = {
  block?: string | null
  community?: string | null
  status?: CameraStatus
  /** add the cameras to these groups */
  addToGroups?: number[]
  /** remove the cameras from these groups */
  removeFromGroups?: number[]
}

/** Stable codes of camera field validation; the UI translates them (registry.validation.*). */
export const CAMERA_FIELD_ERRORS = [
  'required',
  'too_long',
  'invalid_number',
  'lat_range',
  'lng_range',
  'heading_range',
  'fov_range',
  'invalid_url',
  'invalid_code',
  'invalid_owner'
] as const
export type CameraFieldError = (typeof CAMERA_FIELD_ERRORS)[number]

export const CAMERA_LIMITS = {
  code: 64,
  name: 200,
  block: 100,
  community: 100,
  kind: 50,
  notes: 2000,
  url: 2048
} as const

const STREAM_SCHEMES = ['http:', 'https:', 'rtsp:', 'rtsps:', 'demo:']

/** http(s) HLS, rtsp(s), or demo:// — with a host and no whitespace (it ends up on an ffmpeg command line). */
export function isCameraStreamUrl(raw: string): boolean {
  if (raw.length === 0 || raw.length > CAMERA_LIMITS.url) return false
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(raw) || !/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(raw))
    return false
  try {
    const u = new URL(raw)
    return STREAM_SCHEMES.includes(u.protocol) && u.hostname.length > 0
  } catch {
    return false
  }
}

/**
 * Field rules shared by the edit drawer (messages in the user's language)
 * and main (which refuses what breaks them). Only the fields present are checked.
 */
export function cameraFieldErrors(
  p: CameraPatch & { code?: string }
): Partial<Record<keyof CameraFields, CameraFieldError>> {
  const out: Partial<Record<keyof CameraFields, CameraFieldError>> = {}
  const text = (k: 'name' | 'block' | 'community' | 'kind' | 'notes', required: boolean) => {
    const v = p[k]
    if (v === undefined) return
    if (v === null || v.trim() === '') {
      if (required) out[k] = 'required'
    } else if (v.length > CAMERA_LIMITS[k]) out[k] = 'too_long'
  }
  if (p.code !== undefined) {
    if (p.code.trim() === '') out.code = 'required'
    else if (p.code.length > CAMERA_LIMITS.code) out.code = 'too_long'
    else if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(p.code)) out.code = 'invalid_code'
  }
  text('name', true)
  text('block', false)
  text('community', false)
  text('kind', false)
  text('notes', false)
  const num = (
    k: 'lat' | 'lng' | 'headingDeg' | 'fovDeg',
    ok: (n: number) => boolean,
    code: CameraFieldError,
    required: boolean
  ) => {
    const v = p[k]
    if (v === undefined) return
    if (v === null) {
      if (required) out[k] = 'required'
    } else if (!Number.isFinite(v)) out[k] = 'invalid_number'
    else if (!ok(v)) out[k] = code
  }
  num('lat', (n) => n >= -90 && n <= 90, 'lat_range', true)
  num('lng', (n) => n >= -180 && n <= 180, 'lng_range', true)
  num('headingDeg', (n) => n >= 0 && n <= 360, 'heading_range', false)
  num('fovDeg', (n) => n > 0 && n <= 360, 'fov_range', false)
  for (const k of ['streamUrl', 'subStreamUrl'] as const) {
    const v = p[k]
    if (v !== undefined && v !== null && v !== '' && !isCameraStreamUrl(v)) out[k] = 'invalid_url'
  }
  if (p.owner !== undefined && p.owner !== null && p.owner !== 'public' && p.owner !== 'social')
    out.owner = 'invalid_owner'
  return out
}
