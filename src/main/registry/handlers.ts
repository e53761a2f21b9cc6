import type { AppDeps } from '../app/deps'
import type { HandlerContext, HandlersOf } from '../api/dispatch'
import type { registryContract } from '../../shared/ipc/contracts/registry'
import type { groupsContract } from '../../shared/ipc/contracts/groups'
import os from 'node:os'
import path from 'node:path'
import { appendSystemEvent } from '../events/repository'
import { ApiError } from '../../shared/ipc/errors'
import { IMPORT_CHUNK_BYTES } from '../../shared/ipc/contracts/registry'
import type { ImportProgress, ImportSummary } from '../../shared/domain/import'
import { inlineDbWorker, type DbWorker } from '../db/dbWorker'
import type { ImportJob } from './importJob'
import { createImportUploads, type ImportUploads } from './uploads'
import { listBlocks, listCommunities, listGroups } from './repository'
import {
  createGroup,
  exportRegistry,
  lastCameraImport,
  undoLastCameraImport,
  removeGroup,
  type EditContext
} from './service'

/** Bytes of well-formed base64 (Node skips characters it cannot decode, so a bad one shows as fewer bytes). */
const base64Bytes = (s: string): number =>
  s.length % 4 !== 0 ? -1 : (s.length / 4) * 3 - (s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0)

/** What every registry edit carries (who, when, the room's secret box) and the push after it. */
export function registryEdits(deps: AppDeps): {
  edit: (ctx: HandlerContext) => EditContext
  changed: (what: 'cameras' | 'groups') => void
} {
  return {
    edit: (ctx) => ({ actor: ctx.actor, now: deps.now(), secrets: deps.secrets }),
    changed: (what) => deps.bus.emit('registry:changed', { what })
  }
}

/**
 * Registry edits: every one is audited in the service and pushed to every
 * window. Imports run on the database worker's writer (`worker`; inline when
 * none is given, as in tests of an in-memory database): reading, validating
 * and writing a 100 MB file once kept every other request waiting 21 s.
 */
export function registryHandlers(
  deps: AppDeps,
  opts: { worker?: DbWorker; uploads?: ImportUploads; secretsDir?: string } = {}
): HandlersOf<typeof registryContract> {
  const { sql } = deps
  const worker = opts.worker ?? inlineDbWorker(deps.sql)
  let uploadStore = opts.uploads
  const uploads = (): ImportUploads =>
    (uploadStore ??= createImportUploads({
      dir: path.join(os.tmpdir(), `watchroom-imports-${process.pid}-${Date.now()}`),
      now: deps.now
    }))
  const { edit, changed } = registryEdits(deps)
  const sessionOf = (ctx: HandlerContext): string => {
    if (!ctx.session) throw new ApiError('unauthenticated', 'Log in first.')
    return ctx.session.id
  }
  const runImport = async (
    ctx: HandlerContext,
    job: Omit<ImportJob, 'secretsDir'>,
    onProgress?: (p: ImportProgress) => void
  ): Promise<ImportSummary> => {
    // the audited imports also record what each updated row was before; the worker's writer writes
    // that audit row in the import's own transaction, where the pipeline's count cannot see it
    ctx.nothingToAudit()
    const summary = await worker.run(
      'registry.import',
      { ...job, secretsDir: opts.secretsDir },
      onProgress
    )
    if (!job.dryRun) {
      const e = await appendSystemEvent(sql, {
        at: deps.now(),
        kind: job.kind === 'cameras' ? 'import.cameras' : 'import.roads',
        cameraId: null,
        actor: job.actor,
        data: {
          fileName: job.fileName,
          added: summary.added,
          updated: summary.updated,
          total: summary.total
        }
      })
      deps.bus.emit('event:appended', e)
      deps.bus.emit('registry:changed', { what: job.kind })
    }
    return summary
  }
  return {
    'registry:import': ({ kind, contentBase64, dryRun, fileName, blankErases }, ctx) =>
      runImport(ctx, {
        kind,
        source: { bytes: new Uint8Array(Buffer.from(contentBase64, 'base64')) },
        fileName,
        dryRun,
        blankErases,
        actor: ctx.actor,
        now: deps.now()
      }),
    'registry:importBegin': ({ kind, fileName, size }, ctx) => {
      const u = uploads().begin(sessionOf(ctx), { kind, fileName, size })
      return { uploadId: u.id, chunkBytes: IMPORT_CHUNK_BYTES }
    },
    'registry:importChunk': async ({ uploadId, offset, content, contentBase64 }, ctx) => {
      let bytes = content
      if (!bytes) {
        const b64 = contentBase64 ?? ''
        bytes = Buffer.from(b64, 'base64')
        if (bytes.length !== base64Bytes(b64))
          throw new ApiError('invalid_input', 'The chunk is not base64')
      }
      return { received: await uploads().append(sessionOf(ctx), uploadId, offset, bytes) }
    },
    'registry:importRun': async ({ uploadId, dryRun, blankErases }, ctx) => {
      const store = uploads()
      const u = store.claim(sessionOf(ctx), uploadId)
      u.progress = { phase: 'parse', fraction: 0 }
      try {
        const summary = await runImport(
          ctx,
          {
            kind: u.kind,
            source: { path: u.file },
            fileName: u.fileName,
            dryRun,
            blankErases,
            actor: ctx.actor,
            now: deps.now()
          },
          (p) => (u.progress = p)
        )
        u.progress = { phase: 'done', fraction: 1 }
        store.release(u)
        // a committed file is in the registry now; keeping it would only invite a second commit
        if (!dryRun) await store.discard(u.sessionId, u.id)
        return summary
      } catch (err) {
        u.progress = { phase: 'done', fraction: 1 }
        store.release(u)
        throw err
      }
    },
    'registry:importProgress': ({ uploadId }, ctx) => {
      const u = uploads().get(sessionOf(ctx), uploadId)
      return { ...u.progress, received: u.received, size: u.size }
    },
    'registry:importDiscard': async ({ uploadId }, ctx) => {
      await uploads().discard(sessionOf(ctx), uploadId)
      return null
    },
    'registry:taxonomy': async () => ({
      blocks: await listBlocks(sql),
      communities: await listCommunities(sql),
      groups: await listGroups(sql)
    }),
    'registry:lastImport': () => lastCameraImport(sql),
    'registry:undoImport': async ({ auditId }, ctx) => {
      // the user confirmed a particular import; a newer one since means they saw something stale
      const last = await lastCameraImport(sql)
      if (last?.auditId !== auditId)
        throw new ApiError('conflict', 'Another import happened since; reload and try again')
      const r = await undoLastCameraImport(sql, edit(ctx))
      changed('cameras')
      return r
    },
    'registry:export': ({ what, includeArchived }, ctx) =>
      exportRegistry(sql, what, { ...edit(ctx), includeArchived, timeZone: deps.info.timeZone })
  }
}

/** Camera groups: audited in the registry service and pushed to every window. */
export function groupsHandlers(deps: AppDeps): HandlersOf<typeof groupsContract> {
  const { sql } = deps
  const { edit, changed } = registryEdits(deps)
  return {
    'groups:create': async ({ name, color }, ctx) => {
      const g = await createGroup(sql, name, color ?? null, edit(ctx))
      changed('groups')
      return g
    },
    'groups:delete': async ({ id }, ctx) => {
      await removeGroup(sql, id, edit(ctx))
      changed('groups')
      return null
    }
  }
}
