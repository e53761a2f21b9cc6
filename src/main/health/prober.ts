import type { Sql } from '../db/sql'
import type { EventBus } from '../app/bus'
import type { CameraStatus } from '../../shared/domain/camera'
import type { MediaPlaylist } from '../media/hls/playlist'
import type { Camera } from '../../shared/domain/camera'
import type { HealthSummary } from '../../shared/ipc/contracts/health'
import { appendStatusChange, recordProbeResults } from '../registry/repository'
import { listProbeTargets, type ProbeTarget } from '../cameras/repository'
import { appendSystemEvent } from '../events/repository'
import { judgePlaylist, type ProbeOutcome, type ProgressMark } from './judge'
import { fetchLivePlaylist, httpGet, probeRtsp, type FetchLike } from './probes'
import type { LiveService } from '../live/service'
import { connectCheck, isIngestUrl } from '../live/ingest'

/**
 * A source inside main that answers for its own cameras without a network
 * round trip: its live playlist (judged like any HLS camera's), null while
 * it has nothing to say yet, or an outcome; undefined for cameras that are
 * not its own. The composition root plugs it in where such a source runs.
 */
export type InProcessProbe = (
  camera: Pick<Camera, 'id' | 'code' | 'streamUrl'>
) => { playlist: MediaPlaylist } | ProbeOutcome | null | undefined

export type ProberOptions = {
  sql: Sql
  bus: EventBus
  now: () => number
  inProcess?: InProcessProbe | null
  ffmpegPath?: string
  fetch?: FetchLike
  /** time from the start of one cycle to the start of the next */
  intervalMs?: number
  /** HLS probes in flight at once */
  concurrency?: number
  /** ffmpeg processes at once (each costs a process) */
  rtspConcurrency?: number
  timeoutMs?: number
  /** consecutive failed probes before an online camera is declared offline (one blip is not an outage) */
  failuresBeforeOffline?: number
  log?: (msg: string) => void
  /** main's live service: RTSP/RTMP/FLV cameras are probed through it (one upstream per stream) */
  live?: Pick<LiveService, 'probe' | 'stateOf'>
}

export type CycleStats = {
  startedAt: number
  ms: number
  probed: number
  skipped: number
  changed: number
  byStatus: Record<CameraStatus, number>
}

export type HealthProber = {
  start(): void
  stop(): Promise<void>
  /** One full pass over every camera; resolves when it is written. Cycles never overlap. */
  runCycle(ids?: readonly number[]): Promise<CycleStats>
  summary(): HealthSummary
  /**
   * What the live service just saw of a camera (frames arrive, or why not):
   * written at once, so the status dot follows the picture within seconds
   * instead of waiting for the next cycle. Resolves when it is written (a
   * failed write is logged, never thrown: the caller is the live service).
   */
  report(cameraId: number, outcome: ProbeOutcome): Promise<void>
}

type Target = ProbeTarget
type Result = { target: Target; outcome: ProbeOutcome | null }

/** A live probe's failure as the status history and tooltips say it. */
function liveDetail(r: { reason: string; detail: string | null }): string {
  return r.detail ? `${r.reason}: ${r.detail}` : r.reason
}

/**
 * TCP connect-checks in flight at once before a cycle's probes: sockets are
 * cheap, so 5,000 cameras that do not answer cost about
 * 5000 / CONNECT_CHECKS × the deadline, not a process each.
 */
const CONNECT_CHECKS = 1000

/** Results are written (and the event loop given back) in chunks of this size. */
const WRITE_CHUNK = 50

/**
 * Probes every camera's stream on an interval with bounded concurrency and a
 * deadline per probe. HLS: the playlist must keep advancing; RTSP: ffmpeg
 * must find a video stream; a source inside main answers for its own. A
 * status change is written to the camera, the history table and the event
 * log, and pushed as `camera:status`. All I/O is asynchronous and the work
 * between awaits is small, so 500 cameras do not stall main.
 */
export function createHealthProber(opts: ProberOptions): HealthProber {
  const { sql, bus, now } = opts
  const intervalMs = opts.intervalMs ?? 15_000
  const concurrency = Math.max(1, opts.concurrency ?? 16)
  const rtspConcurrency = Math.max(1, opts.rtspConcurrency ?? 2)
  const timeoutMs = opts.timeoutMs ?? 4000
  const failuresBeforeOffline = Math.max(1, opts.failuresBeforeOffline ?? 2)
  const fetchImpl: FetchLike = opts.fetch ?? httpGet
  const marks = new Map<number, ProgressMark>()
  const failures = new Map<number, number>()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<CycleStats> | null = null
  let stopped = false
  let last: CycleStats | null = null
  let rtspSlots = rtspConcurrency
  const rtspWaiters: (() => void)[] = []

  async function withRtspSlot<T>(fn: () => Promise<T>): Promise<T> {
    if (rtspSlots === 0) await new Promise<void>((r) => rtspWaiters.push(r))
    else rtspSlots--
    try {
      return await fn()
    } finally {
      const next = rtspWaiters.shift()
      if (next) next()
      else rtspSlots++
    }
  }

  async function probeOne(t: Target): Promise<ProbeOutcome | null> {
    const url = t.streamUrl
    if (!url) return null
    const judge = (pl: MediaPlaylist): ProbeOutcome => {
      const { outcome, mark } = judgePlaylist(pl, marks.get(t.id), now())
      marks.set(t.id, mark)
      return outcome
    }
    const own = opts.inProcess?.({ id: t.id, code: t.code, streamUrl: url })
    if (own !== undefined) return own && 'playlist' in own ? judge(own.playlist) : own
    const live = opts.live
    if (live && isIngestUrl(url)) {
      // a stream on the wall or being recorded already tells: no connection of our own
      const open = [live.stateOf(t.id, 'main'), live.stateOf(t.id, 'sub')]
      if (open.some((s) => s?.status === 'playing')) return { status: 'online', detail: null }
      const main = await live.probe(t.id, 'main', timeoutMs)
      if (!main.ok) return { status: 'offline', detail: liveDetail(main), reason: main.reason }
      if (!isIngestUrl(t.subStreamUrl)) return { status: 'online', detail: null }
      const sub = await live.probe(t.id, 'sub', timeoutMs)
      return sub.ok
        ? { status: 'online', detail: null }
        : { status: 'degraded', detail: `sub-stream: ${liveDetail(sub)}`, reason: sub.reason }
    }
    if (/^rtsps?:\/\//i.test(url))
      return withRtspSlot(() => probeRtsp(url, { ffmpegPath: opts.ffmpegPath, timeoutMs }))
    if (/^https?:\/\//i.test(url)) {
      const got = await fetchLivePlaylist(url, { fetch: fetchImpl, timeoutMs })
      return 'playlist' in got ? judge(got.playlist) : got.outcome
    }
    return null
  }

  /** Hysteresis: an online/degraded camera goes offline only after N failures in a row. */
  function nextStatus(t: Target, outcome: ProbeOutcome): CameraStatus {
    if (outcome.status !== 'offline') {
      failures.delete(t.id)
      return outcome.status
    }
    const n = (failures.get(t.id) ?? 0) + 1
    failures.set(t.id, n)
    if (t.status === 'unknown' || t.status === 'offline' || n >= failuresBeforeOffline)
      return 'offline'
    return t.status
  }

  async function write(results: readonly Result[]): Promise<number> {
    const at = now()
    let changed = 0
    const pushes: (() => void)[] = []
    await sql.tx(async (tx) => {
      const rows: { id: number; status: CameraStatus; seenAt: number | null }[] = []
      for (const { target: t, outcome } of results) {
        if (!outcome) continue
        const status = nextStatus(t, outcome)
        rows.push({ id: t.id, status, seenAt: outcome.status === 'offline' ? null : at })
        if (status === t.status) continue
        changed++
        await appendStatusChange(tx, {
          cameraId: t.id,
          at,
          status,
          previous: t.status,
          detail: outcome.detail
        })
        const e =
          status === 'unknown'
            ? null
            : await appendSystemEvent(tx, {
                at,
                kind: `camera.${status}`,
                cameraId: t.id,
                actor: null,
                data: { code: t.code, previous: t.status, detail: outcome.detail }
              })
        pushes.push(() => {
          bus.emit('camera:status', {
            cameraId: t.id,
            code: t.code,
            status,
            at,
            reason: outcome.reason ?? null
          })
          if (e) bus.emit('event:appended', e)
        })
      }
      await recordProbeResults(tx, rows)
    })
    for (const p of pushes) p()
    return changed
  }

  async function targets(ids?: readonly number[]): Promise<Target[]> {
    const rows = await listProbeTargets(sql)
    if (!ids) return rows
    const want = new Set(ids)
    return rows.filter((r) => want.has(r.id))
  }

  async function cycle(ids?: readonly number[]): Promise<CycleStats> {
    const startedAt = now()
    const t0 = performance.now()
    const list = await targets(ids)
    const stats: CycleStats = {
      startedAt,
      ms: 0,
      probed: 0,
      skipped: 0,
      changed: 0,
      byStatus: { unknown: 0, online: 0, degraded: 0, offline: 0 }
    }
    let pending: Result[] = []
    // ingest cameras first get a TCP connect-check, all at once: the dead ones are
    // settled here (offline, unreachable) and never cost a probe slot or a process
    const live = opts.live
    const dead = new Set<number>()
    if (live) {
      const toCheck = list.filter(
        (t) => isIngestUrl(t.streamUrl) && !live.stateOf(t.id, 'main') && !live.stateOf(t.id, 'sub')
      )
      let next = 0
      const checker = async () => {
        while (!stopped && next < toCheck.length) {
          const t = toCheck[next++]
          if (t?.streamUrl && !(await connectCheck(t.streamUrl, Math.min(timeoutMs, 2000))))
            dead.add(t.id)
        }
      }
      await Promise.all(Array.from({ length: Math.min(CONNECT_CHECKS, toCheck.length) }, checker))
      for (const t of list)
        if (dead.has(t.id)) {
          stats.probed++
          stats.byStatus.offline++
          pending.push({
            target: t,
            outcome: { status: 'offline', detail: 'unreachable', reason: 'unreachable' }
          })
        }
    }
    const queue = dead.size ? list.filter((t) => !dead.has(t.id)) : list
    let nextIndex = 0
    const flush = async () => {
      if (pending.length === 0 || stopped) return
      const batch = pending
      pending = []
      stats.changed += await write(batch)
    }
    const worker = async () => {
      while (!stopped && nextIndex < queue.length) {
        const t = queue[nextIndex++]
        let outcome: ProbeOutcome | null
        try {
          outcome = await probeOne(t)
        } catch (err) {
          outcome = {
            status: 'offline',
            detail: err instanceof Error ? err.message.slice(0, 200) : String(err)
          }
        }
        if (outcome) {
          stats.probed++
          stats.byStatus[outcome.status]++
        } else stats.skipped++
        pending.push({ target: t, outcome })
        if (pending.length >= WRITE_CHUNK) {
          await flush()
          // in-process probes resolve synchronously: give the event loop back between chunks
          await new Promise<void>((r) => setImmediate(r))
        }
      }
    }
    await Promise.all(
      Array.from({ length: Math.min(concurrency, Math.max(1, queue.length)) }, worker)
    )
    await flush()
    // forget cameras that are gone
    if (!ids) {
      const alive = new Set(list.map((t) => t.id))
      for (const id of marks.keys()) if (!alive.has(id)) marks.delete(id)
    }
    stats.ms = performance.now() - t0
    if (!ids) last = stats
    return stats
  }

  function runCycle(ids?: readonly number[]): Promise<CycleStats> {
    const run = (running ?? Promise.resolve(null)).catch(() => null).then(() => cycle(ids))
    running = run
    void run.finally(() => {
      if (running === run) running = null
    })
    return run
  }

  function schedule(delay: number): void {
    if (stopped) return
    timer = setTimeout(() => {
      const started = performance.now()
      runCycle()
        .catch((err: unknown) =>
          opts.log?.(
            `health probe cycle failed: ${err instanceof Error ? err.message : String(err)}`
          )
        )
        .finally(() => schedule(Math.max(1000, intervalMs - (performance.now() - started))))
    }, delay)
    timer.unref()
  }

  return {
    start() {
      stopped = false
      if (!timer) schedule(Math.min(2000, intervalMs))
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      timer = undefined
      await running?.catch(() => undefined)
    },
    runCycle,
    async report(cameraId, outcome) {
      if (stopped) return
      try {
        const [t] = await targets([cameraId])
        if (t) await write([{ target: t, outcome }])
      } catch (err) {
        opts.log?.(
          `health report of camera ${cameraId} failed: ${err instanceof Error ? err.message : String(err)}`
        )
      }
    },
    summary: () => ({
      lastCycleAt: last?.startedAt ?? null,
      lastCycleMs: last ? Math.round(last.ms) : null,
      probed: last?.probed ?? 0,
      intervalMs
    })
  }
}
