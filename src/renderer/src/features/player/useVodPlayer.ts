import { useEffect, useState, type RefObject } from 'react'
import Hls from 'hls.js'
import { spansOf, mediaTimeAt, type Frag, type Span } from '../playback/model/sync'
import { decide, hlsFailure, type PlayerFailureReason } from './errorPolicy'

/** One loaded recording as its owner drives it: the <video>, footage ↔ media time, frame rate. */
export type VodPlayer = {
  video: HTMLVideoElement
  /** footage ↔ media time of the loaded playlist */
  spans: Span[]
  /** frames per second, measured from presented frames (15 until known) */
  fps: number
}

export type VodState = {
  status: 'idle' | 'loading' | 'ready' | 'error'
  /** why it failed (status error) */
  reason?: PlayerFailureReason
  /** footage ↔ media time, once the playlist is read */
  spans: Span[]
}

const IDLE: VodState = { status: 'idle', spans: [] }

/**
 * The recorded-footage player of playback and the lookup review grid: one
 * hls.js instance per <video> over a VOD playlist (with PROGRAM-DATE-TIME
 * and gaps). It starts loading at the footage time `cue()` says (not at 0),
 * keeps the footage ↔ media time map current (also on the <video> as
 * `data-spans`, for tests and benches), measures the frame rate, heals
 * failures as errorPolicy.decide says (mode vod: a few quick retries, then
 * "error"), and destroys the instance when the URL changes or the owner
 * unmounts. Playing, pausing, rate and seeking belong to the owner.
 * `onPlayer` gets the player once the playlist is read, and null when it goes.
 */
export function useVodPlayer(
  videoRef: RefObject<HTMLVideoElement | null>,
  url: string | null,
  opts: { cue: () => number; onPlayer?: (player: VodPlayer | null) => void }
): VodState {
  const [state, setState] = useState<VodState>(IDLE)
  const { cue, onPlayer } = opts

  useEffect(() => {
    const video = videoRef.current
    if (!video || !url) {
      setState(IDLE)
      return
    }
    setState({ status: 'loading', spans: [] })
    const player: VodPlayer = { video, spans: [], fps: 15 }
    const hls = new Hls({
      autoStartLoad: false,
      // playback at up to 16×: keep enough ahead, little behind
      maxBufferLength: 20,
      maxMaxBufferLength: 60,
      backBufferLength: 10,
      maxBufferHole: 0.5,
      startFragPrefetch: true,
      // retries are the policy's, not hls.js's
      manifestLoadingMaxRetry: 0,
      levelLoadingMaxRetry: 1,
      fragLoadingMaxRetry: 2,
      fragLoadingRetryDelay: 400,
      enableWorker: true
    })
    let attempt = 0
    let lastRecovery: number | null = null
    let retryTimer: number | undefined
    let frameHandle: number | undefined
    let loaded = false
    let buffered = false

    const refreshSpans = (frags: readonly Frag[]) => {
      player.spans = spansOf(frags)
      video.dataset.spans = JSON.stringify(player.spans)
    }
    hls.on(Hls.Events.LEVEL_LOADED, (_e, data) => {
      refreshSpans(data.details.fragments)
      if (loaded) return
      loaded = true
      const start = mediaTimeAt(player.spans, cue()) ?? player.spans[0]?.mediaStart ?? 0
      hls.startLoad(start)
      video.currentTime = start
      onPlayer?.(player)
      setState({ status: 'loading', spans: player.spans })
    })
    hls.on(Hls.Events.FRAG_BUFFERED, () => {
      attempt = 0
      // hls.js refines fragment starts from the parsed timestamps
      const details = hls.levels[hls.currentLevel >= 0 ? hls.currentLevel : 0]?.details
      if (details) refreshSpans(details.fragments)
      if (!buffered) {
        buffered = true
        setState({ status: 'ready', spans: player.spans })
      }
    })
    hls.on(Hls.Events.ERROR, (_e, data) => {
      const failure = hlsFailure({
        fatal: data.fatal,
        type: data.type,
        details: data.details,
        httpStatus: data.response?.code
      })
      if (!failure) return
      const now = performance.now()
      const action = decide(failure, { mode: 'vod', attempt, lastRecoveryAt: lastRecovery, now })
      if (action.do === 'recoverMedia') {
        lastRecovery = now
        hls.recoverMediaError()
      } else if (action.do === 'retry') {
        attempt++
        window.clearTimeout(retryTimer)
        retryTimer = window.setTimeout(() => {
          if (loaded) hls.startLoad(video.currentTime)
          else hls.loadSource(url)
        }, action.delayMs)
      } else if (action.do === 'fail') {
        setState({ status: 'error', reason: action.reason, spans: player.spans })
      }
    })

    // Frame rate from presented frames, for ±1 frame steps.
    let lastMediaTime = -1
    const onFrame = (_now: number, meta: VideoFrameCallbackMetadata) => {
      const d = meta.mediaTime - lastMediaTime
      if (lastMediaTime >= 0 && d > 0.005 && d < 0.5 && !video.paused && video.playbackRate <= 1.01)
        player.fps = Math.round(1 / d)
      lastMediaTime = meta.mediaTime
      frameHandle = video.requestVideoFrameCallback(onFrame)
    }
    if ('requestVideoFrameCallback' in video) frameHandle = video.requestVideoFrameCallback(onFrame)

    hls.loadSource(url)
    hls.attachMedia(video)
    return () => {
      window.clearTimeout(retryTimer)
      if (frameHandle !== undefined) video.cancelVideoFrameCallback(frameHandle)
      onPlayer?.(null)
      hls.destroy()
      delete video.dataset.spans
      video.removeAttribute('src')
      video.load()
    }
  }, [videoRef, url, cue, onPlayer])

  return state
}
