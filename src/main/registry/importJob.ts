import { readFileSync } from 'node:fs'
import type { Sql } from '../db/sql'
import type { ImportProgress, ImportSummary } from '../../shared/domain/import'
import { parseCamerasCsv } from './io/camerasCsv'
import { parseRoadsGeoJson } from './io/roadsGeojson'
import { importCamerasAudited, importRoadsAudited } from './service'
import { createKeyFileSecretBox } from '../security/secretBox'

/**
 * One registry import as the database worker's writer runs it: read the
 * uploaded file, parse and validate it, then preview or commit it
 * all-or-nothing. Plain data in and out (it crosses a thread boundary).
 */
export type ImportJob = {
  kind: 'cameras' | 'roads'
  /** the file an upload wrote, or (small single-call imports) the bytes themselves */
  source: { path: string } | { bytes: Uint8Array }
  fileName: string
  dryRun: boolean
  blankErases?: boolean
  actor: string | null
  now: number
  /**
   * where the room's secrets key file is: passwords in stream URLs are sealed with it (a worker
   * thread cannot reach the desktop's keychain; the desktop's box opens key-file seals too)
   */
  secretsDir?: string
}

export function runImportJob(
  sql: Sql,
  job: ImportJob,
  onProgress: (p: ImportProgress) => void = () => undefined
): Promise<ImportSummary> {
  const bytes = 'path' in job.source ? readFileSync(job.source.path) : job.source.bytes
  onProgress({ phase: 'parse', fraction: 0 })
  const opts = {
    dryRun: job.dryRun,
    actor: job.actor,
    now: job.now,
    fileName: job.fileName,
    blankErases: job.blankErases,
    secrets: job.secretsDir ? createKeyFileSecretBox(job.secretsDir) : undefined,
    onProgress
  }
  if (job.kind === 'cameras') {
    const parsed = parseCamerasCsv(bytes, {
      onProgress: (fraction) => onProgress({ phase: 'parse', fraction })
    })
    onProgress({ phase: 'check', fraction: 0 })
    return importCamerasAudited(sql, parsed, opts)
  }
  const parsed = parseRoadsGeoJson(bytes)
  onProgress({ phase: 'check', fraction: 0 })
  return importRoadsAudited(sql, parsed, opts)
}
