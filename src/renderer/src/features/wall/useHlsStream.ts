import { useEffect, useRef, useState, type RefObject } from 'react'
import Hls from 'hls.js'
import {
  canRecoverMedia,
  classifyHlsError,
  retryDelayMs,
  watchdogVerdict,
  type HlsFailureReason
} from './classifyHlsError'
import { pickLevel } from './pickVariant'
import type { LiveFailure } from '../../../../shared/domain/live'

/** Why a tile is not playing: an HLS failure or what main's live service reported. */
export type StreamFailureReason = HlsFailureReason | LiveFailure

export type StreamState =
  | { status: 'idle' }
  | { status: 'connecting' }
  /** `note`: how a live stream reaches the screen when it is not plainly passed through */
  | { status: 'playing'; note?: 'h265' | 'sub' | 'transcoded' }
  | { status: 'stalled'; sinceMs: number }
  | { status: 'offline'; reason: StreamFailureReason; retryAt: number; detail?: string | null }

/** A live playlist whose newest segment has not changed for this many target durations is frozen. */
const FROZEN_PLAYLIST_TARGETS = 3

/**
 * A disabled layer (tile hidden, window minimized) parks: it stops loading and
 * decoding at once but keeps its player this long, so a tile shown again soon
 * (a layout switched back, an enlarged tile restored) resumes at the live edge
 * without reconnecting. After that the player is destroyed.
 */
export const PARK_MS = 15_000

/** hls.js settings for a live wall tile: near the live edge, little buffer in memory, fail fast and let the tile retry. */
const HLS_CONFIG: Partial<Hls['config']> = {
  liveSyncDurationCount: 2,
  maxBufferLength: 6,
  backBufferLength: 2,
  manifestLoadingMaxRetry: 1,
  levelLoadingMaxRetry: 2,
  fragLoadingMaxRetry: 2,
  startFragPrefetch: true,
  enableWorker: true,
  // never show a picture far behind live (e.g. after resuming a parked layer): jump to the live edge
  liveMaxLatencyDurationCount: 6
}

/**
 * Owns one hls.js instance for one <video>: creates and attaches it, destroys
 * it when the URL changes or the layer unmounts, parks it while the layer is
 * disabled (not visible: no loading, no decoding) and destroys it when that
 * lasts PARK_MS, and heals: fatal errors, frozen playlists, stalls and connections that
 * never show a frame lead to a backoff retry, so a source that returns plays
 * again within 10 s. `size` (CSS px) caps the level of a master playlist.
 * Returns the state for the tile's badge.
 */
export function useHlsStream(
  videoRef: RefObject<HTMLVideoElement | null>,
  url: string | null,
  opts: { enabled: boolean; size: { width: number; height: number } }
): StreamState {
  const [state, setState] = useState<StreamState>({ status: 'idle' })
  const sizeRef = useRef(opts.size)
  useEffect(() => {
    sizeRef.current = opts.size
  }, [opts.size])
  const { enabled } = opts
  // alive: the player exists (enabled, or disabled for less than PARK_MS)
  const [alive, setAlive] = useState(enabled)
  if (enabled && !alive) setAlive(true)
  useEffect(() => {
    if (enabled) return
    const id = window.setTimeout(() => setAlive(false), PARK_MS)
    return () => window.clearTimeout(id)
  }, [enabled])
  const enabledRef = useRef(enabled)
  const control = useRef<{ park: () => void; resume: () => void } | null>(null)
  useEffect(() => {
    enabledRef.current = enabled
    if (enabled) control.current?.resume()
    else control.current?.park()
  }, [enabled])

  useEffect(() => {
    const video = videoRef.current
    if (!video || !url || !alive) {
      setState({ status: 'idle' })
      return
    }
    let hls: Hls | null = null
    let disposed = false
    let parked = false
    let attempt = 0
    let retryTimer: number | undefined
    let lastRecovery: number | null = null
    let phase: 'connecting' | 'playing' | 'stalled' | 'offline' = 'connecting'
    let lastTime = -1
    let lastProgressAt = performance.now()
    let hint: HlsFailureReason | undefined
    let playlistEnd = -1
    let playlistChangedAt = performance.now()
    let playlistFrozen = false

    const set = (s: StreamState) => {
      phase = s.status === 'idle' ? 'connecting' : s.status
      setState(s)
    }

    const teardown = () => {
      hls?.destroy()
      hls = null
      video.removeAttribute('src')
      video.load()
    }

    const scheduleRetry = (reason: HlsFailureReason) => {
      teardown()
      if (parked) return // resume starts afresh
      const delay = retryDelayMs(attempt++)
      set({ status: 'offline', reason, retryAt: Date.now() + delay })
      window.clearTimeout(retryTimer)
      retryTimer = window.setTimeout(start, delay)
    }

    function start() {
      if (disposed || parked || !video) return
      set({ status: 'connecting' })
      lastTime = -1
      lastProgressAt = performance.now()
      hint = undefined
      playlistEnd = -1
      playlistFrozen = false
      const h = new Hls(HLS_CONFIG)
      hls = h
      h.on(Hls.Events.ERROR, (_e, data) => {
        const action = classifyHlsError({
          fatal: data.fatal,
          type: data.type,
          details: data.details,
          httpStatus: data.response?.code
        })
        if (action.kind === 'ignore') {
          hint = action.hint ?? hint
          return
        }
        if (action.kind === 'recoverMedia' && canRecoverMedia(lastRecovery, performance.now())) {
          lastRecovery = performance.now()
          h.recoverMediaError()
          return
        }
        scheduleRetry(action.reason)
      })
      h.on(Hls.Events.MANIFEST_PARSED, (_e, data) => {
        // A master playlist: cap at the smallest level that covers the tile (same rule as pickVariant).
        if (data.levels.length > 1)
          h.autoLevelCapping = pickLevel(data.levels, sizeRef.current, window.devicePixelRatio || 1)
        video.play().catch(() => undefined)
      })
      h.on(Hls.Events.LEVEL_LOADED, (_e, data) => {
        const d = data.details
        if (!d.live) return
        const now = performance.now()
        if (d.endSN !== playlistEnd) {
          playlistEnd = d.endSN
          playlistChangedAt = now
          playlistFrozen = false
        } else if (now - playlistChangedAt > FROZEN_PLAYLIST_TARGETS * d.targetduration * 1000) {
          playlistFrozen = true
        }
      })
      h.loadSource(url as string)
      h.attachMedia(video)
    }

    // Watchdog: a tile whose picture stops advancing (or never starts) says so, then heals.
    const watchdog = window.setInterval(() => {
      if (!hls || parked || phase === 'offline') return
      const now = performance.now()
      const t = video.currentTime
      if (t !== lastTime && video.readyState >= 2) {
        lastTime = t
        lastProgressAt = now
        if (phase !== 'playing') set({ status: 'playing' })
        attempt = 0
        return
      }
      const verdict = watchdogVerdict(phase, now - lastProgressAt)
      if (verdict === 'restart')
        scheduleRetry(
          playlistFrozen ? 'stalled' : phase === 'connecting' ? (hint ?? 'timeout') : 'stalled'
        )
      else if (verdict === 'stalled' && phase === 'playing')
        set({ status: 'stalled', sinceMs: Date.now() - (now - lastProgressAt) })
    }, 1000)

    const onPlaying = () => {
      if (phase === 'connecting') set({ status: 'playing' })
    }
    video.addEventListener('playing', onPlaying)

    control.current = {
      park: () => {
        if (parked) return
        parked = true
        window.clearTimeout(retryTimer)
        hls?.stopLoad()
        video.pause()
      },
      resume: () => {
        if (!parked) return
        parked = false
        lastTime = -1
        lastProgressAt = performance.now()
        if (!hls) return start()
        // the last picture stays up; the watchdog calls a stall if it does not move on
        hls.startLoad(-1)
        video.play().catch(() => undefined)
      }
    }
    if (!enabledRef.current) control.current.park()
    else start()
    return () => {
      disposed = true
      control.current = null
      window.clearTimeout(retryTimer)
      window.clearInterval(watchdog)
      video.removeEventListener('playing', onPlaying)
      teardown()
    }
  }, [videoRef, url, alive])

  return state
}
