import { spawn, type ChildProcess } from 'node:child_process'
import type { LiveFailure, LiveState, LiveStreamKind } from '../../shared/domain/live'
import { createFmp4Splitter } from './fmp4'
import {
  classifyIngestExit,
  connectCheck,
  ingestArgs,
  ingestDetail,
  ingestKind,
  parseDemoUpstream,
  retryDelayMs
} from './ingest'
import { createPacer, type Pacer } from './pacer'
import { startDemoFeed, type DemoFeedSource } from './demoFeed'
import { startWsFlvFeed } from './wsFlv'

/** One consumer of a live stream: a tile's WebSocket, the recorder, a probe. */
export type LiveClient = {
  init(data: Buffer, codec: string | null, transcoded: boolean): void
  fragment(data: Buffer, key: boolean): void
  state(state: LiveState): void
}

export type LiveSource = {
  url: string
  /** headers for a socket upstream (a room relay's credential, made fresh for each connection) */
  headers?: Record<string, string>
}

export type LiveServiceOptions = {
  ffmpegPath: string
  /** the URL of a camera's stream, or null when it has none (read from the database: async) */
  sourceOf(cameraId: number, kind: LiveStreamKind): Promise<LiveSource | null>
  /** transcodes allowed at once on this machine (setting; default 2; 0: transcoding is off) */
  transcodeBudget?: () => number
  /** the built-in demo source, for `demo://CODE/VARIANT` upstreams */
  demo?: DemoFeedSource | null
  /** an upstream stays open this long after its last client leaves */
  lingerMs?: number
  /** no fragment for this long while playing: stalled; three times as long: reconnect */
  stallMs?: number
  now?: () => number
  log?: (msg: string) => void
  /** every state change of an upstream (health follows these) */
  onState?: (cameraId: number, kind: LiveStreamKind, state: LiveState) => void
}

export type LiveUpstreamInfo = {
  cameraId: number
  kind: LiveStreamKind
  transcoded: boolean
  clients: number
  pid: number | null
  state: LiveState
}

export type LiveService = {
  /** attaches a client; the returned function detaches it */
  attach(
    cameraId: number,
    kind: LiveStreamKind,
    client: LiveClient,
    opts?: { transcode?: boolean; linger?: boolean }
  ): () => void
  /**
   * Whether a camera's stream delivers frames, for health: an open upstream
   * that plays answers at once (no new connection); otherwise a TCP
   * connect-check first (a dead camera costs no process), then the stream is
   * opened until its first fragment or a failure, and closed at once.
   */
  probe(
    cameraId: number,
    kind: LiveStreamKind,
    timeoutMs: number
  ): Promise<
    { ok: true; codec: string | null } | { ok: false; reason: LiveFailure; detail: string | null }
  >
  /** why a camera's open streams do not play (a refusal remembered counts); null when one plays */
  reasonOf(cameraId: number): LiveFailure | null
  upstreams(): LiveUpstreamInfo[]
  /** the state of a camera's upstream when one is open */
  stateOf(cameraId: number, kind: LiveStreamKind): LiveState | null
  close(): Promise<void>
}

/** Fragments kept from the last key frame, so a late joiner starts at once; capped. */
const GOP_CACHE_BYTES = 8 * 1024 * 1024

type Upstream = {
  key: string
  cameraId: number
  kind: LiveStreamKind
  transcoded: boolean
  clients: Set<LiveClient>
  state: LiveState
  child: ChildProcess | null
  /** stops what feeds the child's stdin (a WS-FLV socket, the demo source) */
  stopFeed: (() => void) | null
  pacer: Pacer<{ data: Buffer; key: boolean }> | null
  init: { data: Buffer; codec: string | null } | null
  gop: Buffer[]
  gopBytes: number
  attempt: number
  lastFragmentAt: number
  connectingSince: number
  retryTimer: NodeJS.Timeout | null
  lingerTimer: NodeJS.Timeout | null
  closed: boolean
}

/**
 * The live service: at most one upstream connection per camera and stream,
 * opened on the first client and closed `lingerMs` after the last, remuxed by
 * ffmpeg (`-c copy`) into fragmented MP4 and fanned out to every client.
 * Failures become states with a reason and a retry time; the retry policy is
 * retryDelayMs (a wrong password backs off to minutes).
 */
export function createLiveService(opts: LiveServiceOptions): LiveService {
  const now = opts.now ?? Date.now
  const lingerMs = opts.lingerMs ?? 5000
  const stallMs = opts.stallMs ?? 2500
  const log = opts.log ?? (() => undefined)
  const upstreams = new Map<string, Upstream>()
  /**
   * A refusal (wrong password, no such path) outlives its upstream: the next
   * client, or a health probe, waits out the same backoff instead of asking
   * the camera again (no retry storm that locks the camera's account).
   */
  const refusals = new Map<string, { state: LiveState & { status: 'failed' }; attempt: number }>()

  const setState = (u: Upstream, state: LiveState) => {
    u.state = state
    for (const c of u.clients) c.state(state)
    opts.onState?.(u.cameraId, u.kind, state)
  }

  const fail = (u: Upstream, reason: LiveFailure, detail: string | null, retryMs?: number) => {
    if (u.closed) return
    const delay = retryMs ?? retryDelayMs(reason, u.attempt++)
    u.init = null
    u.gop = []
    u.gopBytes = 0
    setState(u, { status: 'failed', reason, retryAt: now() + delay, detail })
    u.retryTimer = setTimeout(() => {
      u.retryTimer = null
      void start(u)
    }, delay)
  }

  const activeTranscodes = () =>
    [...upstreams.values()].filter((u) => u.transcoded && u.child).length

  async function start(u: Upstream): Promise<void> {
    if (u.closed) return
    let source: LiveSource | null
    try {
      source = await opts.sourceOf(u.cameraId, u.kind)
    } catch (err) {
      // the database did not answer (a district's server restarting): try again shortly
      return fail(u, 'error', err instanceof Error ? err.message : String(err), 2000)
    }
    if (u.closed) return
    if (!source) return fail(u, 'not_found', null)
    const kind = ingestKind(source.url)
    const demo = kind === 'demo' ? parseDemoUpstream(source.url) : null
    if (!kind || (kind === 'demo' && (!demo || !opts.demo))) return fail(u, 'unsupported', null)
    if (u.transcoded) {
      const budget = opts.transcodeBudget?.() ?? 2
      // no transcoding on this machine: the stream is not playable on a screen that needs it
      if (budget <= 0) return fail(u, 'codec', 'transcoding is off (budget 0)')
      if (activeTranscodes() >= budget) return fail(u, 'budget', null)
    }
    if (u.state.status !== 'stalled') setState(u, { status: 'connecting' })
    u.connectingSince = now()
    if (demo && opts.demo) {
      // the demo source is local: retry it as often as a camera that went away
      if (opts.demo.getFailure(demo.code) === 'offline')
        return fail(u, 'not_found', 'demo camera switched off', 2000)
      try {
        await opts.demo.ensure([demo.code])
      } catch (err) {
        return fail(u, 'error', err instanceof Error ? err.message : String(err), 2000)
      }
    } else if (!(await connectCheck(source.url, 3000))) return fail(u, 'unreachable', null)
    if (u.closed) return
    const child = spawn(
      opts.ffmpegPath,
      ingestArgs(source.url, { ffmpegPath: opts.ffmpegPath, transcode: u.transcoded }),
      { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true }
    )
    u.child = child
    let stderr = ''
    let hadFrames = false
    let demoGone = false
    child.stdin.on('error', () => undefined)
    if (demo && opts.demo) {
      const feed = startDemoFeed({
        source: opts.demo,
        code: demo.code,
        variant: demo.variant,
        sink: child.stdin,
        now,
        onGone: () => {
          demoGone = true
          child.kill('SIGKILL')
        }
      })
      u.stopFeed = () => feed.stop()
      u.pacer = createPacer({ now, release: (f) => onFragment(f), anchorMs: feed.anchorMs })
    } else if (kind === 'ws-flv' || kind === 'room') {
      // another room's live socket also sends text frames (its states); only binary ones are video
      const feed = startWsFlvFeed({
        url: source.url.replace(/^room\+/i, ''),
        headers: source.headers,
        sink: child.stdin,
        onProblem: (line) => {
          stderr += `\n${line}`
        }
      })
      u.stopFeed = () => feed.stop()
    } else {
      // ffmpeg reads the camera itself
      child.stdin.end()
      if (kind === 'hls') u.pacer = createPacer({ now, release: (f) => onFragment(f) })
    }
    const pacer = u.pacer
    function onFragment(part: { data: Buffer; key: boolean }) {
      if (u.child !== child) return
      hadFrames = true
      u.lastFragmentAt = now()
      if (part.key || u.gopBytes + part.data.length > GOP_CACHE_BYTES) {
        u.gop = []
        u.gopBytes = 0
      }
      if (part.key || u.gop.length > 0) {
        u.gop.push(part.data)
        u.gopBytes += part.data.length
      }
      if (u.state.status !== 'playing') {
        u.attempt = 0
        setState(u, { status: 'playing', codec: u.init?.codec ?? null, transcoded: u.transcoded })
      }
      for (const c of u.clients) c.fragment(part.data, part.key)
    }
    const splitter = createFmp4Splitter((part) => {
      if (part.kind === 'init') {
        u.init = { data: part.data, codec: part.codec }
        u.gop = []
        u.gopBytes = 0
        for (const c of u.clients) c.init(part.data, part.codec, u.transcoded)
        return
      }
      // something arrives: the stream is alive even while its frames wait for their time
      if (pacer) {
        u.lastFragmentAt = now()
        pacer.push({ data: part.data, key: part.key }, part.ms)
      } else onFragment(part)
    })
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        splitter.push(chunk)
      } catch (err) {
        stderr += `\n${err instanceof Error ? err.message : String(err)}`
        child.kill('SIGKILL')
      }
    })
    child.stderr.setEncoding('utf8')
    child.stderr.on('data', (d: string) => {
      stderr = (stderr + d).slice(-4000)
    })
    child.on('error', (err) => {
      stderr += `\n${err.message}`
    })
    child.on('close', () => {
      if (u.child !== child) return
      u.child = null
      u.stopFeed?.()
      u.stopFeed = null
      u.pacer?.stop()
      u.pacer = null
      if (u.closed) return
      if (demoGone) return fail(u, 'not_found', 'demo camera switched off', 2000)
      const reason =
        u.state.status === 'stalled' ? 'stalled' : classifyIngestExit(stderr, hadFrames)
      log(`live ${u.key} ended: ${reason} ${ingestDetail(stderr) ?? ''}`)
      fail(u, reason, ingestDetail(stderr), demo ? 2000 : undefined)
    })
  }

  // one timer watches every upstream: stalls are said within seconds and healed by a reconnect
  const watchdog = setInterval(() => {
    const t = now()
    for (const u of upstreams.values()) {
      if (!u.child) continue
      if (u.state.status === 'playing' && t - u.lastFragmentAt > stallMs)
        setState(u, { status: 'stalled', sinceMs: u.lastFragmentAt })
      else if (u.state.status === 'stalled' && t - u.state.sinceMs > 3 * stallMs)
        u.child.kill('SIGKILL')
      else if (u.state.status === 'connecting' && t - u.connectingSince > 15_000)
        u.child.kill('SIGKILL')
    }
  }, 500)
  watchdog.unref()

  const stop = (u: Upstream) => {
    if (
      u.state.status === 'failed' &&
      (u.state.reason === 'auth' || u.state.reason === 'not_found') &&
      (u.state.retryAt ?? 0) > now()
    )
      refusals.set(u.key, { state: u.state, attempt: u.attempt })
    u.closed = true
    if (u.retryTimer) clearTimeout(u.retryTimer)
    if (u.lingerTimer) clearTimeout(u.lingerTimer)
    u.stopFeed?.()
    u.stopFeed = null
    u.pacer?.stop()
    u.pacer = null
    u.child?.kill('SIGKILL')
    upstreams.delete(u.key)
  }

  const attach: LiveService['attach'] = (cameraId, kind, client, attachOpts = {}) => {
    const transcoded = attachOpts.transcode === true
    const key = `${cameraId}:${kind}${transcoded ? ':h264' : ''}`
    let u = upstreams.get(key)
    if (!u) {
      u = {
        key,
        cameraId,
        kind,
        transcoded,
        clients: new Set(),
        state: { status: 'connecting' },
        child: null,
        stopFeed: null,
        pacer: null,
        init: null,
        gop: [],
        gopBytes: 0,
        attempt: 0,
        lastFragmentAt: 0,
        connectingSince: now(),
        retryTimer: null,
        lingerTimer: null,
        closed: false
      }
      upstreams.set(key, u)
      const refused = refusals.get(key)
      refusals.delete(key)
      if (refused && (refused.state.retryAt ?? 0) > now()) {
        const r = u
        r.state = refused.state
        r.attempt = refused.attempt
        r.retryTimer = setTimeout(
          () => {
            r.retryTimer = null
            void start(r)
          },
          (refused.state.retryAt ?? 0) - now()
        )
      } else void start(u)
    }
    const up = u
    if (up.lingerTimer) {
      clearTimeout(up.lingerTimer)
      up.lingerTimer = null
    }
    up.clients.add(client)
    client.state(up.state)
    if (up.init) {
      client.init(up.init.data, up.init.codec, up.transcoded)
      for (const f of up.gop) client.fragment(f, f === up.gop[0])
    }
    return () => {
      if (!up.clients.delete(client) || up.clients.size > 0 || up.closed) return
      up.lingerTimer = setTimeout(() => stop(up), attachOpts.linger === false ? 0 : lingerMs)
    }
  }

  return {
    attach,
    probe: async (cameraId, kind, timeoutMs) => {
      const open = upstreams.get(`${cameraId}:${kind}`)
      if (open?.state.status === 'playing') return { ok: true, codec: open.state.codec }
      const refused = refusals.get(`${cameraId}:${kind}`)?.state
      if (!open && refused && (refused.retryAt ?? 0) > now())
        return { ok: false, reason: refused.reason, detail: refused.detail }
      const source = await opts.sourceOf(cameraId, kind)
      if (!source) return { ok: false, reason: 'not_found', detail: null }
      const sourceKind = ingestKind(source.url)
      if (!sourceKind) return { ok: false, reason: 'unsupported', detail: null }
      if (
        !open &&
        sourceKind !== 'demo' &&
        !(await connectCheck(source.url, Math.min(timeoutMs, 3000)))
      )
        return { ok: false, reason: 'unreachable', detail: null }
      return new Promise((resolve) => {
        let detach: (() => void) | null = null
        let settled = false
        const done = (
          r:
            | { ok: true; codec: string | null }
            | { ok: false; reason: LiveFailure; detail: string | null }
        ) => {
          if (settled) return
          settled = true
          clearTimeout(timer)
          // after the current callback: attach may answer before it returns
          setImmediate(() => detach?.())
          resolve(r)
        }
        const timer = setTimeout(
          () => done({ ok: false, reason: 'stalled', detail: `no frame within ${timeoutMs} ms` }),
          timeoutMs
        )
        let codec: string | null = null
        detach = attach(
          cameraId,
          kind,
          {
            init: (_d, c) => {
              codec = c
            },
            fragment: () => done({ ok: true, codec }),
            state: (s) => {
              if (s.status === 'failed') done({ ok: false, reason: s.reason, detail: s.detail })
            }
          },
          { linger: false }
        )
        if (settled) setImmediate(() => detach?.())
      })
    },
    reasonOf: (cameraId) => {
      const states: LiveState[] = []
      for (const kind of ['main', 'sub'] as const) {
        const s =
          upstreams.get(`${cameraId}:${kind}`)?.state ?? refusals.get(`${cameraId}:${kind}`)?.state
        if (s) states.push(s)
      }
      if (states.some((s) => s.status === 'playing')) return null
      for (const s of states) if (s.status === 'failed') return s.reason
      return states.some((s) => s.status === 'stalled') ? 'stalled' : null
    },
    upstreams: () =>
      [...upstreams.values()].map((u) => ({
        cameraId: u.cameraId,
        kind: u.kind,
        transcoded: u.transcoded,
        clients: u.clients.size,
        pid: u.child?.pid ?? null,
        state: u.state
      })),
    stateOf: (cameraId, kind) => upstreams.get(`${cameraId}:${kind}`)?.state ?? null,
    close: async () => {
      clearInterval(watchdog)
      const children = [...upstreams.values()].flatMap((u) => (u.child ? [u.child] : []))
      for (const u of [...upstreams.values()]) stop(u)
      await Promise.all(
        children.map((c) =>
          c.exitCode !== null || c.signalCode !== null
            ? Promise.resolve()
            : new Promise<void>((r) => c.once('close', () => r()))
        )
      )
    }
  }
}
