/**
 * Evidence export: for each camera the indexed segments of a range are
 * remuxed (ffmpeg concat demuxer, `-c copy`, never re-encoded) into one MP4;
 * optional PNG snapshots; manifest.json lists every file with its SHA-256,
 * the cameras, the range, the exporter and the export time. The range gets
 * an evidence lock first, so retention cannot take footage mid-export; a
 * cancelled or failed export removes its files and its locks again.
 * This file runs the jobs; the SQL is in repository.ts, the ffmpeg command
 * lines in ffmpegArgs.ts, names and the manifest in manifest.ts.
 */
import { randomBytes } from 'node:crypto'
import { DEFAULT_ROOM_ZONE, roomIso } from '../../shared/domain/roomTime'
import { mkdir, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Sql } from '../db/sql'
import type { EventBus } from '../app/bus'
import type { Camera } from '../../shared/domain/camera'
import type {
  ExportFile,
  ExportJob,
  ExportManifest,
  ExportStatus,
  TimeRange
} from '../../shared/domain/recording'
import {
  finishExport,
  getExportRow,
  insertExport,
  listExportRows,
  releaseExportLocks,
  type ExportRow as Row
} from './repository'
import { concatList, remuxArgs, snapshotArgs } from './ffmpegArgs'
import {
  buildManifest,
  clipName,
  exportDirName,
  sha256File,
  snapshotName,
  zipName
} from './manifest'
import { ApiError } from '../../shared/ipc/errors'
import { appendAudit } from '../audit/repository'
import { appendSystemEvent } from '../events/repository'
import { getCamera } from '../cameras/repository'
import { runFfmpeg } from '../media/ffmpeg'
import { addEvidenceLock, listSegments, type SegmentRow } from '../recording/repository'
import type { FootageReader } from '../playback/footage'
import { findGaps } from '../playback/vod'
import type { Signer } from '../playback/tokens'

export type Exporter = ReturnType<typeof createExporter>

export type ExporterDeps = {
  sql: Sql
  /** the room whose store and exports directory these are: it lists and serves only its exports */
  room?: string
  bus: EventBus
  now(): number
  /** <data dir>/exports */
  exportsDir: string
  footage: FootageReader
  signer: Signer
  /** base URL of the media routes as the renderer sees it */
  mediaBase: string
  ffmpegPath?: string
  /** parallel ffmpeg runs across all exports */
  concurrency?: number
  /** the room's zone: file names and the manifest carry room time with its offset */
  timeZone?: string
  log?: (msg: string) => void
}

export type ExportActor = { username: string; displayName: string } | null

/** A file as kept in the exports row (without its URL, which is signed per reader). */
type StoredFile = Omit<ExportFile, 'url'>

const GRANT_MS = 12 * 3600_000
const FILE_NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,150}$/

/** A counting semaphore for ffmpeg runs. */
function createPool(size: number) {
  let active = 0
  const waiting: (() => void)[] = []
  return async function run<T>(fn: () => Promise<T>): Promise<T> {
    if (active >= size) await new Promise<void>((r) => waiting.push(r))
    active++
    try {
      return await fn()
    } finally {
      active--
      waiting.shift()?.()
    }
  }
}

export function createExporter(deps: ExporterDeps) {
  const { sql, bus } = deps
  const room = deps.room ?? ''
  const tz = deps.timeZone ?? DEFAULT_ROOM_ZONE
  const iso = (ms: number) => roomIso(ms, tz)
  const pool = createPool(Math.max(1, deps.concurrency ?? 2))
  const progress = new Map<number, number>()
  const running = new Map<number, { abort: AbortController; done: Promise<void> }>()

  const getRow = (id: number) => getExportRow(sql, id, room)

  /** The session each running export was asked by: its progress events carry links for it alone. */
  const askedBy = new Map<number, string | null>()

  /** `reader` is the id of the session the file links are signed for (no other session can use them). */
  function toJob(r: Row, reader: string | null): ExportJob {
    const grant = deps.signer.sign({ k: 'exp', x: r.id, s: reader, e: deps.now() + GRANT_MS })
    const files = (JSON.parse(r.files) as StoredFile[]).map((f) => ({
      ...f,
      url: `${deps.mediaBase}/export/${grant}/${f.name}`
    }))
    const zip = zipName(r.id, { from: r.from_ms, to: r.to_ms }, tz)
    return {
      id: r.id,
      from: r.from_ms,
      to: r.to_ms,
      cameraIds: JSON.parse(r.camera_ids) as number[],
      status: r.status,
      progress: r.status === 'done' ? 1 : (progress.get(r.id) ?? 0),
      files,
      zip:
        r.status === 'done' ? { name: zip, url: `${deps.mediaBase}/export/${grant}/${zip}` } : null,
      manifestSha256: r.manifest_sha256,
      error: r.error,
      createdAt: r.created_at,
      createdBy: r.created_by,
      finishedAt: r.finished_at
    }
  }

  /**
   * Progress events go out in the order they were asked for: each waits for
   * the one before (a pool may answer reads out of order, and a late
   * "running" after "done" would leave the screen on a finished job). They
   * are a courtesy to the screen: a failed read is logged, never thrown at a job.
   */
  let emitted: Promise<void> = Promise.resolve()
  function emit(id: number): void {
    // who asked is read now: the job's end forgets it before the row comes back
    const reader = askedBy.get(id) ?? null
    emitted = emitted
      .then(() => getRow(id))
      .then(
        (r) => {
          if (r) bus.emit('export:progress', toJob(r, reader))
        },
        (err: unknown) =>
          deps.log?.(
            `export ${id}: progress not read: ${err instanceof Error ? err.message : String(err)}`
          )
      )
  }

  function finish(
    t: Sql,
    id: number,
    status: ExportStatus,
    patch: { files?: StoredFile[]; manifestSha256?: string | null; error?: string | null }
  ): Promise<void> {
    return finishExport(t, id, status, { ...patch, at: deps.now() })
  }

  /** Remux one camera's segments over [from, to] to an MP4; undefined without footage. */
  async function exportCamera(
    camera: Camera,
    range: TimeRange,
    dir: string,
    work: string,
    signal: AbortSignal
  ): Promise<
    { file: StoredFile; covered: TimeRange; segments: number; gaps: TimeRange[] } | undefined
  > {
    const segs = await listSegments(sql, camera.id, range.from, range.to, room)
    const inputs: string[] = []
    const used: SegmentRow[] = []
    await mkdir(work, { recursive: true })
    for (const seg of segs) {
      if (signal.aborted) throw new Error('cancelled')
      let file = deps.footage.filePath(seg)
      if (!file) {
        // Footage produced on request (no store file): materialise it for ffmpeg.
        const bytes = await deps.footage.bytes(seg)
        if (!bytes) continue
        file = path.join(work, `${seg.id}.ts`)
        await writeFile(file, bytes)
      }
      inputs.push(file)
      used.push(seg)
    }
    const first = used[0]
    const last = used[used.length - 1]
    if (!first || !last) return undefined
    const listFile = path.join(work, 'concat.txt')
    await writeFile(listFile, concatList(inputs))
    // -c copy cannot cut before the first keyframe (segment start), but it can stop at `to`.
    const mediaMs = used.reduce((n, s) => n + s.durationMs, 0) - Math.max(0, last.endMs - range.to)
    const name = clipName(camera.code, range, tz)
    const out = path.join(dir, name)
    const remux = (audio: boolean) =>
      runFfmpeg(remuxArgs({ listFile, out, seconds: mediaMs / 1000, audio }), {
        ffmpegPath: deps.ffmpegPath,
        signal
      })
    await pool(async () => {
      try {
        await remux(true)
      } catch (err) {
        if (signal.aborted) throw err
        // Audio MP4 cannot carry (G.711 from some cameras): keep the picture, which is the evidence.
        await remux(false)
      }
    })
    const st = await stat(out)
    return {
      file: {
        name,
        kind: 'video',
        cameraId: camera.id,
        cameraCode: camera.code,
        bytes: st.size,
        sha256: await sha256File(out)
      },
      covered: { from: first.startMs, to: Math.min(last.endMs, range.to) },
      segments: used.length,
      gaps: findGaps(used)
    }
  }

  /** One PNG of the frame shown at `at` (decodes a single segment; see snapshotArgs). */
  async function snapshotCamera(
    camera: Camera,
    at: number,
    dir: string,
    work: string,
    signal: AbortSignal
  ): Promise<StoredFile | string> {
    const seg = (await listSegments(sql, camera.id, at, at + 1, room))[0]
    if (!seg) return 'no recording at that moment'
    let file = deps.footage.filePath(seg)
    if (!file) {
      const bytes = await deps.footage.bytes(seg)
      if (!bytes) return 'the recording could not be read'
      await mkdir(work, { recursive: true })
      file = path.join(work, `snap-${seg.id}.ts`)
      await writeFile(file, bytes)
    }
    const name = snapshotName(camera.code, at, tz)
    const out = path.join(dir, name)
    const offset = Math.max(0, (at - seg.startMs) / 1000)
    const grab = (seek: number) =>
      pool(() =>
        runFfmpeg(snapshotArgs({ input: file, out, seekS: seek }), {
          ffmpegPath: deps.ffmpegPath,
          signal
        })
      )
    await grab(offset)
    // a moment after the segment's last frame (its end is where the next one starts): take the last frame
    let st = await stat(out).catch(() => null)
    if (!st?.size) {
      await grab(Math.max(0, offset - 0.5))
      st = await stat(out).catch(() => null)
    }
    if (!st?.size) return 'no frame could be decoded at that moment'
    return {
      name,
      kind: 'snapshot',
      cameraId: camera.id,
      cameraCode: camera.code,
      bytes: st.size,
      sha256: await sha256File(out)
    }
  }

  async function run(
    id: number,
    cameras: Camera[],
    range: TimeRange,
    snapshots: number[],
    video: boolean,
    actor: ExportActor,
    signal: AbortSignal
  ): Promise<void> {
    const row = await getRow(id)
    if (!row) return
    const dir = path.join(deps.exportsDir, row.dir)
    const work = path.join(dir, '.work')
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 })
      const steps = cameras.length * ((video ? 1 : 0) + snapshots.length) || 1
      let done = 0
      const step = () => {
        progress.set(id, Math.min(0.99, ++done / steps))
        emit(id)
      }
      const files: StoredFile[] = []
      const manifestFiles: ExportManifest['files'] = []
      const missing: NonNullable<ExportManifest['missing']> = []
      await Promise.all(
        cameras.map(async (camera) => {
          // each camera's intermediate files, so parallel cameras never share a name
          const scratch = path.join(work, String(camera.id))
          if (video) {
            const r = await exportCamera(camera, range, dir, scratch, signal)
            if (r) {
              files.push(r.file)
              manifestFiles.push({
                name: r.file.name,
                kind: 'video',
                cameraCode: camera.code,
                bytes: r.file.bytes,
                sha256: r.file.sha256,
                from: iso(r.covered.from),
                to: iso(r.covered.to),
                segments: r.segments,
                gaps: r.gaps
              })
            }
            step()
          }
          for (const at of snapshots) {
            if (signal.aborted) throw new Error('cancelled')
            // a snapshot that cannot be made is listed as missing; it never takes the clip with it
            const f = await snapshotCamera(camera, at, dir, scratch, signal).catch(
              (err: unknown) => {
                if (signal.aborted) throw err
                return err instanceof Error ? err.message.slice(0, 200) : String(err)
              }
            )
            if (typeof f === 'string')
              missing.push({
                kind: 'snapshot',
                cameraCode: camera.code,
                at: iso(at),
                reason: f
              })
            else {
              files.push(f)
              manifestFiles.push({
                name: f.name,
                kind: 'snapshot',
                cameraCode: camera.code,
                bytes: f.bytes,
                sha256: f.sha256,
                from: iso(at)
              })
            }
            step()
          }
        })
      )
      if (signal.aborted) throw new Error('cancelled')
      files.sort((a, b) => a.name.localeCompare(b.name))
      const manifest = buildManifest({
        exportId: id,
        exporter: actor,
        exportedAt: deps.now(),
        timeZone: tz,
        range,
        cameras,
        files: manifestFiles,
        missing
      })
      const manifestPath = path.join(dir, 'manifest.json')
      await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`)
      const manifestSha = await sha256File(manifestPath)
      files.push({
        name: 'manifest.json',
        kind: 'manifest',
        cameraId: null,
        cameraCode: null,
        bytes: (await stat(manifestPath)).size,
        sha256: manifestSha
      })
      await rm(work, { recursive: true, force: true })
      const event = await sql.tx(async (t) => {
        await finish(t, id, 'done', { files, manifestSha256: manifestSha })
        await appendAudit(t, {
          at: deps.now(),
          actor: actor?.username ?? null,
          action: 'export.complete',
          entity: 'export',
          entityId: String(id),
          before: null,
          after: {
            manifestSha256: manifestSha,
            files: files.map((f) => ({ name: f.name, sha256: f.sha256 }))
          }
        })
        return appendSystemEvent(t, {
          at: deps.now(),
          kind: 'export.created',
          cameraId: cameras.length === 1 ? (cameras[0]?.id ?? null) : null,
          actor: actor?.username ?? null,
          data: {
            exportId: id,
            from: range.from,
            to: range.to,
            cameraIds: cameras.map((c) => c.id),
            files: files.length
          }
        })
      })
      bus.emit('event:appended', event)
    } catch (err) {
      const cancelled = signal.aborted
      await rm(dir, { recursive: true, force: true }).catch(() => undefined)
      const message = err instanceof Error ? (err.message.split('\n')[0] ?? 'failed') : String(err)
      const event = await sql.tx(async (t) => {
        await releaseExportLocks(t, id)
        await finish(t, id, cancelled ? 'cancelled' : 'failed', {
          error: cancelled ? null : message
        })
        await appendAudit(t, {
          at: deps.now(),
          actor: actor?.username ?? null,
          action: cancelled ? 'export.cancel' : 'export.fail',
          entity: 'export',
          entityId: String(id),
          before: null,
          after: cancelled ? null : { error: message }
        })
        return appendSystemEvent(t, {
          at: deps.now(),
          kind: cancelled ? 'export.cancelled' : 'export.failed',
          cameraId: null,
          actor: actor?.username ?? null,
          data: { exportId: id, error: cancelled ? null : message }
        })
      })
      bus.emit('event:appended', event)
      if (!cancelled) deps.log?.(`export ${id} failed: ${message}`)
    } finally {
      progress.delete(id)
      running.delete(id)
      emit(id)
      askedBy.delete(id)
    }
  }

  async function create(
    input: { cameraIds: number[]; from: number; to: number; snapshots?: number[]; video?: boolean },
    actor: ExportActor,
    sessionId: string | null = null
  ): Promise<ExportJob> {
    const cameras: Camera[] = []
    for (const id of input.cameraIds) {
      const c = await getCamera(sql, id)
      if (!c) throw new ApiError('not_found', `Unknown camera ${id}`)
      cameras.push(c)
    }
    const t = deps.now()
    const range = { from: input.from, to: input.to }
    const dirName = exportDirName(t, randomBytes(4).toString('hex'))
    const id = await sql.tx(async (tx) => {
      const exportId = await insertExport(tx, {
        room,
        from: range.from,
        to: range.to,
        cameraIds: input.cameraIds,
        dir: dirName,
        at: t,
        actor: actor?.username ?? null
      })
      for (const c of cameras) {
        await addEvidenceLock(tx, {
          cameraId: c.id,
          from: range.from,
          to: range.to,
          reason: `export ${exportId}`,
          exportId: exportId,
          at: t,
          actor: actor?.username ?? null
        })
      }
      await appendAudit(tx, {
        at: t,
        actor: actor?.username ?? null,
        action: 'export.create',
        entity: 'export',
        entityId: String(exportId),
        before: null,
        after: {
          cameraIds: input.cameraIds,
          cameraCodes: cameras.map((c) => c.code),
          from: range.from,
          to: range.to,
          snapshots: input.snapshots ?? [],
          video: input.video ?? true
        }
      })
      return exportId
    })
    const abort = new AbortController()
    progress.set(id, 0)
    askedBy.set(id, sessionId)
    const done = run(
      id,
      cameras,
      range,
      input.snapshots ?? [],
      input.video ?? true,
      actor,
      abort.signal
    )
    running.set(id, { abort, done })
    const row = await getRow(id)
    if (!row) throw new ApiError('internal', 'export row vanished')
    return toJob(row, sessionId)
  }

  return {
    create,
    /** Resolves when the export settled. */
    async wait(id: number, reader: string | null = null): Promise<ExportJob> {
      await running.get(id)?.done
      const row = await getRow(id)
      if (!row) throw new ApiError('not_found', `No export ${id}`)
      return toJob(row, reader)
    },
    async cancel(id: number, reader: string | null): Promise<ExportJob> {
      const job = running.get(id)
      if (job) {
        job.abort.abort()
        await job.done
      }
      const row = await getRow(id)
      if (!row) throw new ApiError('not_found', `No export ${id}`)
      return toJob(row, reader)
    },
    async list(limit: number, reader: string | null): Promise<ExportJob[]> {
      return (await listExportRows(sql, limit, room)).map((r) => toJob(r, reader))
    },
    async get(id: number, reader: string | null): Promise<ExportJob | undefined> {
      const r = await getRow(id)
      return r && toJob(r, reader)
    },
    /** A finished export's file by its listed name, confined to that export's directory. */
    async fileFor(
      exportId: number,
      name: string
    ): Promise<{ path: string; type: string } | undefined> {
      if (!FILE_NAME_RE.test(name)) return undefined
      const r = await getRow(exportId)
      if (!r || r.status !== 'done') return undefined
      const f = (JSON.parse(r.files) as StoredFile[]).find((x) => x.name === name)
      if (!f) return undefined
      const root = path.resolve(deps.exportsDir)
      const full = path.resolve(root, r.dir, f.name)
      if (!full.startsWith(root + path.sep)) return undefined
      const type =
        f.kind === 'video' ? 'video/mp4' : f.kind === 'snapshot' ? 'image/png' : 'application/json'
      return { path: full, type }
    },
    /**
     * A finished export's files (manifest included) for its one-download zip,
     * when `name` is that zip's name; paths confined like fileFor's.
     */
    async zipFor(
      exportId: number,
      name: string
    ): Promise<{ entries: { name: string; path: string; bytes: number }[] } | undefined> {
      const r = await getRow(exportId)
      if (!r || r.status !== 'done') return undefined
      if (name !== zipName(r.id, { from: r.from_ms, to: r.to_ms }, tz)) return undefined
      const root = path.resolve(deps.exportsDir)
      const entries = (JSON.parse(r.files) as StoredFile[]).map((f) => ({
        name: f.name,
        path: path.resolve(root, r.dir, f.name),
        bytes: f.bytes
      }))
      if (entries.some((e) => !FILE_NAME_RE.test(e.name) || !e.path.startsWith(root + path.sep)))
        return undefined
      return { entries }
    },
    async dirOf(exportId: number): Promise<string | undefined> {
      const r = await getRow(exportId)
      return r && path.join(deps.exportsDir, r.dir)
    },
    async close(): Promise<void> {
      for (const j of running.values()) j.abort.abort()
      await Promise.all([...running.values()].map((j) => j.done.catch(() => undefined)))
      await emitted
    }
  }
}
