import type { WritableDb } from '../db/database'
import type { ImportSummary } from '../../shared/domain/import'
import { ApiError } from '../../shared/ipc/errors'
import { parseCamerasCsv, type CamerasCsvResult } from './io/camerasCsv'
import { parseRoadsGeoJson, type RoadsGeoJsonResult } from './io/roadsGeojson'
import { getCamera, getCameraByCode, listCameras, upsertCameras } from '../cameras/repository'
import { listRoads, upsertRoads } from '../roads/repository'
import { serializeCamerasCsv } from './io/camerasCsv'
import { serializeCamerasGeoJson, serializeRoadsGeoJson } from './io/roadsGeojson'
import { appendAudit } from '../audit/repository'
import type { Camera, CameraFields } from '../../shared/domain/camera'
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
  listGroups,
  removeGroupMembers,
  setArchived,
  syncBlocksAndCommunities,
  updateCameraFields
} from './repository'

export type ImportOptions = { dryRun: boolean; actor: string | null; now: number }

/**
 * Imports a cameras.csv file all-or-nothing: any bad row refuses the whole
 * file (ApiError `import_rejected` with the summary in `details`); a code
 * already registered is updated, not duplicated. A dry run writes nothing
 * and returns what a commit would do.
 */
export function importCamerasCsv(
  db: WritableDb,
  file: Uint8Array | CamerasCsvResult,
  opts: ImportOptions
): ImportSummary {
  // already parsed (on a worker thread) or still bytes
  const parsed = file instanceof Uint8Array ? parseCamerasCsv(file) : file
  const cameras = parsed.rows.map((r) => r.camera)
  const summary: ImportSummary = {
    kind: 'cameras',
    total: parsed.total,
    added: 0,
    updated: 0,
    rejected: parsed.errorCount,
    errors: parsed.errors,
    unknownColumns: parsed.unknownColumns,
    encoding: parsed.encoding
  }
  return applyAllOrNothing(db, summary, opts, () =>
    upsertCameras(db, cameras, opts.actor, opts.now)
  )
}

/** Imports roads from GeoJSON with the same all-or-nothing rule (update by id). */
export function importRoadsGeoJson(
  db: WritableDb,
  file: Uint8Array | RoadsGeoJsonResult,
  opts: ImportOptions
): ImportSummary {
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
  return applyAllOrNothing(db, summary, opts, () => upsertRoads(db, parsed.roads, opts.now))
}

/**
 * Runs the write in a transaction that a dry run always rolls back, so the
 * preview's added/updated counts come from the very same code path.
 */
function applyAllOrNothing(
  db: WritableDb,
  summary: ImportSummary,
  opts: ImportOptions,
  write: () => { added: number; updated: number }
): ImportSummary {
  if (summary.rejected > 0) {
    if (opts.dryRun) return summary
    throw new ApiError(
      'import_rejected',
      `${summary.rejected} bad row(s); nothing was imported.`,
      summary
    )
  }
  const rollback = new Error('dry run')
  let counts = { added: 0, updated: 0 }
  try {
    db.transaction(() => {
      counts = write()
      if (opts.dryRun) throw rollback
    }).immediate()
  } catch (err) {
    if (err !== rollback) throw err
  }
  return { ...summary, ...counts }
}

// --- editing ---------------------------------------------------------------

/** Who does what when: every registry change is audited with this. */
export type EditContext = { actor: string | null; now: number }

const cameraFieldsOf = (c: Camera): CameraFields => ({
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
  notes: c.notes
})

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
 * holding what each updated camera was before. Same all-or-nothing rule.
 */
export function importCamerasAudited(
  db: WritableDb,
  file: Uint8Array | CamerasCsvResult,
  opts: ImportOptions & { fileName: string }
): ImportSummary {
  if (opts.dryRun) return importCamerasCsv(db, file, opts)
  return db
    .transaction(() => {
      const before = new Map(listCameras(db, { includeArchived: true }).map((c) => [c.code, c]))
      const versions = () =>
        new Map(db.prepare('SELECT code, version FROM cameras').raw().all() as [string, number][])
      const versionsBefore = versions()
      const summary = importCamerasCsv(db, file, opts)
      syncBlocksAndCommunities(db, opts.now)
      const changed: CameraFields[] = []
      for (const [code, v] of versions()) {
        const b = before.get(code)
        if (b && versionsBefore.get(code) !== v) changed.push(cameraFieldsOf(b))
      }
      appendAudit(db, {
        at: opts.now,
        actor: opts.actor,
        action: 'registry.import.cameras',
        entity: 'cameras',
        entityId: null,
        before: changed.length ? changed : null,
        after: {
          fileName: opts.fileName,
          encoding: summary.encoding,
          added: summary.added,
          updated: summary.updated,
          total: summary.total
        }
      })
      return summary
    })
    .immediate()
}

/** Imports roads.geojson with one audit row holding the roads it replaced. */
export function importRoadsAudited(
  db: WritableDb,
  file: Uint8Array | RoadsGeoJsonResult,
  opts: ImportOptions & { fileName: string }
): ImportSummary {
  if (opts.dryRun) return importRoadsGeoJson(db, file, opts)
  return db
    .transaction(() => {
      const before = new Map(listRoads(db).map((r) => [r.externalId, r]))
      const summary = importRoadsGeoJson(db, file, opts)
      const replaced = listRoads(db)
        .filter(
          (r) => before.get(r.externalId) && before.get(r.externalId)!.updatedAt !== r.updatedAt
        )
        .map((r) => before.get(r.externalId))
      appendAudit(db, {
        at: opts.now,
        actor: opts.actor,
        action: 'registry.import.roads',
        entity: 'roads',
        entityId: null,
        before: replaced.length ? replaced : null,
        after: {
          fileName: opts.fileName,
          added: summary.added,
          updated: summary.updated,
          total: summary.total
        }
      })
      return summary
    })
    .immediate()
}

export function createCamera(
  db: WritableDb,
  code: string,
  fields: Omit<CameraFields, 'code'>,
  ctx: EditContext
): Camera {
  refuseInvalid({ ...fields, code })
  return db
    .transaction(() => {
      if (getCameraByCode(db, code))
        throw new ApiError('conflict', `Camera code ${code} is already registered`, {
          field: 'code'
        })
      const cam = insertCamera(db, { ...fields, code }, ctx.actor, ctx.now)
      syncBlocksAndCommunities(db, ctx.now)
      appendAudit(db, {
        at: ctx.now,
        actor: ctx.actor,
        action: 'camera.create',
        entity: 'camera',
        entityId: code,
        before: null,
        after: cameraFieldsOf(cam)
      })
      return cam
    })
    .immediate()
}

/**
 * Changes some fields of one camera. `expectedUpdatedAt` (the drawer's copy)
 * turns a concurrent edit into `conflict` instead of a silent overwrite; map
 * moves and undo/redo pass none: the last gesture wins.
 */
export function updateCamera(
  db: WritableDb,
  id: number,
  patch: CameraPatch,
  expectedUpdatedAt: number | undefined,
  ctx: EditContext
): Camera {
  refuseInvalid(patch)
  return db
    .transaction(() => {
      const before = getCamera(db, id)
      if (!before) throw new ApiError('not_found', `No camera ${id}`)
      if (expectedUpdatedAt !== undefined && before.updatedAt !== expectedUpdatedAt)
        throw new ApiError(
          'conflict',
          `Camera ${before.code} was changed by ${before.updatedBy ?? 'someone'} in the meantime`,
          { current: before }
        )
      const after = updateCameraFields(db, id, patch, ctx.actor, ctx.now)!
      if ('block' in patch || 'community' in patch) syncBlocksAndCommunities(db, ctx.now)
      const keys = Object.keys(patch).filter(
        (k) => patch[k as keyof CameraPatch] !== undefined
      ) as (keyof CameraPatch)[]
      appendAudit(db, {
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
    .immediate()
}

/** Block / community / status / group membership of many cameras, one transaction, one audit row per camera. */
export function bulkEditCameras(
  db: WritableDb,
  ids: readonly number[],
  edit: BulkEdit,
  ctx: EditContext
): { updated: number } {
  const patch: CameraPatch = {}
  if (edit.block !== undefined) patch.block = edit.block
  if (edit.community !== undefined) patch.community = edit.community
  refuseInvalid(patch)
  return db
    .transaction(() => {
      let updated = 0
      for (const g of [...(edit.addToGroups ?? []), ...(edit.removeFromGroups ?? [])])
        if (getGroupName(db, g) === undefined)
          throw new ApiError('not_found', `No camera group ${g}`)
      for (const id of ids) {
        const before = getCamera(db, id)
        if (!before) throw new ApiError('not_found', `No camera ${id}`)
        const after = updateCameraFields(db, id, patch, ctx.actor, ctx.now)!
        const fieldsBefore: Record<string, unknown> = {}
        const fieldsAfter: Record<string, unknown> = {}
        for (const k of Object.keys(patch) as (keyof CameraPatch)[]) {
          fieldsBefore[k] = before[k]
          fieldsAfter[k] = after[k]
        }
        if (edit.status !== undefined && edit.status !== before.status) {
          // a technician marking a camera (e.g. offline for maintenance): history and log as if probed
          db.prepare('UPDATE cameras SET status = ? WHERE id = ?').run(edit.status, id)
          appendStatusChange(db, {
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
          if (addGroupMembers(db, g, [id])) ((fieldsAfter.addedToGroups ??= []) as number[]).push(g)
        for (const g of edit.removeFromGroups ?? [])
          if (removeGroupMembers(db, g, [id]))
            ((fieldsAfter.removedFromGroups ??= []) as number[]).push(g)
        appendAudit(db, {
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
        syncBlocksAndCommunities(db, ctx.now)
      return { updated }
    })
    .immediate()
}

/**
 * Takes cameras out of service. A camera that anything references
 * (incidents, recordings, sightings, the event log…) is archived whatever the
 * mode: its history must stay explainable. Only an unreferenced camera can be
 * deleted, and only when asked to.
 */
export function removeCameras(
  db: WritableDb,
  ids: readonly number[],
  mode: 'archive' | 'delete',
  ctx: EditContext
): RemoveResult {
  return db
    .transaction(() => {
      const result: RemoveResult = { deleted: [], archived: [] }
      for (const id of ids) {
        const cam = getCamera(db, id)
        if (!cam) throw new ApiError('not_found', `No camera ${id}`)
        const refs = findCameraReferences(db, cam)
        if (mode === 'delete' && Object.keys(refs).length === 0) {
          deleteCameraRow(db, id)
          result.deleted.push(id)
          appendAudit(db, {
            at: ctx.now,
            actor: ctx.actor,
            action: 'camera.delete',
            entity: 'camera',
            entityId: cam.code,
            before: cameraFieldsOf(cam),
            after: null
          })
        } else {
          setArchived(db, [id], true, ctx.actor, ctx.now)
          result.archived.push(id)
          appendAudit(db, {
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
    .immediate()
}

export function restoreCameras(
  db: WritableDb,
  ids: readonly number[],
  ctx: EditContext
): { restored: number } {
  return db
    .transaction(() => {
      let restored = 0
      for (const id of ids) {
        const cam = getCamera(db, id)
        if (!cam) throw new ApiError('not_found', `No camera ${id}`)
        if (!cam.archived) continue
        setArchived(db, [id], false, ctx.actor, ctx.now)
        appendAudit(db, {
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
    .immediate()
}

export function createGroup(
  db: WritableDb,
  name: string,
  color: string | null,
  ctx: EditContext
): CameraGroup {
  return db
    .transaction(() => {
      if (listGroups(db).some((g) => g.name === name))
        throw new ApiError('conflict', `A group named ${name} exists`, { field: 'name' })
      const g = insertGroup(db, { name, color }, ctx.actor, ctx.now)
      appendAudit(db, {
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
    .immediate()
}

export function removeGroup(db: WritableDb, id: number, ctx: EditContext): void {
  db.transaction(() => {
    const g = listGroups(db).find((x) => x.id === id)
    if (!g) throw new ApiError('not_found', `No camera group ${id}`)
    deleteGroup(db, id)
    appendAudit(db, {
      at: ctx.now,
      actor: ctx.actor,
      action: 'group.delete',
      entity: 'group',
      entityId: String(id),
      before: g,
      after: null
    })
  }).immediate()
}

export type RegistryFile = { fileName: string; mime: string; content: string; count: number }

/** The registry as a file (CSV with formula cells neutralised, or GeoJSON). Every export is audited. */
export function exportRegistry(
  db: WritableDb,
  what: 'cameras-csv' | 'cameras-geojson' | 'roads-geojson',
  opts: EditContext & { includeArchived?: boolean }
): RegistryFile {
  const stamp = new Date(opts.now).toISOString().slice(0, 10)
  let file: RegistryFile
  if (what === 'roads-geojson') {
    const roads = listRoads(db)
    file = {
      fileName: `roads-${stamp}.geojson`,
      mime: 'application/geo+json',
      content: serializeRoadsGeoJson(roads),
      count: roads.length
    }
  } else {
    const cams = listCameras(db, { includeArchived: opts.includeArchived })
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
  appendAudit(db, {
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
