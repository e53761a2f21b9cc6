/** Whether a camera is recorded. */
export const RECORDING_MODES = ['off', 'continuous'] as const
export type RecordingMode = (typeof RECORDING_MODES)[number]

/** Days of footage kept when a camera has no setting of its own. */
export const DEFAULT_RETENTION_DAYS = 30
/** Global disk quota of the recording store when none is configured (bytes). */
export const DEFAULT_QUOTA_BYTES = 20 * 1024 ** 3

/** A camera's recording setting (cameras without a row are off, 30 days). */
export type RecordingSetting = {
  cameraId: number
  mode: RecordingMode
  retentionDays: number
  updatedAt: number | null
  updatedBy: string | null
}

/** What the recorder is doing for one camera right now. */
export type RecorderState = 'off' | 'starting' | 'recording' | 'waiting' | 'unsupported'

export type RecordingCameraStatus = RecordingSetting & {
  state: RecorderState
  /** end of the newest indexed segment */
  lastSegmentEnd: number | null
  /** last failure of the source, English, for the technician */
  lastError: string | null
}

export type RecordingOverview = {
  quotaBytes: number
  usedBytes: number
  cameras: RecordingCameraStatus[]
}

/** A stretch of continuous footage, epoch ms. */
export type TimeRange = { from: number; to: number }

export type CameraAvailability = { cameraId: number; ranges: TimeRange[] }

/** A note at a moment of the playback timeline. */
export type Bookmark = {
  id: number
  at: number
  note: string
  cameraIds: number[]
  createdAt: number
  createdBy: string | null
}

export type EvidenceLock = {
  id: number
  cameraId: number
  from: number
  to: number
  reason: string
  exportId: number | null
  createdAt: number
  createdBy: string | null
}

/** One camera's recorded footage in a playback window. */
export type PlaybackSource = {
  cameraId: number
  /** VOD playlist URL (under the media base), or null without footage in the window */
  url: string | null
  from: number
  to: number
  /** footage inside [from, to] */
  ranges: TimeRange[]
}

export const EXPORT_STATUSES = ['running', 'done', 'failed', 'cancelled'] as const
export type ExportStatus = (typeof EXPORT_STATUSES)[number]

/** A file of an evidence package, as listed in its manifest. */
export type ExportFile = {
  name: string
  kind: 'video' | 'snapshot' | 'manifest'
  cameraId: number | null
  cameraCode: string | null
  bytes: number
  /** hex SHA-256 of the file's bytes */
  sha256: string
  /** where the renderer can download it (under the media base) */
  url: string
}

export type ExportJob = {
  id: number
  from: number
  to: number
  cameraIds: number[]
  status: ExportStatus
  /** 0..1 */
  progress: number
  files: ExportFile[]
  /** every file and the manifest as one .zip download; null until the export is done */
  zip: { name: string; url: string } | null
  manifestSha256: string | null
  error: string | null
  createdAt: number
  createdBy: string | null
  finishedAt: number | null
}

/** manifest.json of an evidence package. */
export type ExportManifest = {
  format: 'watchroom-evidence/1'
  exportId: number
  exporter: { username: string | null; displayName: string | null }
  /** room time with its offset, like every time in the manifest */
  exportedAt: string
  /** the room's IANA zone (see DEFAULT_ROOM_ZONE) */
  timeZone: string
  range: { from: string; to: string; fromMs: number; toMs: number }
  cameras: { id: number; code: string; name: string }[]
  files: {
    name: string
    kind: 'video' | 'snapshot'
    cameraCode: string | null
    bytes: number
    sha256: string
    from?: string
    to?: string
    segments?: number
    gaps?: TimeRange[]
  }[]
  /** files asked for that could not be made (the rest of the export stands) */
  missing?: { kind: 'snapshot'; cameraCode: string; at: string; reason: string }[]
}
