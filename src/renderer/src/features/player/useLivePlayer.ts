import { useEffect, useRef, useState, type RefObject } from 'react'
import type { LiveMessage } from '../../../../shared/domain/live'
import { PARK_MS, type PlayingNote, type StreamState } from './state'
import { catchUp, fallbackUrl, LIVE_EDGE_HOLD_S, socketUrl, tileStateOf } from './livePolicy'
import { decide, type PlayerFailure } from './errorPolicy'
import { useAppInfo } from '../app/queries'

/** Seconds of played picture kept in the SourceBuffer behind the playhead. */
const KEEP_BEHIND_S = 4

/**
 * Plays one live stream from main's live socket (every camera kind, the
 * demo cameras too): fMP4 fragments into Media Source Extensions (the way
 * go2rtc does), `sequence` mode so a reconnected upstream continues the
 * timeline, a buffer kept short and the playhead held at the live edge
 * (livePolicy.catchUp). Main says why a stream is not playing (wrong
 * password, not found, unreachable…); this hook adds what only the screen
 * knows (cannot decode: falls back to the sub-stream or a transcode, as the
 * URL says, else "codec"; the picture froze), and errorPolicy.decide says
 * what to do about each. A disabled player parks: paused, still fed (the
 * buffer trimmed to a few seconds), so shown again within PARK_MS it jumps
 * to the live edge without reconnecting; after that its socket closes (main
 * keeps the upstream a few seconds more and replays the current GOP to the
 * next client).
 */
export function useLivePlayer(
  videoRef: RefObject<HTMLVideoElement | null>,
  url: string | null,
  opts: { enabled: boolean }
): StreamState {
  const [state, setState] = useState<StreamState>({ status: 'idle' })
  const { enabled } = opts
  // where the socket lives depends on the shell (app:info); wait for it
  const info = useAppInfo().data
  const mediaBase = info?.mediaBase
  const liveSocketBase = info?.liveSocketBase ?? null
  // alive: the player exists (enabled, or disabled for less than PARK_MS)
  const [alive, setAlive] = useState(enabled)
  if (enabled && !alive) setAlive(true)
  useEffect(() => {
    if (enabled) return
    const id = window.setTimeout(() => setAlive(false), PARK_MS)
    return () => window.clearTimeout(id)
  }, [enabled])
  const parkedRef = useRef(!enabled)
  const control = useRef<{ park: () => void; resume: () => void } | null>(null)
  useEffect(() => {
    parkedRef.current = !enabled
    if (enabled) control.current?.resume()
    else control.current?.park()
  }, [enabled])

  useEffect(() => {
    const video = videoRef.current
    if (!video || !url || !alive || mediaBase === undefined) {
      setState({ status: 'idle' })
      return
    }
    const bases = { mediaBase, liveSocketBase }
    let disposed = false
    let ws: WebSocket | null = null
    let ms: MediaSource | null = null
    let sb: SourceBuffer | null = null
    let objectUrl: string | null = null
    let queue: ArrayBuffer[] = []
    let current = url
    let note: PlayingNote | undefined
    let attempt = 0
    let retryTimer: number | undefined
    let phase: StreamState['status'] = 'connecting'
    let serverSaysFailed = false
    let lastTime = -1
    let lastProgressAt = performance.now()

    const set = (s: StreamState) => {
      phase = s.status
      setState(s)
    }

    const teardown = () => {
      if (ws) {
        ws.onmessage = null
        ws.onclose = null
        ws.close()
      }
      ws = null
      sb = null
      queue = []
      ms = null
      video.removeAttribute('src')
      video.load()
      if (objectUrl) URL.revokeObjectURL(objectUrl)
      objectUrl = null
    }

    /** Carries out the policy's decision about a failure. */
    const handle = (failure: PlayerFailure, detail: string | null = null) => {
      const action = decide(failure, {
        mode: 'live',
        attempt,
        lastRecoveryAt: null,
        now: performance.now(),
        recoverable: false
      })
      switch (action.do) {
        case 'ignore':
        case 'recoverMedia':
          return
        case 'stalled':
          if (phase === 'playing')
            set({ status: 'stalled', sinceMs: Date.now() - (performance.now() - lastProgressAt) })
          return
        case 'fallback': {
          const fb = fallbackUrl(current)
          teardown()
          if (!fb) return
          current = fb.url
          note = fb.note
          return start()
        }
        case 'fail':
          // nothing this screen can do about it: say so, and do not ask main again
          teardown()
          set({ status: 'offline', reason: action.reason, retryAt: null, detail })
          return
        case 'retry':
          teardown()
          attempt++
          set({ status: 'offline', reason: action.reason, retryAt: Date.now() + action.delayMs })
          window.clearTimeout(retryTimer)
          retryTimer = window.setTimeout(start, action.delayMs)
      }
    }

    const pump = () => {
      if (!sb || sb.updating || !ms || ms.readyState !== 'open') return
      const buffered = sb.buffered
      // trim what was played (or, parked, all but the newest seconds), so memory stays flat over a 24-hour shift
      const keepFrom = parkedRef.current
        ? (buffered.length ? buffered.end(buffered.length - 1) : 0) - KEEP_BEHIND_S
        : video.currentTime - KEEP_BEHIND_S
      if (buffered.length && keepFrom - buffered.start(0) > KEEP_BEHIND_S) {
        sb.remove(0, keepFrom)
        return
      }
      const next = queue.shift()
      if (!next) return
      try {
        sb.appendBuffer(next)
      } catch {
        handle({ kind: 'media' })
      }
    }

    const onInit = (codec: string | null, transcoded: boolean) => {
      const mime = `video/mp4; codecs="${codec ?? 'avc1.42E01E'}"`
      if (!MediaSource.isTypeSupported(mime))
        return handle({ kind: 'codec', fallback: fallbackUrl(current) !== null }, codec)
      if (!note && codec && /^(hvc1|hev1)/.test(codec)) note = 'h265'
      if (transcoded) note = 'transcoded'
      if (sb || !ms) return // a new init segment on the same buffer: sequence mode carries on
      const media = ms
      const create = () => {
        if (media !== ms || sb) return
        sb = media.addSourceBuffer(mime)
        sb.mode = 'sequence'
        sb.addEventListener('updateend', pump)
        sb.addEventListener('error', () => handle({ kind: 'media' }))
        pump()
      }
      if (media.readyState === 'open') create()
      else media.addEventListener('sourceopen', create, { once: true })
    }

    function start() {
      if (disposed || !video) return
      teardown()
      set({ status: 'connecting' })
      serverSaysFailed = false
      lastTime = -1
      lastProgressAt = performance.now()
      ms = new MediaSource()
      objectUrl = URL.createObjectURL(ms)
      video.src = objectUrl
      const socket = new WebSocket(socketUrl(current, window.location, bases))
      socket.binaryType = 'arraybuffer'
      ws = socket
      socket.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
        if (typeof e.data !== 'string') {
          queue.push(e.data)
          // a screen far behind drops what it cannot append in time; the next key frame resyncs
          if (queue.length > 200) queue.splice(0, queue.length - 200)
          pump()
          return
        }
        const msg = JSON.parse(e.data) as LiveMessage
        if (msg.type === 'init') return onInit(msg.codec, msg.transcoded)
        const shown = tileStateOf(msg.state)
        serverSaysFailed = shown?.status === 'offline'
        if (shown && !(shown.status === 'connecting' && phase === 'playing')) set(shown)
      }
      socket.onclose = () => {
        if (!disposed && ws === socket) handle({ kind: 'network' })
      }
    }

    // twice a second: has the picture moved on; keep to the live edge
    const watchdog = window.setInterval(() => {
      if (!sb || serverSaysFailed || parkedRef.current) return
      const now = performance.now()
      const t = video.currentTime
      const b = video.buffered
      if (b.length) {
        const end = b.end(b.length - 1)
        const c = catchUp(end - t)
        if (c.seek) {
          video.currentTime = Math.max(b.start(b.length - 1), end - LIVE_EDGE_HOLD_S)
          // counted on the element: what a jump skips is read by the live bench
          video.dataset.jumps = String(Number(video.dataset.jumps ?? 0) + 1)
        }
        if (video.playbackRate !== c.rate) video.playbackRate = c.rate
        if (video.paused) video.play().catch(() => undefined)
      }
      if (t !== lastTime && video.readyState >= 2) {
        lastTime = t
        lastProgressAt = now
        attempt = 0
        if (phase !== 'playing') set(note ? { status: 'playing', note } : { status: 'playing' })
        return
      }
      if (phase === 'playing' || phase === 'stalled')
        handle({ kind: 'frozen', ms: now - lastProgressAt, phase })
    }, 500)

    control.current = {
      park: () => video.pause(),
      resume: () => {
        // the watchdog's catch-up jumps to the live edge and plays
        lastTime = -1
        lastProgressAt = performance.now()
      }
    }
    if (parkedRef.current) video.pause()
    start()
    return () => {
      disposed = true
      control.current = null
      window.clearTimeout(retryTimer)
      window.clearInterval(watchdog)
      teardown()
    }
  }, [videoRef, url, alive, mediaBase, liveSocketBase])

  return state
}
