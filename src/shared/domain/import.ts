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
}
