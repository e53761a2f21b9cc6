/**
 * The render queue: which demo camera is rendered next (what the wall shows
 * first, then what a player asked for, then the rest in the background), how
 * many ffmpeg runs at once, and when a failed render may be tried again.
 */
import { resolveFfmpeg } from '../../media/ffmpeg'
import {
  DEFAULT_DEMO_RENDER_PARAMS,
  validateDemoRenderParams,
  type DemoCamera,
  type DemoRenderParams,
  type RenderedLoop
} from './params'
import { detectDemoFonts, type DemoFonts } from './fonts'
import { pruneDemoCacheTemp, renderDemoLoop } from './cache'

export type DemoRenderStatus = 'unknown' | 'idle' | 'queued' | 'rendering' | 'ready' | 'failed'

export interface DemoRendererOptions {
  cacheDir: string
  cameras: readonly DemoCamera[]
  ffmpegPath?: string
  params?: Partial<DemoRenderParams>
  /** Parallel ffmpeg renders for wall and on-demand cameras; 1–2 keeps a live wall smooth. */
  concurrency?: number
  /** Parallel renders while only background cameras are queued (default 1: leave a core to the wall). */
  backgroundConcurrency?: number
  niceness?: number
  fonts?: DemoFonts
  onRendered?: (loop: RenderedLoop) => void
  onError?: (code: string, error: unknown) => void
}

/**
 * Render priority: `wall` — cameras a layout shows right now (latest call first);
 * `demand` — a player asked for an unrendered camera (first come, first served);
 * `background` — everything else.
 */
export type DemoRenderPriority = 'wall' | 'demand' | 'background'

const PRIORITY_RANK: Record<DemoRenderPriority, number> = { wall: 0, demand: 1, background: 2 }

export interface DemoRenderer {
  readonly params: DemoRenderParams
  /** Render (or load) these cameras at `priority` (default `wall`: ahead of all others, in this order). */
  ensure(codes: readonly string[], priority?: DemoRenderPriority): Promise<RenderedLoop[]>
  /** Queue every camera in the background tier; resolves when every render settled. */
  ensureAll(): Promise<{ ready: RenderedLoop[]; failed: { code: string; error: unknown }[] }>
  /** The loop if ready, without waiting. */
  get(code: string): RenderedLoop | undefined
  status(code: string): DemoRenderStatus
  /** Forget a ready loop whose files turned out to be damaged, and render it again. */
  invalidate(code: string): void
  close(): Promise<void>
}

interface Job {
  camera: DemoCamera
  state: Exclude<DemoRenderStatus, 'unknown'>
  rank: number
  /** Consecutive failed renders and the earliest time another attempt may start. */
  failures: number
  retryAt: number
  loop?: RenderedLoop
  error?: Error
  waiters: { resolve: (loop: RenderedLoop) => void; reject: (err: unknown) => void }[]
}

export function createDemoRenderer(options: DemoRendererOptions): DemoRenderer {
  const params: DemoRenderParams = { ...DEFAULT_DEMO_RENDER_PARAMS, ...options.params }
  validateDemoRenderParams(params)
  // Resolved lazily so a machine without ffmpeg still starts; renders then fail (and retry later).
  let ffmpegPath = options.ffmpegPath
  const fonts = options.fonts ?? detectDemoFonts()
  const concurrency = Math.max(1, options.concurrency ?? 2)
  const backgroundConcurrency = Math.max(
    1,
    Math.min(concurrency, options.backgroundConcurrency ?? 1)
  )
  const jobs = new Map<string, Job>()
  for (const camera of options.cameras)
    jobs.set(camera.code, {
      camera,
      state: 'idle',
      rank: Number.POSITIVE_INFINITY,
      failures: 0,
      retryAt: 0,
      waiters: []
    })
  /** One FIFO per priority rank. */
  const tiers: string[][] = [[], [], []]
  let running = 0
  let closed = false
  const abort = new AbortController()
  const pruned = pruneDemoCacheTemp(options.cacheDir)

  function takeNext(): Job | undefined {
    for (const [rank, tier] of tiers.entries()) {
      // Background renders never take more than backgroundConcurrency slots.
      if (rank === PRIORITY_RANK.background && running >= backgroundConcurrency) return undefined
      while (tier.length > 0) {
        const job = jobs.get(tier.shift() ?? '')
        if (job?.state === 'queued') return job
      }
    }
    return undefined
  }

  function enqueue(job: Job, rank: number, front: boolean): void {
    if (job.state === 'queued' && job.rank <= rank && !front) return
    // A stale entry in a lower tier is skipped by takeNext once the state moves on.
    const tier = tiers[rank] ?? []
    const code = job.camera.code
    const at = tier.indexOf(code)
    if (at >= 0) tier.splice(at, 1)
    if (front) tier.unshift(code)
    else tier.push(code)
    job.rank = rank
    job.state = 'queued'
  }

  function settle(job: Job): void {
    const waiters = job.waiters.splice(0)
    for (const w of waiters) {
      if (job.state === 'ready' && job.loop) w.resolve(job.loop)
      else w.reject(job.error ?? new Error(`demo camera ${job.camera.code} not rendered`))
    }
  }

  function pump(): void {
    while (!closed && running < concurrency) {
      const job = takeNext()
      if (!job) return
      job.state = 'rendering'
      running++
      void (async () => {
        try {
          await pruned
          ffmpegPath ??= resolveFfmpeg().path
          const loop = await renderDemoLoop({
            cacheDir: options.cacheDir,
            ffmpegPath,
            camera: job.camera,
            params,
            fonts,
            signal: abort.signal,
            niceness: options.niceness
          })
          job.loop = loop
          job.state = 'ready'
          job.failures = 0
          options.onRendered?.(loop)
        } catch (err) {
          job.error = err instanceof Error ? err : new Error(String(err))
          job.state = 'failed'
          job.failures++
          job.retryAt = Date.now() + Math.min(60_000, 2_000 * 2 ** (job.failures - 1))
          if (!closed) options.onError?.(job.camera.code, err)
        } finally {
          running--
          settle(job)
          pump()
        }
      })()
    }
  }

  function request(
    codes: readonly string[],
    priority: DemoRenderPriority
  ): Promise<RenderedLoop>[] {
    if (closed) return codes.map(() => Promise.reject(new Error('demo renderer closed')))
    const rank = PRIORITY_RANK[priority]
    const promises: Promise<RenderedLoop>[] = []
    // Wall requests go to the front in the given order, so iterate backwards.
    const ordered = priority === 'wall' ? [...codes].reverse() : codes
    for (const code of ordered) {
      const job = jobs.get(code)
      if (!job) {
        promises.push(Promise.reject(new Error(`unknown demo camera ${code}`)))
        continue
      }
      if (job.state === 'ready' && job.loop) {
        promises.push(Promise.resolve(job.loop))
        continue
      }
      // Players poll an unrendered camera every second; a broken ffmpeg must not be respawned that often.
      if (job.state === 'failed' && Date.now() < job.retryAt) {
        promises.push(
          Promise.reject(job.error ?? new Error(`demo camera ${code} failed to render`))
        )
        continue
      }
      promises.push(new Promise((resolve, reject) => job.waiters.push({ resolve, reject })))
      if (job.state === 'rendering') continue
      if (job.state !== 'queued') job.error = undefined
      enqueue(job, rank, priority === 'wall')
    }
    pump()
    return priority === 'wall' ? promises.reverse() : promises
  }

  return {
    params,
    ensure: (codes, priority = 'wall') => Promise.all(request(codes, priority)),
    async ensureAll() {
      const codes = [...jobs.keys()]
      const settled = await Promise.allSettled(request(codes, 'background'))
      const ready: RenderedLoop[] = []
      const failed: { code: string; error: unknown }[] = []
      settled.forEach((r, i) => {
        if (r.status === 'fulfilled') ready.push(r.value)
        else failed.push({ code: codes[i] ?? '', error: r.reason })
      })
      return { ready, failed }
    },
    get: (code) => jobs.get(code)?.loop,
    invalidate(code) {
      const job = jobs.get(code)
      if (!job || job.state !== 'ready' || !job.loop) return
      job.loop = undefined
      job.state = 'idle'
      // The stat check in readManifest fails for the damaged entry, so the render rewrites it.
      for (const p of request([code], 'demand')) p.catch(() => undefined)
    },
    status: (code) => jobs.get(code)?.state ?? 'unknown',
    async close() {
      closed = true
      abort.abort()
      for (const tier of tiers) tier.length = 0
      for (const job of jobs.values()) {
        if (job.state === 'queued') {
          job.state = 'idle'
          settle(job)
        }
      }
      // Let running renders observe the abort and clean their temp dirs.
      while (running > 0) await new Promise((r) => setTimeout(r, 10))
    }
  }
}
