import { useEffect, useRef, useState, type RefObject } from 'react'
import Hls from 'hls.js'
import { canRecoverMedia, classifyHlsError, retryDelayMs, type HlsFailureReason } from './classifyHlsError'

export type StreamState =
  | { status: 'idle' }
  | { status: 'connecting' }
  | { status: 'playing' }
  | { status: 'stalled'; sinceMs: number }
  | { status: 'offline'; reason: HlsFailureReason; retryAt: number }

/** No new frame for this long while supposedly playing = stalled. */
const STALL_AFTER_MS = 3000
/** Stalled this long = tear down and reconnect. */
const RESTART_AFTER_MS = 8000

/**
 * Owns one hls.js instance for one <video>: creates and attaches it, destroys
 * it when the URL changes, the tile is disabled (hidden) or unmounts, and
 * heals: fatal errors and stalls lead to a backoff retry, so a source that
 * returns plays again within 10 s. Returns the tile's state for its badge.
 */
export function useHlsStream(videoRef: RefObject<HTMLVideoElement | null>, url: string | null, enabled = true): StreamState {
  const [state, setState] = useState<StreamState>({ status: 'idle' })
  const attemptRef = useRef(0)

  useEffect(() => {
    const video = videoRef.current
    if (!video || !url || !enabled) {
      setState({ status: 'idle' })
      return
    }
    let hls: Hls | null = null
    let disposed = false
    let retryTimer: number | undefined
    let lastRecovery: number | null = null
    let lastTime = -1
    let lastProgressAt = performance.now()

    const teardown = () => {
      hls?.destroy()
      hls = null
      video.removeAttribute('src')
      video.load()
    }

    const scheduleRetry = (reason: HlsFailureReason) => {
      teardown()
      const delay = retryDelayMs(attemptRef.current++)
      setState({ status: 'offline', reason, retryAt: Date.now() + delay })
      window.clearTimeout(retryTimer)
      retryTimer = window.setTimeout(start, delay)
    }

    function start() {
      if (disposed || !video) return
      setState({ status: 'connecting' })
      lastTime = -1
      lastProgressAt = performance.now()
      const h = new Hls({
        // live wall: stay near the live edge, keep little buffer in memory
        liveSyncDurationCount: 2,
        maxBufferLength: 8,
        backBufferLength: 4,
        manifestLoadingMaxRetry: 1,
        levelLoadingMaxRetry: 1,
        fragLoadingMaxRetry: 2,
        enableWorker: true
      })
      hls = h
      h.on(Hls.Events.ERROR, (_e, data) => {
        const action = classifyHlsError({
          fatal: data.fatal,
          type: data.type,
          details: data.details,
          httpStatus: data.response?.code
        })
        if (action.kind === 'ignore') return
        if (action.kind === 'recoverMedia' && canRecoverMedia(lastRecovery, performance.now())) {
          lastRecovery = performance.now()
          h.recoverMediaError()
          return
        }
        scheduleRetry(action.reason)
      })
      h.on(Hls.Events.MANIFEST_PARSED, () => {
        video.play().catch(() => undefined)
      })
      h.loadSource(url as string)
      h.attachMedia(video)
    }

    const onPlaying = () => {
      attemptRef.current = 0
      setState((s) => (s.status === 'playing' ? s : { status: 'playing' }))
    }
    video.addEventListener('playing', onPlaying)

    // Watchdog: a live tile whose picture stops advancing says so, then heals.
    const watchdog = window.setInterval(() => {
      if (!hls || video.paused) return
      const t = video.currentTime
      const now = performance.now()
      if (t !== lastTime) {
        lastTime = t
        lastProgressAt = now
        setState((s) => (s.status === 'stalled' ? { status: 'playing' } : s))
        return
      }
      const stuckFor = now - lastProgressAt
      if (stuckFor > RESTART_AFTER_MS) scheduleRetry('timeout')
      else if (stuckFor > STALL_AFTER_MS)
        setState((s) => (s.status === 'playing' ? { status: 'stalled', sinceMs: Date.now() - stuckFor } : s))
    }, 1000)

    start()
    return () => {
      disposed = true
      window.clearTimeout(retryTimer)
      window.clearInterval(watchdog)
      video.removeEventListener('playing', onPlaying)
      teardown()
    }
  }, [videoRef, url, enabled])

  return state
}
