/**
 * The recorder: for every camera set to `continuous` it follows the live HLS
 * playlist, stores each new segment under the recording store and indexes it
 * (camera, start/end from PROGRAM-DATE-TIME or arrival, duration, bytes, path).
 * Nothing is invented: a source that is away leaves a gap. A restart resumes
 * after the newest indexed segment. A sweeper deletes the oldest footage over
 * retention or the disk quota, never anything under an evidence lock.
 */
import { mkdir, readdir, rename, rm, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Sql } from '../db/sql'
import type { Camera } from '../../shared/domain/camera'
import type { RecorderState, RecordingCameraStatus } from '../../shared/domain/recording'
import { listCameras } from '../cameras/repository'
import { segmentProgramDateTimes } from '../media/hls/playlist'
import {
  camerasWithFootage,
  deleteSegments,
  expiredUnlocked,
  getQuotaBytes,
  insertSegment,
  lastSegment,
  listRecordingSettings,
  maxRun,
  MAX_SEGMENT_MS,
  oldestUnlockedStored,
  recordingSettingOf,
  segmentsAfter,
  totalStoredBytes,
  type SegmentRow
} from './repository'
import { ffmpegIngestReader, httpReader, rtspInputArgs, type LiveReader } from './sources'
import type { LiveService } from '../live/service'
import { isIngestUrl } from '../live/ingest'
import { resolveFfmpeg } from '../media/ffmpeg'
import { liveIngestReader } from './liveSource'
import { looksLikeTs, resolveInStore, segmentRelPath } from './store'

const DAY_MS = 86_400_000
/** A segment starting this close to the end of the last stored one is the same or the next one. */
const OVERLAP_SLACK_MS = 100

export type RecorderOptions = {
  sql: Sql
  /**
   * the room server whose store this is (its room.id on a district, '' on a
   * room's own file): the recorder indexes, reads and deletes only its rows
   */
  room?: string
  /** <data dir>/recordings */
  storeDir: string
  now?: () => number
  log?: (msg: string) => void
  ffmpegPath?: string
  /** override the poll period (tests); default half the target duration */
  pollMs?: number
  /** period of the retention/quota sweep */
  sweepIntervalMs?: number
  /** ffmpeg input arguments per rtsp:// URL (tests feed a file instead) */
  ingestInputArgs?: (url: string) => string[]
  /** main's live service: cameras it ingests are recorded as its clients (one upstream) */
  live?: Pick<LiveService, 'attach'>
  /**
   * reader for a camera's URL ahead of the standard ones: sources inside main
   * that the composition root plugs in, and tests
   */
  readerFor?: (camera: Camera) => LiveReader | undefined
  /** called after every stored segment */
  onSegment?: (seg: SegmentRow) => void
  /** the store's disk is full (ENOSPC/EDQUOT): called once per episode; nothing partial is indexed */
  onDiskFull?: (err: Error) => void
  /** a segment was written again after the disk was full */
  onDiskRecovered?: () => void
}

export type Recorder = {
  /** Reconcile the store with the index, then record every camera set to continuous. */
  start(): Promise<void>
  /** Re-read settings and cameras: start or stop per-camera jobs. */
  refresh(): Promise<void>
  /** Run retention and quota deletion now. */
  sweep(): Promise<{ deleted: number; freedBytes: number }>
  status(): Promise<RecordingCameraStatus[]>
  usedBytes(): Promise<number>
  /** Run id for footage written outside the live loop (seeded footage). */
  nextRun(): Promise<number>
  stop(): Promise<void>
}

type Job = {
  camera: Camera
  url: string
  reader: LiveReader
  state: RecorderState
  lastError: string | null
  run: number | null
  /** media sequence number of the last segment handled in this run */
  lastSeq: number
  /** end of the newest indexed segment of this camera */
  lastEnd: number
  prevInRun: SegmentRow | null
  timer: NodeJS.Timeout | undefined
  polling: Promise<void> | null
  failures: number
  stopped: boolean
}

export function createRecorder(opts: RecorderOptions): Recorder {
  const { sql, storeDir } = opts
  const room = opts.room ?? ''
  const now = opts.now ?? Date.now
  const log = opts.log ?? (() => undefined)
  const jobs = new Map<number, Job>()
  let runCounter = 0
  let diskFull = false
  let used = 0
  // the counters come from the index once; everything that uses them waits for this
  const loaded = Promise.all([maxRun(sql, room), totalStoredBytes(sql, room)]).then(
    ([run, bytes]) => {
      runCounter = run
      used = bytes
    }
  )
  // a failure reaches whoever waits for it (start, sweep), not the process
  loaded.catch(() => undefined)
  let sweepTimer: NodeJS.Timeout | undefined
  let sweeping: Promise<{ deleted: number; freedBytes: number }> | null = null
  let refreshing: Promise<void> = Promise.resolve()
  let stopped = false
  /** only after `loaded`: jobs run after start() or refresh(), which wait for it */
  const nextRun = () => ++runCounter

  function readerFor(camera: Camera): LiveReader | undefined {
    const custom = opts.readerFor?.(camera)
    if (custom) return custom
    const url = camera.streamUrl ?? ''
    if (opts.live && isIngestUrl(url))
      return liveIngestReader({
        workDir: path.join(storeDir, '.ingest', String(camera.id)),
        live: opts.live,
        cameraId: camera.id,
        ffmpegPath: opts.ffmpegPath ?? resolveFfmpeg().path,
        log
      })
    if (/^https?:\/\//i.test(url)) return httpReader(url)
    if (/^rtsps?:\/\//i.test(url))
      return ffmpegIngestReader({
        workDir: path.join(storeDir, '.ingest', String(camera.id)),
        inputArgs: (opts.ingestInputArgs ?? rtspInputArgs)(url),
        ffmpegPath: opts.ffmpegPath,
        log
      })
    return undefined
  }

  function schedule(job: Job, ms: number): void {
    if (job.stopped || stopped) return
    clearTimeout(job.timer)
    job.timer = setTimeout(() => {
      job.polling = poll(job).finally(() => {
        job.polling = null
      })
    }, ms)
  }

  async function poll(job: Job): Promise<void> {
    let nextMs = opts.pollMs ?? 1000
    try {
      const pl = await job.reader.playlist()
      if (job.stopped) return
      if (!pl || pl.segments.length === 0) {
        // Away: whatever comes next starts a new run after a real gap.
        job.state = 'waiting'
        job.run = null
        job.failures++
        nextMs = Math.min(10_000, (opts.pollMs ?? 1000) * 2 ** Math.min(job.failures, 4))
        return
      }
      job.failures = 0
      job.lastError = null
      job.state = 'recording'
      nextMs = opts.pollMs ?? Math.max(500, Math.min(4000, (pl.targetDuration * 1000) / 2))
      const pdts = segmentProgramDateTimes(pl)
      // The source restarted its numbering: a new timeline.
      if (job.run !== null && pl.mediaSequence + pl.segments.length - 1 < job.lastSeq)
        job.run = null
      if (job.run === null) {
        job.run = nextRun()
        job.lastSeq = -1
        job.prevInRun = null
      }
      for (let i = 0; i < pl.segments.length; i++) {
        if (job.stopped) return
        const seg = pl.segments[i]
        if (!seg) continue
        const seq = pl.mediaSequence + i
        if (job.lastSeq >= 0 && seq <= job.lastSeq) continue
        if (seg.discontinuity && job.lastSeq >= 0) {
          job.run = nextRun()
          job.prevInRun = null
        }
        const arrival = now()
        const durationMs = Math.round(seg.duration * 1000)
        const pdt = pdts[i]
        const contiguous = job.prevInRun !== null && seq === job.lastSeq + 1
        const startMs =
          pdt ?? (contiguous && job.prevInRun ? job.prevInRun.endMs : arrival - durationMs)
        job.lastSeq = seq
        if (durationMs <= 0 || durationMs > MAX_SEGMENT_MS) continue
        // Already stored (resuming after a restart, or a source repeating itself).
        if (startMs < job.lastEnd - OVERLAP_SLACK_MS) continue
        if (job.reader.ref) {
          const ref = job.reader.ref(seg, seq)
          if (!ref) {
            job.prevInRun = null
            continue
          }
          const row = await indexRef(job, {
            startMs,
            durationMs,
            ref,
            timeSource: pdt !== undefined ? 'pdt' : 'arrival'
          })
          job.prevInRun = row
          job.lastEnd = row.endMs
          continue
        }
        const bytes = await job.reader.segment(seg, seq)
        if (job.stopped) return
        if (!bytes || !looksLikeTs(bytes)) {
          job.lastError = 'segment missing or not MPEG-TS'
          job.prevInRun = null
          continue
        }
        const row = await store(job, {
          startMs,
          durationMs,
          bytes,
          timeSource: pdt !== undefined ? 'pdt' : 'arrival'
        })
        if (row) {
          job.prevInRun = row
          job.lastEnd = row.endMs
        }
      }
    } catch (err) {
      job.lastError = err instanceof Error ? err.message : String(err)
      job.state = 'waiting'
      job.run = null
      job.failures++
      nextMs = Math.min(10_000, 1000 * 2 ** Math.min(job.failures, 4))
    } finally {
      schedule(job, nextMs)
    }
  }

  /** Indexes a segment that references source bytes (no copy, no quota use). */
  async function indexRef(
    job: Job,
    s: { startMs: number; durationMs: number; ref: string; timeSource: 'pdt' | 'arrival' }
  ): Promise<SegmentRow> {
    const row = await insertSegment(sql, {
      room,
      cameraId: job.camera.id,
      startMs: s.startMs,
      endMs: s.startMs + s.durationMs,
      durationMs: s.durationMs,
      bytes: 0,
      path: s.ref,
      run: job.run ?? nextRun(),
      timeSource: s.timeSource,
      createdAt: now()
    })
    opts.onSegment?.(row)
    return row
  }

  async function store(
    job: Job,
    s: { startMs: number; durationMs: number; bytes: Buffer; timeSource: 'pdt' | 'arrival' }
  ): Promise<SegmentRow | null> {
    const run = job.run ?? nextRun()
    const rel = segmentRelPath(job.camera.id, s.startMs, run)
    const full = resolveInStore(storeDir, rel)
    if (!full) throw new Error(`refusing segment path ${rel}`)
    await mkdir(path.dirname(full), { recursive: true })
    // Written aside, renamed, then indexed: a crash leaves at most an unindexed file that start() removes.
    const part = `${full}.part`
    try {
      await writeFile(part, s.bytes)
      await rename(part, full)
    } catch (err) {
      await unlink(part).catch(() => undefined)
      const code = (err as { code?: string }).code
      if (code === 'ENOSPC' || code === 'EDQUOT') {
        if (!diskFull) {
          diskFull = true
          log(`recorder: the recording disk is full; recording pauses until space returns`)
          opts.onDiskFull?.(err as Error)
        }
        job.lastError = 'disk full'
        return null
      }
      throw err
    }
    if (diskFull) {
      diskFull = false
      log('recorder: space returned; recording resumes')
      opts.onDiskRecovered?.()
    }
    let row: SegmentRow
    try {
      row = await insertSegment(sql, {
        room,
        cameraId: job.camera.id,
        startMs: s.startMs,
        endMs: s.startMs + s.durationMs,
        durationMs: s.durationMs,
        bytes: s.bytes.length,
        path: rel,
        run,
        timeSource: s.timeSource,
        createdAt: now()
      })
    } catch (err) {
      await unlink(full).catch(() => undefined)
      throw err
    }
    used += row.bytes
    opts.onSegment?.(row)
    if (used > (await getQuotaBytes(sql))) void sweep()
    return row
  }

  async function deleteRows(rows: readonly SegmentRow[]): Promise<number> {
    if (rows.length === 0) return 0
    await deleteSegments(
      sql,
      rows.map((r) => r.id),
      room
    )
    let freed = 0
    for (const r of rows) {
      used -= r.bytes
      freed += r.bytes
      const full = resolveInStore(storeDir, r.path)
      if (full) await unlink(full).catch(() => undefined)
    }
    return freed
  }

  async function runSweep(): Promise<{ deleted: number; freedBytes: number }> {
    await loaded
    let deleted = 0
    let freedBytes = 0
    const t = now()
    const settings = await listRecordingSettings(sql)
    for (const cameraId of await camerasWithFootage(sql, room)) {
      const days =
        settings.get(cameraId)?.retentionDays ??
        (await recordingSettingOf(sql, cameraId)).retentionDays
      for (;;) {
        const rows = await expiredUnlocked(sql, cameraId, t - days * DAY_MS, 500, room)
        freedBytes += await deleteRows(rows)
        deleted += rows.length
        if (rows.length < 500) break
      }
    }
    const quota = await getQuotaBytes(sql)
    if (used > quota) {
      // Hysteresis: free a little more than needed so every new segment does not trigger a sweep.
      const target = quota * 0.98
      while (used > target) {
        const rows = await oldestUnlockedStored(sql, 200, room)
        if (rows.length === 0) {
          log(
            `recorder: over the disk quota (${used} > ${quota} bytes) but all remaining footage is under evidence locks`
          )
          break
        }
        const batch: SegmentRow[] = []
        let need = used - target
        for (const r of rows) {
          batch.push(r)
          need -= r.bytes
          if (need <= 0) break
        }
        freedBytes += await deleteRows(batch)
        deleted += batch.length
      }
    }
    return { deleted, freedBytes }
  }

  function sweep(): Promise<{ deleted: number; freedBytes: number }> {
    sweeping ??= runSweep().finally(() => {
      sweeping = null
    })
    return sweeping
  }

  /** Files the index does not know (a crash between write and insert) and `.part` leftovers go. */
  async function reconcile(): Promise<void> {
    let cameraDirs: string[]
    try {
      cameraDirs = (await readdir(storeDir)).filter((d) => /^[1-9][0-9]*$/.test(d))
    } catch {
      return
    }
    for (const dir of cameraDirs) {
      const cameraId = Number(dir)
      const last = await lastSegment(sql, cameraId, room)
      let days: string[]
      try {
        days = (await readdir(path.join(storeDir, dir))).filter((d) => /^[0-9]{8}$/.test(d)).sort()
      } catch {
        continue
      }
      // Only the newest days can hold files written just before a crash.
      for (const day of days.slice(-2)) {
        const names = await readdir(path.join(storeDir, dir, day)).catch(() => [] as string[])
        const known = new Set(
          (await segmentsAfter(sql, cameraId, (last?.startMs ?? 0) - 3 * DAY_MS, room)).map(
            (s) => s.path
          )
        )
        for (const name of names) {
          const rel = `${dir}/${day}/${name}`
          if (name.endsWith('.part') || (name.endsWith('.ts') && !known.has(rel))) {
            await rm(path.join(storeDir, dir, day, name), { force: true }).catch(() => undefined)
          }
        }
      }
    }
    await rm(path.join(storeDir, '.ingest'), { recursive: true, force: true }).catch(
      () => undefined
    )
  }

  async function startJob(camera: Camera): Promise<void> {
    const last = await lastSegment(sql, camera.id, room)
    if (stopped || jobs.has(camera.id)) return
    const reader = readerFor(camera)
    const job: Job = {
      camera,
      url: camera.streamUrl ?? '',
      reader: reader ?? {
        playlist: () => Promise.resolve(undefined),
        segment: () => Promise.resolve(undefined),
        close: () => Promise.resolve()
      },
      state: reader ? 'starting' : 'unsupported',
      lastError: reader
        ? null
        : 'no recordable stream URL (http(s) HLS, rtsp:// or a built-in source)',
      run: null,
      lastSeq: -1,
      lastEnd: last?.endMs ?? 0,
      prevInRun: null,
      timer: undefined,
      polling: null,
      failures: 0,
      stopped: false
    }
    jobs.set(camera.id, job)
    if (reader) schedule(job, 0)
  }

  async function stopJob(job: Job): Promise<void> {
    job.stopped = true
    clearTimeout(job.timer)
    jobs.delete(job.camera.id)
    await job.polling?.catch(() => undefined)
    await job.reader.close()
  }

  async function applySettings(): Promise<void> {
    await loaded
    if (stopped) return
    const settings = await listRecordingSettings(sql)
    const wanted = new Map<number, Camera>()
    for (const c of await listCameras(sql))
      if (settings.get(c.id)?.mode === 'continuous') wanted.set(c.id, c)
    for (const job of [...jobs.values()]) {
      const c = wanted.get(job.camera.id)
      if (!c || c.streamUrl !== job.url) void stopJob(job)
    }
    for (const c of wanted.values()) if (!jobs.has(c.id)) await startJob(c)
  }

  /** One refresh at a time: two overlapping ones would start a camera's job twice. */
  function refresh(): Promise<void> {
    const next = refreshing.then(applySettings)
    refreshing = next.catch((err: unknown) =>
      log(`recorder: refresh failed: ${err instanceof Error ? err.message : String(err)}`)
    )
    return next
  }

  return {
    async start() {
      await mkdir(storeDir, { recursive: true, mode: 0o700 })
      await loaded
      await reconcile()
      await refresh()
      void sweep()
      sweepTimer = setInterval(() => void sweep(), opts.sweepIntervalMs ?? 60_000)
      sweepTimer.unref()
    },
    refresh,
    sweep,
    nextRun: () => loaded.then(nextRun),
    usedBytes: () => loaded.then(() => used),
    async status() {
      const settings = await listRecordingSettings(sql)
      const out: RecordingCameraStatus[] = []
      for (const c of await listCameras(sql)) {
        const s = settings.get(c.id) ?? (await recordingSettingOf(sql, c.id))
        const job = jobs.get(c.id)
        out.push({
          ...s,
          state: job?.state ?? 'off',
          lastSegmentEnd: job
            ? job.lastEnd || null
            : ((await lastSegment(sql, c.id, room))?.endMs ?? null),
          lastError: job?.lastError ?? null
        })
      }
      return out
    },
    async stop() {
      stopped = true
      clearInterval(sweepTimer)
      await refreshing
      await Promise.all([...jobs.values()].map(stopJob))
      await sweeping?.catch(() => undefined)
    }
  }
}
