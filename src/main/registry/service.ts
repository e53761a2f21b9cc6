import type { Sql } from '../db/sql'
import type { ImportProgress, ImportSummary, LastImport } from '../../shared/domain/import'
import { ApiError } from '../../shared/ipc/errors'
import { parseCamerasCsv, type CamerasCsvResult } from './io/camerasCsv'
import { parseRoadsGeoJson, type RoadsGeoJsonResult } from './io/roadsGeojson'
import {
  getCamera,
  getCameraByCode,
  listCameras,
  overrideCameraStatus,
  upsertCameras
} from '../cameras/repository'
import {
  cameraFieldChanges,
  fieldsOfCamera,
  mergeImportedCamera,
  resolveBlockName
} from './importMerge'
import { listRoads, upsertRoads } from '../roads/repository'
import { serializeCamerasCsv } from './io/camerasCsv'
import { serializeCamerasGeoJson, serializeRoadsGeoJson } from './io/roadsGeojson'
import { appendAudit, listAudit } from '../audit/repository'
import { DEFAULT_ROOM_ZONE, roomDate } from '../../shared/domain/roomTime'
import type { Camera, CameraFields } from '../../shared/domain/camera'
import type { SecretBox } from '../security/secretBox'
import {
  storeCredentials,
  takeUrlCredentials,
  type StreamCredentials
} from '../cameras/credentials'
import {
  cameraFieldErrors,
  type BulkEdit,
  type CameraGroup,
  type CameraPatch,
  type RemoveResult
} from '../../shared/domain/registry'
import {
  addGroupMembers,
  appendStatusChange,
  deleteCameraRow,
  deleteGroup,
  findCameraReferences,
  getGroupName,
  insertCamera,
  insertGroup,
  listBlocks,
  listGroups,
  removeGroupMembers,
  setArchived,
  syncBlocksAndCommunities,
  updateCameraFields
} from './repository'

export type ImportOptions = {
  dryRun: boolean
  actor: string | null
  now: number
  /** empty cells clear the registered value (off: an empty cell keeps it) */
  blankErases?: boolean
  /** seals passwords that arrive in stream URLs; without it such a file is refused */
  secrets?: SecretBox
  /** told where a long import is (the database worker passes it on to the import dialog) */
  onProgress?: (p: ImportProgress) => void
}

/** Rows written between two progress reports; all of them still in one transaction. */
const WRITE_BATCH = 5_000

/**
 * Imports a cameras.csv file all-or-nothing: any bad row refuses the whole
 * file (ApiError `import_rejected` with the summary in `details`). A code
 * already registered is merged, not replaced: only the columns the file
 * carries, and only its non-empty cells unless `blankErases`, change
 * (importMerge.ts). A dry run writes nothing and returns what a commit would
 * do, field by field; it takes no write lock, so a preview of a huge file
 * never holds up anyone else's writes.
 */
export async function importCamerasCsv(
  sql: Sql,
  file: Uint8Array | CamerasCsvResult,
  opts: ImportOptions
): Promise<ImportSummary> {
  // already parsed (on a worker thread) or still bytes
  const parsed = file instanceof Uint8Array ? parseCamerasCsv(file) : file
  const rules = { columns: new Set(parsed.columns), blankErases: opts.blankErases === true }
  const summary: ImportSummary = {
    kind: 'cameras',
    total: parsed.total,
    added: 0,
    updated: 0,
    unchanged: 0,
    rejected: parsed.errorCount,
    errors: parsed.errors,
    unknownColumns: parsed.unknownColumns,
    encoding: parsed.encoding,
    columns: parsed.columns,
    changes: []
  }
  if (summary.rejected > 0)
    return applyAllOrNothing(sql, summary, opts, counts0, () => Promise.resolve(counts0))
  const registered = new Map(
    (await listCameras(sql, { includeArchived: true })).map((c) => [c.code, c])
  )
  // the blocks table is filled by audited imports; a seeded registry may only have the cameras' own
  const blockNames = [
    ...new Set([
      ...(await listBlocks(sql)).map((b) => b.name),
      ...[...registered.values()].flatMap((c) => (c.block ? [c.block] : []))
    ])
  ]
  const writes: CameraFields[] = []
  // passwords in stream URLs go into the cameras' records, sealed; a URL without them keeps
  // the stored ones (a re-imported export has none)
  const credentials = new Map<string, StreamCredentials>()
  let checked = 0
  for (const row of parsed.rows) {
    if (opts.onProgress && ++checked % WRITE_BATCH === 0)
      opts.onProgress({ phase: 'check', fraction: checked / parsed.rows.length })
    const existing = registered.get(row.camera.code)
    const taken = takeUrlCredentials(row.camera)
    if (taken.credentials) credentials.set(row.camera.code, taken.credentials)
    const read = { ...taken.fields, block: resolveBlockName(taken.fields.block, blockNames) }
    const merged = mergeImportedCamera(existing, read, new Set(row.filled), rules)
    if (!existing) {
      writes.push(merged)
      continue
    }
    const changes = cameraFieldChanges(fieldsOfCamera(existing), { ...merged, archived: false })
    if (changes.length === 0 && !credentials.has(row.camera.code)) {
      summary.unchanged!++
      continue
    }
    writes.push(merged)
    summary.changes!.push({
      code: existing.code,
      name: existing.name,
      changes,
      live: existing.status === 'online' || existing.status === 'degraded'
    })
  }
  const secrets = opts.secrets
  if (credentials.size > 0 && !secrets && !opts.dryRun)
    throw new ApiError(
      'invalid_input',
      'Stream passwords cannot be stored here: no key to seal them with.',
      { reason: 'no_secret_box' }
    )
  // codes are unique within a file (the parser refuses repeats): a write is an update or an insert
  const added = writes.filter((w) => !registered.has(w.code)).length
  return applyAllOrNothing(
    sql,
    summary,
    opts,
    { added, updated: writes.length - added },
    async (t) => {
      const counts = await inBatches(writes, opts, (batch) =>
        upsertCameras(t, batch, opts.actor, opts.now)
      )
      for (const [code, c] of credentials)
        if (secrets) await storeCredentials(t, secrets, { code }, c)
      return counts
    }
  )
}

const counts0 = { added: 0, updated: 0 }

/** Writes rows batch by batch (inside the caller's transaction), reporting progress between batches. */
async function inBatches<T>(
  rows: readonly T[],
  opts: ImportOptions,
  write: (batch: readonly T[]) => Promise<{ added: number; updated: number }>
): Promise<{ added: number; updated: number }> {
  const counts = { added: 0, updated: 0 }
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const c = await write(rows.slice(i, i + WRITE_BATCH))
    counts.added += c.added
    counts.updated += c.updated
    opts.onProgress?.({ phase: 'write', fraction: Math.min(1, (i + WRITE_BATCH) / rows.length) })
  }
  return counts
}

/** Imports roads from GeoJSON with the same all-or-nothing rule (update by id). */
export async function importRoadsGeoJson(
  sql: Sql,
  file: Uint8Array | RoadsGeoJsonResult,
  opts: ImportOptions
): Promise<ImportSummary> {
  const parsed = file instanceof Uint8Array ? parseRoadsGeoJson(file) : file
  const summary: ImportSummary = {
    kind: 'roads',
    total: parsed.total,
    added: 0,
    updated: 0,
    rejected: parsed.errorCount,
    errors: parsed.errors,
    unknownColumns: parsed.unknownProperties
  }
  const known = new Set((await listRoads(sql)).map((r) => r.externalId))
  // ids are unique within a file (the parser refuses repeats)
  const added = parsed.roads.filter((r) => !known.has(r.externalId)).length
  return applyAllOrNothing(
    sql,
    summary,
    opts,
    { added, updated: parsed.roads.length - added },
    (t) => inBatches(parsed.roads, opts, (batch) => upsertRoads(t, batch, opts.now))
  )
}

/**
 * A refused file changes nothing; a dry run returns the planned counts
 * without writing; a commit writes in one transaction (its own, or the
 * caller's), so it lands whole or not at all, on either backend.
 */
async function applyAllOrNothing(
  sql: Sql,
  summary: ImportSummary,
  opts: ImportOptions,
  planned: { added: number; updated: number },
  write: (t: Sql) => Promise<{ added: number; updated: number }>
): Promise<ImportSummary> {
  if (summary.rejected > 0) {
    if (opts.dryRun) return summary
    throw new ApiError(
      'import_rejected',
      `${summary.rejected} bad row(s); nothing was imported.`,
      summary
    )
  }
  if (opts.dryRun) return { ...summary, ...planned }
  return { ...summary, ...(await sql.tx(write)) }
}

// --- editing ---------------------------------------------------------------

/** Who does what when: every registry change is audited with this. */
export type EditContext = {
  actor: string | null
  now: number
  /** seals a password that arrives in a stream URL (moved into the camera's record) */
  secrets?: SecretBox
}

/** Takes credentials off a patch's URLs; refuses them where they cannot be sealed. */
function withoutUrlCredentials<T extends CameraPatch>(
  patch: T,
  ctx: EditContext
): { patch: T; credentials: StreamCredentials | null } {
  const { fields, credentials } = takeUrlCredentials(patch)
  if (credentials && !ctx.secrets)
    throw new ApiError(
      'invalid_input',
      'Stream passwords cannot be stored here: no key to seal them with.',
      { reason: 'no_secret_box' }
    )
  return { patch: fields, credentials }
}

const cameraFieldsOf = (c: Camera): CameraFields => {
  const { archived: _archived, ...fields } = fieldsOfCamera(c)
  return fields
}

function refuseInvalid(p: CameraPatch & { code?: string }): void {
  const errors = cameraFieldErrors(p)
  if (Object.keys(errors).length > 0)
    throw new ApiError(
      'invalid_input',
      `Invalid camera fields: ${Object.entries(errors)
        .map(([k, v]) => `${k} (${v})`)
        .join(', ')}`,
      { fields: errors }
    )
}

/**
 * Imports cameras.csv and records it: blocks/communities named, one audit row
 * holding what each updated camera was before and which codes were added, so
 * {@link undoLastCameraImport} can put everything back. Same all-or-nothing rule.
 */
export async function importCamerasAudited(
  sql: Sql,
  file: Uint8Array | CamerasCsvResult,
  opts: ImportOptions & { fileName: string }
): Promise<ImportSummary> {
  if (opts.dryRun) return importCamerasCsv(sql, file, opts)
  return sql.tx(async (t) => {
    const before = new Map(
      (await listCameras(t, { includeArchived: true })).map((c) => [c.code, c])
    )
    const summary = await importCamerasCsv(t, file, opts)
    await syncBlocksAndCommunities(t, opts.now)
    const changed = (summary.changes ?? []).map((c) => fieldsOfCamera(before.get(c.code)!))
    const addedCodes = (await listCameras(t, { includeArchived: true }))
      .filter((c) => !before.has(c.code))
      .map((c) => c.code)
    await auditImport(t, 'cameras', opts, summary, changed, {
      encoding: summary.encoding,
      columns: summary.columns,
      blankErases: opts.blankErases === true,
      addedCodes
    })
    return summary
  })
}

/** The one audit row of a committed import: what it replaced, what it did, and from which file. */
function auditImport(
  t: Sql,
  kind: 'cameras' | 'roads',
  opts: ImportOptions & { fileName: string },
  summary: ImportSummary,
  replaced: readonly unknown[],
  more: Record<string, unknown> = {}
): Promise<unknown> {
  return appendAudit(t, {
    at: opts.now,
    actor: opts.actor,
    action: `registry.import.${kind}`,
    entity: kind,
    entityId: null,
    before: replaced.length ? replaced : null,
    after: {
      fileName: opts.fileName,
      added: summary.added,
      updated: summary.updated,
      total: summary.total,
      ...more
    }
  })
}

type ImportAuditAfter = {
  fileName: string
  added: number
  updated: number
  addedCodes?: string[]
}

/** The newest cameras import, whether it was undone, and who changed its cameras since. */
export async function lastCameraImport(sql: Sql): Promise<LastImport | null> {
  const [row] = await listAudit(sql, { action: 'registry.import.cameras', limit: 1 })
  if (!row) return null
  const after = row.after as ImportAuditAfter
  const undone = (await listAudit(sql, { action: 'registry.import.undo', limit: 50 })).some(
    (u) => (u.after as { importAuditId?: number } | null)?.importAuditId === row.id
  )
  const touched = [
    ...((row.before as CameraFields[] | null) ?? []).map((c) => c.code),
    ...(after.addedCodes ?? [])
  ]
  const changedSince: string[] = []
  for (const code of touched) {
    const c = await getCameraByCode(sql, code)
    if (c !== undefined && c.updatedAt > row.at) changedSince.push(code)
  }
  return {
    auditId: row.id,
    at: row.at,
    actor: row.actor,
    fileName: after.fileName,
    added: after.added,
    updated: after.updated,
    undone,
    changedSince
  }
}

/**
 * Puts the registry back as it was before the last cameras import, in one
 * transaction: updated cameras get every field back, added ones are deleted
 * (archived when something already refers to them). Refuses when the import
 * was already undone, predates this feature (no list of added codes), or
 * when a camera it touched was edited since (`conflict`, codes in details):
 * an undo must not silently throw away later work.
 */
export async function undoLastCameraImport(
  sql: Sql,
  ctx: EditContext
): Promise<{ restored: number; removed: number; archived: number }> {
  return sql.tx(async (t) => {
    const last = await lastCameraImport(t)
    if (!last) throw new ApiError('not_found', 'No cameras import to undo')
    if (last.undone) throw new ApiError('conflict', 'The last import was already undone')
    if (last.changedSince.length > 0)
      throw new ApiError(
        'conflict',
        `Cameras changed since the import: ${last.changedSince.join(', ')}`,
        { codes: last.changedSince }
      )
    const [row] = await listAudit(t, { action: 'registry.import.cameras', limit: 1 })
    const after = row.after as ImportAuditAfter
    if (!after.addedCodes)
      throw new ApiError('conflict', 'This import was recorded without what it added')
    const before = (row.before as (CameraFields & { archived?: boolean })[] | null) ?? []
    let restored = 0
    for (const old of before) {
      const cam = await getCameraByCode(t, old.code)
      if (!cam) continue
      const { code: _code, archived, ...fields } = old
      await updateCameraFields(t, cam.id, fields, ctx.actor, ctx.now)
      if (archived !== undefined && archived !== cam.archived)
        await setArchived(t, [cam.id], archived, ctx.actor, ctx.now)
      restored++
    }
    let removed = 0
    let archivedCount = 0
    for (const code of after.addedCodes) {
      const cam = await getCameraByCode(t, code)
      if (!cam) continue
      if (Object.keys(await findCameraReferences(t, cam)).length === 0) {
        await deleteCameraRow(t, cam.id)
        removed++
      } else {
        await setArchived(t, [cam.id], true, ctx.actor, ctx.now)
        archivedCount++
      }
    }
    await syncBlocksAndCommunities(t, ctx.now)
    const result = { restored, removed, archived: archivedCount }
    await appendAudit(t, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'registry.import.undo',
      entity: 'cameras',
      entityId: null,
      before: null,
      after: { importAuditId: row.id, fileName: after.fileName, ...result }
    })
    return result
  })
}

/** Imports roads.geojson with one audit row holding the roads it replaced. */
export async function importRoadsAudited(
  sql: Sql,
  file: Uint8Array | RoadsGeoJsonResult,
  opts: ImportOptions & { fileName: string }
): Promise<ImportSummary> {
  if (opts.dryRun) return importRoadsGeoJson(sql, file, opts)
  return sql.tx(async (t) => {
    const before = new Map((await listRoads(t)).map((r) => [r.externalId, r]))
    const summary = await importRoadsGeoJson(t, file, opts)
    const replaced = (await listRoads(t))
      .filter(
        (r) => before.get(r.externalId) && before.get(r.externalId)!.updatedAt !== r.updatedAt
      )
      .map((r) => before.get(r.externalId))
    await auditImport(t, 'roads', opts, summary, replaced)
    return summary
  })
}

export async function createCamera(
  sql: Sql,
  code: string,
  typed: Omit<CameraFields, 'code'>,
  ctx: EditContext
): Promise<Camera> {
  refuseInvalid({ ...typed, code })
  const { patch: fields, credentials } = withoutUrlCredentials(typed, ctx)
  return sql.tx(async (t) => {
    if (await getCameraByCode(t, code))
      throw new ApiError('conflict', `Camera code ${code} is already registered`, {
        field: 'code'
      })
    let cam = await insertCamera(t, { ...fields, code }, ctx.actor, ctx.now)
    if (credentials && ctx.secrets) {
      await storeCredentials(t, ctx.secrets, { id: cam.id }, credentials)
      cam = (await getCamera(t, cam.id))!
    }
    await syncBlocksAndCommunities(t, ctx.now)
    await appendAudit(t, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'camera.create',
      entity: 'camera',
      entityId: code,
      before: null,
      // the user name and whether a password is set; never the password
      after: {
        ...cameraFieldsOf(cam),
        ...(credentials
          ? { streamUser: cam.streamUser, streamPasswordSet: cam.streamPasswordSet }
          : {})
      }
    })
    return cam
  })
}

/**
 * Changes some fields of one camera. `expectedUpdatedAt` (the drawer's copy)
 * turns a concurrent edit into `conflict` instead of a silent overwrite; map
 * moves and undo/redo pass none: the last gesture wins.
 */
export async function updateCamera(
  sql: Sql,
  id: number,
  typed: CameraPatch,
  expectedUpdatedAt: number | undefined,
  ctx: EditContext
): Promise<Camera> {
  refuseInvalid(typed)
  const { patch, credentials } = withoutUrlCredentials(typed, ctx)
  return sql.tx(async (t) => {
    const before = await getCamera(t, id)
    if (!before) throw new ApiError('not_found', `No camera ${id}`)
    if (expectedUpdatedAt !== undefined && before.updatedAt !== expectedUpdatedAt)
      throw new ApiError(
        'conflict',
        `Camera ${before.code} was changed by ${before.updatedBy ?? 'someone'} in the meantime`,
        { current: before }
      )
    let after = (await updateCameraFields(t, id, patch, ctx.actor, ctx.now))!
    if (credentials && ctx.secrets) {
      await storeCredentials(t, ctx.secrets, { id }, credentials)
      after = (await getCamera(t, id))!
    }
    if ('block' in patch || 'community' in patch) await syncBlocksAndCommunities(t, ctx.now)
    const keys = [
      ...(Object.keys(patch).filter(
        (k) => patch[k as keyof CameraPatch] !== undefined
      ) as (keyof CameraPatch)[]),
      ...(credentials ? (['streamUser', 'streamPasswordSet'] as const) : [])
    ]
    await appendAudit(t, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'camera.update',
      entity: 'camera',
      entityId: before.code,
      before: Object.fromEntries(keys.map((k) => [k, before[k]])),
      after: Object.fromEntries(keys.map((k) => [k, after[k]]))
    })
    return after
  })
}

/** Block / community / status / group membership of many cameras, one transaction, one audit row per camera. */
export async function bulkEditCameras(
  sql: Sql,
  ids: readonly number[],
  edit: BulkEdit,
  ctx: EditContext
): Promise<{ updated: number }> {
  const patch: CameraPatch = {}
  if (edit.block !== undefined) patch.block = edit.block
  if (edit.community !== undefined) patch.community = edit.community
  refuseInvalid(patch)
  return sql.tx(async (t) => {
    let updated = 0
    for (const g of [...(edit.addToGroups ?? []), ...(edit.removeFromGroups ?? [])])
      if ((await getGroupName(t, g)) === undefined)
        throw new ApiError('not_found', `No camera group ${g}`)
    for (const id of ids) {
      const before = await getCamera(t, id)
      if (!before) throw new ApiError('not_found', `No camera ${id}`)
      const after = (await updateCameraFields(t, id, patch, ctx.actor, ctx.now))!
      const fieldsBefore: Record<string, unknown> = {}
      const fieldsAfter: Record<string, unknown> = {}
      for (const k of Object.keys(patch) as (keyof CameraPatch)[]) {
        fieldsBefore[k] = before[k]
        fieldsAfter[k] = after[k]
      }
      if (edit.status !== undefined && edit.status !== before.status) {
        // a technician marking a camera (e.g. offline for maintenance): history and log as if probed
        await overrideCameraStatus(t, id, edit.status)
        await appendStatusChange(t, {
          cameraId: id,
          at: ctx.now,
          status: edit.status,
          previous: before.status,
          detail: `set by ${ctx.actor ?? 'unknown'}`
        })
        fieldsBefore.status = before.status
        fieldsAfter.status = edit.status
      }
      for (const g of edit.addToGroups ?? [])
        if (await addGroupMembers(t, g, [id]))
          ((fieldsAfter.addedToGroups ??= []) as number[]).push(g)
      for (const g of edit.removeFromGroups ?? [])
        if (await removeGroupMembers(t, g, [id]))
          ((fieldsAfter.removedFromGroups ??= []) as number[]).push(g)
      await appendAudit(t, {
        at: ctx.now,
        actor: ctx.actor,
        action: 'camera.bulkEdit',
        entity: 'camera',
        entityId: before.code,
        before: fieldsBefore,
        after: fieldsAfter
      })
      updated++
    }
    if (patch.block !== undefined || patch.community !== undefined)
      await syncBlocksAndCommunities(t, ctx.now)
    return { updated }
  })
}

/**
 * Takes cameras out of service. A camera that anything references
 * (incidents, recordings, sightings, the event log…) is archived whatever the
 * mode: its history must stay explainable. Only an unreferenced camera can be
 * deleted, and only when asked to.
 */
export async function removeCameras(
  sql: Sql,
  ids: readonly number[],
  mode: 'archive' | 'delete',
  ctx: EditContext
): Promise<RemoveResult> {
  return sql.tx(async (t) => {
    const result: RemoveResult = { deleted: [], archived: [] }
    for (const id of ids) {
      const cam = await getCamera(t, id)
      if (!cam) throw new ApiError('not_found', `No camera ${id}`)
      const refs = await findCameraReferences(t, cam)
      if (mode === 'delete' && Object.keys(refs).length === 0) {
        await deleteCameraRow(t, id)
        result.deleted.push(id)
        await appendAudit(t, {
          at: ctx.now,
          actor: ctx.actor,
          action: 'camera.delete',
          entity: 'camera',
          entityId: cam.code,
          before: cameraFieldsOf(cam),
          after: null
        })
      } else {
        await setArchived(t, [id], true, ctx.actor, ctx.now)
        result.archived.push(id)
        await appendAudit(t, {
          at: ctx.now,
          actor: ctx.actor,
          action: 'camera.archive',
          entity: 'camera',
          entityId: cam.code,
          before: { archived: cam.archived },
          after: { archived: true, references: refs }
        })
      }
    }
    return result
  })
}

export async function restoreCameras(
  sql: Sql,
  ids: readonly number[],
  ctx: EditContext
): Promise<{ restored: number }> {
  return sql.tx(async (t) => {
    let restored = 0
    for (const id of ids) {
      const cam = await getCamera(t, id)
      if (!cam) throw new ApiError('not_found', `No camera ${id}`)
      if (!cam.archived) continue
      await setArchived(t, [id], false, ctx.actor, ctx.now)
      await appendAudit(t, {
        at: ctx.now,
        actor: ctx.actor,
        action: 'camera.restore',
        entity: 'camera',
        entityId: cam.code,
        before: { archived: true },
        after: { archived: false }
      })
      restored++
    }
    return { restored }
  })
}

export async function createGroup(
  sql: Sql,
  name: string,
  color: string | null,
  ctx: EditContext
): Promise<CameraGroup> {
  return sql.tx(async (t) => {
    if ((await listGroups(t)).some((g) => g.name === name))
      throw new ApiError('conflict', `A group named ${name} exists`, { field: 'name' })
    const g = await insertGroup(t, { name, color }, ctx.actor, ctx.now)
    await appendAudit(t, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'group.create',
      entity: 'group',
      entityId: String(g.id),
      before: null,
      after: g
    })
    return g
  })
}

export async function removeGroup(sql: Sql, id: number, ctx: EditContext): Promise<void> {
  await sql.tx(async (t) => {
    const g = (await listGroups(t)).find((x) => x.id === id)
    if (!g) throw new ApiError('not_found', `No camera group ${id}`)
    await deleteGroup(t, id)
    await appendAudit(t, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'group.delete',
      entity: 'group',
      entityId: String(id),
      before: g,
      after: null
    })
  })
}

export type RegistryFile = { fileName: string; mime: string; content: string; count: number }

/** The registry as a file (CSV with formula cells neutralised, or GeoJSON). Every export is audited. */
export async function exportRegistry(
  sql: Sql,
  what: 'cameras-csv' | 'cameras-geojson' | 'roads-geojson',
  opts: EditContext & { includeArchived?: boolean; timeZone?: string }
): Promise<RegistryFile> {
  // the room's date, not UTC's: an export at 07:30 in Shanghai is dated that day
  const stamp = roomDate(opts.now, opts.timeZone ?? DEFAULT_ROOM_ZONE)
  let file: RegistryFile
  if (what === 'roads-geojson') {
    const roads = await listRoads(sql)
    file = {
      fileName: `roads-${stamp}.geojson`,
      mime: 'application/geo+json',
      content: serializeRoadsGeoJson(roads),
      count: roads.length
    }
  } else {
    const cams = await listCameras(sql, { includeArchived: opts.includeArchived })
    file =
      what === 'cameras-csv'
        ? {
            fileName: `cameras-${stamp}.csv`,
            mime: 'text/csv;charset=utf-8',
            content: serializeCamerasCsv(cams),
            count: cams.length
          }
        : {
            fileName: `cameras-${stamp}.geojson`,
            mime: 'application/geo+json',
            content: serializeCamerasGeoJson(cams),
            count: cams.length
          }
  }
  await appendAudit(sql, {
    at: opts.now,
    actor: opts.actor,
    action: 'registry.export',
    entity: what.startsWith('roads') ? 'roads' : 'cameras',
    entityId: null,
    before: null,
    after: { what, fileName: file.fileName, count: file.count }
  })
  return file
}
