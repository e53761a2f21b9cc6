/**
 * One rejected row of an import. `line` is the 1-based line of the file
 * (the header is line 1); for GeoJSON it is the 1-based feature index.
 */
export type ImportRowError = {
  line: number
  column: string | null
  /** stable machine code, translated by the UI (e.g. `required`, `out_of_range`) */
  code: string
  /** English explanation with the offending value */
  message: string
}

/** What an import would do (preview) or did (commit). */
export type ImportSummary = {
  kind: 'cameras' | 'roads' | 'sightings'
  total: number
  added: number
  updated: number
  rejected: number
  errors: ImportRowError[]
  /** columns/properties in the file that WatchRoom does not know; reported, not fatal */
  unknownColumns: string[]
  /** detected text encoding of the file */
  encoding?: string
  /** cameras: rows that match a registered camera and change nothing */
  unchanged?: number
  /** cameras: per updated camera, each field that changes (old → new) */
  changes?: CameraImportChange[]
  /** cameras: the WatchRoom columns the file carries (the others are kept as they are) */
  columns?: string[]
}

/** The camera fields a re-import can change, in cameras.csv column order. */
export const CAMERA_IMPORT_FIELDS = [
  'name',
  'lat',
  'lng',
  'headingDeg',
  'fovDeg',
  'anpr',
  'streamUrl',
  'subStreamUrl',
  'block',
  'community',
  'kind',
  'owner',
  'notes',
  'archived'
] as const
export type CameraImportField = (typeof CAMERA_IMPORT_FIELDS)[number]

/** One field a re-import changes on one camera. */
export type FieldChange = {
  field: CameraImportField
  from: string | number | boolean | null
  to: string | number | boolean | null
}

/** What a cameras.csv import does to one registered camera. */
export type CameraImportChange = {
  code: string
  name: string
  changes: FieldChange[]
  /** its live stream is running now (online or degraded): a changed stream URL interrupts it */
  live: boolean
}

/** The last cameras import and whether it can still be undone (and if not, why). */
export type LastImport = {
  auditId: number
  at: number
  actor: string | null
  fileName: string
  added: number
  updated: number
  undone: boolean
  /** codes of cameras changed by someone after the import: undoing would overwrite them */
  changedSince: string[]
}

/**
 * Where a large import is: the file going up in chunks, then (on the
 * database worker) read and validated, compared with the registry, written.
 */
export type ImportPhase = 'upload' | 'parse' | 'check' | 'write' | 'done'

/** Progress of one uploaded import; `fraction` is of the current phase (0..1). */
export type ImportProgress = { phase: ImportPhase; fraction: number }
