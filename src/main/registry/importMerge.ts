import type { Camera, CameraFields } from '../../shared/domain/camera'
import { CAMERA_IMPORT_FIELDS, type FieldChange } from '../../shared/domain/import'
import { chineseNumeral } from '../../shared/domain/naturalOrder'
import { FIELD_OF_COLUMN, type CameraColumn } from './io/camerasCsv'

export type MergeRules = {
  /** the columns the file's header carries */
  columns: ReadonlySet<CameraColumn>
  /** an empty cell clears the field (asked for explicitly); otherwise it keeps what is registered */
  blankErases: boolean
}

/**
 * What a registered camera becomes after one import row: a column the file
 * does not carry keeps its value, and so does an empty cell unless the user
 * asked blanks to erase. A camera not yet registered takes the row as read.
 */
export function mergeImportedCamera(
  existing: CameraFields | undefined,
  row: CameraFields,
  filled: ReadonlySet<CameraColumn>,
  rules: MergeRules
): CameraFields {
  if (!existing) return row
  const merged: CameraFields = { ...existing }
  for (const col of rules.columns) {
    if (!filled.has(col) && !rules.blankErases) continue
    const f = FIELD_OF_COLUMN[col]
    ;(merged as Record<keyof CameraFields, unknown>)[f] = row[f]
  }
  return merged
}

/** A block number as written: digits, or Chinese numerals up to 九十九 (三, 十, 十二, 二十五). */
const CHINESE_BLOCK_NUMBER =
  /^(?:[一二三四五六七八九]|[一二三四五六七八九]?十[一二三四五六七八九]?)$/

function chineseNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s)
  return CHINESE_BLOCK_NUMBER.test(s) ? chineseNumeral(s) : null
}

/** The number a block's name stands for ("第一片区", "3 区", "Block 2"), or null. */
export function blockOrdinal(name: string): number | null {
  const t = name.trim()
  const zh = /^第?\s*([\d一二三四五六七八九十]+)\s*(片区|街区|区块|网格|区|片)?$/.exec(t)
  if (zh) return chineseNumber(zh[1])
  const en = /^block\s*(\d+)$/i.exec(t)
  return en ? Number(en[1]) : null
}

/**
 * Checkpoint and patrol spreadsheets number blocks ("1".."5") where the
 * registry names them ("第一片区"). A bare number resolves to the one
 * registered block with that number; anything else is taken as written.
 */
export function resolveBlockName(
  value: string | null,
  registered: readonly string[]
): string | null {
  if (value === null || !/^\d+$/.test(value.trim()) || registered.includes(value)) return value
  const n = Number(value.trim())
  const matches = registered.filter((b) => blockOrdinal(b) === n)
  return matches.length === 1 ? matches[0] : value
}

type Comparable = CameraFields & { archived?: boolean }

/** Each field that differs between what is registered and what the import writes, in column order. */
export function cameraFieldChanges(before: Comparable, after: Comparable): FieldChange[] {
  const out: FieldChange[] = []
  for (const f of CAMERA_IMPORT_FIELDS) {
    const from = before[f as keyof Comparable] ?? null
    const to = after[f as keyof Comparable] ?? null
    if (f === 'archived' && (after.archived === undefined || before.archived === undefined))
      continue
    if (from !== to) out.push({ field: f, from, to })
  }
  return out
}

/** The fields an undo writes back: everything an import can change. */
export const fieldsOfCamera = (c: Camera): CameraFields & { archived: boolean } => ({
  code: c.code,
  name: c.name,
  lat: c.lat,
  lng: c.lng,
  headingDeg: c.headingDeg,
  fovDeg: c.fovDeg,
  anpr: c.anpr,
  streamUrl: c.streamUrl,
  subStreamUrl: c.subStreamUrl,
  block: c.block,
  community: c.community,
  kind: c.kind,
  owner: c.owner,
  notes: c.notes,
  archived: c.archived
})
