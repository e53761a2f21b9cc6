import { useEffect, useState, type RefObject } from 'react'
import Hls from 'hls.js'
import { spansOf, mediaTimeAt, type Frag, type Span } from './model/sync'

/** What the workspace's sync loop needs of one tile. */
export type TilePlayer = {
  cameraId: number
  video: HTMLVideoElement
  /** footage ↔ media time of the loaded playlist; empty until it loaded */
  spans: Span[]
  /** frames per second, measured from presented frames (15 until known) */
  fps: number
}

export type VodStatus = 'idle' | 'loading' | 'ready' | 'error'

/** Network retries before a tile gives up (the playlist or server is gone). */
const MAX_NETWORK_RETRIES = 6

/**
 * Owns one hls.js instance for one playback tile: loads the VOD playlist,
 * starts loading at the footage time the clock is at (not at 0), keeps the
 * fragment map current for the sync loop, heals network and media errors,
 * and destroys the instance when the URL changes or the tile unmounts.
 * Playing, pausing, rate and seeking belong to the sync loop, not here.
 */
export function useVodPlayer(
  videoRef: RefObject<HTMLVideoElement | null>,
  cameraId: number,
  url: string | null,
  clockTime: () => number,
  register: (cameraId: number, player: TilePlayer | null) => void
): VodStatus {
  const [status, setStatus] = useState<VodStatus>('idle')

  useEffect(() => {
    const video = videoRef.current
    if (!video || !url) {
      setStatus('idle')
      return
    }
    setStatus('loading')
    const player: TilePlayer = { cameraId, video, spans: [], fps: 15 }
    const hls = new Hls({
      autoStartLoad: false,
      // playback at up to 16×: keep enough ahead, little behind
      maxBufferLength: 20,
      maxMaxBufferLength: 60,
      backBufferLength: 10,
      maxBufferHole: 0.5,
      startFragPrefetch: true,
      manifestLoadingMaxRetry: 2,
      levelLoadingMaxRetry: 2,
      fragLoadingMaxRetry: 8,
      fragLoadingRetryDelay: 400,
      enableWorker: true
    })
    let networkRetries = 0
    let lastRecovery = 0
    let retryTimer: number | undefined
    let frameHandle: number | undefined

    const refreshSpans = (frags: readonly Frag[]) => {
      player.spans = spansOf(frags)
    }
    let loaded = false
    hls.on(Hls.Events.LEVEL_LOADED, (_e, data) => {
      refreshSpans(data.details.fragments)
      if (loaded) return
      loaded = true
      const start = mediaTimeAt(player.spans, clockTime()) ?? player.spans[0]?.mediaStart ?? 0
      hls.startLoad(start)
      video.currentTime = start
      register(cameraId, player)
      setStatus('ready')
    })
    hls.on(Hls.Events.FRAG_BUFFERED, () => {
      // hls.js refines fragment starts from the parsed timestamps
      const details = hls.levels[hls.currentLevel >= 0 ? hls.currentLevel : 0]?.details
      if (details) refreshSpans(details.fragments)
    })
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (!data.fatal) return
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && performance.now() - lastRecovery > 3000) {
        lastRecovery = performance.now()
        hls.recoverMediaError()
        return
      }
      if (data.type === Hls.ErrorTypes.NETWORK_ERROR && networkRetries < MAX_NETWORK_RETRIES) {
        networkRetries++
        window.clearTimeout(retryTimer)
        retryTimer = window.setTimeout(() => hls.startLoad(video.currentTime), 500 * networkRetries)
        return
      }
      setStatus('error')
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
      register(cameraId, null)
      hls.destroy()
      video.removeAttribute('src')
      video.load()
    }
  }, [videoRef, cameraId, url, clockTime, register])

  return status
}
