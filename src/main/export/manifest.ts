/**
 * What an evidence export hands over besides the footage: the names of its
 * files (room time, so they sort and read as the room's clock) and
 * manifest.json, which lists every file with its SHA-256, the cameras, the
 * range, who exported and when.
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { roomIso, roomStamp } from '../../shared/domain/roomTime'
import type { Camera } from '../../shared/domain/camera'
import type { ExportManifest, TimeRange } from '../../shared/domain/recording'

/** The one-download name of a whole export: room time like its files, the id so two exports of a range differ. */
export function zipName(id: number, range: TimeRange, timeZone: string): string {
  return `evidence-${id}_${roomStamp(range.from, timeZone)}_${roomStamp(range.to, timeZone)}.zip`
}

/** The export's folder name: when it was made (UTC, compact) and a random tail. */
export function exportDirName(at: number, random: string): string {
  const stamp = new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
  return `${stamp}-${random}`
}

/** A camera code as a file name part: anything but letters, digits, _ and - becomes _. */
export function safeCode(code: string): string {
  return code.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) || 'camera'
}

export const clipName = (code: string, range: TimeRange, timeZone: string): string =>
  `${safeCode(code)}_${roomStamp(range.from, timeZone)}_${roomStamp(range.to, timeZone)}.mp4`

export const snapshotName = (code: string, at: number, timeZone: string): string =>
  `${safeCode(code)}_${roomStamp(at, timeZone)}.png`

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256')
  await new Promise<void>((resolve, reject) => {
    createReadStream(file)
      .on('data', (c) => hash.update(c))
      .on('end', () => resolve())
      .on('error', reject)
  })
  return hash.digest('hex')
}

/** The manifest of a finished export; files and missing snapshots in a stable order. */
export function buildManifest(m: {
  exportId: number
  exporter: { username: string; displayName: string } | null
  exportedAt: number
  timeZone: string
  range: TimeRange
  cameras: readonly Pick<Camera, 'id' | 'code' | 'name'>[]
  files: ExportManifest['files']
  missing: NonNullable<ExportManifest['missing']>
}): ExportManifest {
  const iso = (ms: number) => roomIso(ms, m.timeZone)
  return {
    format: 'watchroom-evidence/1',
    exportId: m.exportId,
    exporter: {
      username: m.exporter?.username ?? null,
      displayName: m.exporter?.displayName ?? null
    },
    exportedAt: iso(m.exportedAt),
    timeZone: m.timeZone,
    range: {
      from: iso(m.range.from),
      to: iso(m.range.to),
      fromMs: m.range.from,
      toMs: m.range.to
    },
    cameras: m.cameras.map((c) => ({ id: c.id, code: c.code, name: c.name })),
    files: [...m.files].sort((a, b) => a.name.localeCompare(b.name)),
    ...(m.missing.length
      ? { missing: [...m.missing].sort((a, b) => a.at.localeCompare(b.at)) }
      : {})
  }
}
