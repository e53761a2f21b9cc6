import { useEffect, useState, type RefObject } from 'react'
import Hls from 'hls.js'

export type VodState = {
  status: 'idle' | 'loading' | 'ready' | 'error'
  error?: string
  /** wall time (camera clock) of media time 0, once the playlist is read */
  startMs?: number
}

/**
 * Owns one hls.js instance for one review tile: loads a VOD playlist and
 * cues the video at `cueMs` (wall time on the camera's clock) through the
 * playlist's EXT-X-PROGRAM-DATE-TIME. Paused at the cue: the operator plays.
 */
export function useVodStream(
  videoRef: RefObject<HTMLVideoElement | null>,
  url: string | null,
  cueMs: number
): VodState {
  const [state, setState] = useState<VodState>({ status: 'idle' })
  useEffect(() => {
    const video = videoRef.current
    if (!video || !url) {
      setState({ status: 'idle' })
      return
    }
    setState({ status: 'loading' })
    const hls = new Hls({ maxBufferLength: 20, enableWorker: true, startFragPrefetch: true })
    hls.on(Hls.Events.LEVEL_LOADED, (_e, data) => {
      const first = data.details.fragments[0]?.programDateTime
      // media time 0 is the first segment's wall time; seek to the cue inside it
      if (typeof first === 'number') {
        const offset = Math.max(0, (cueMs - first) / 1000)
        if (offset > 0.05) video.currentTime = offset
        setState((s) => ({ ...s, startMs: first }))
      }
    })
    hls.on(Hls.Events.FRAG_BUFFERED, () =>
      setState((s) => (s.status === 'loading' ? { ...s, status: 'ready' } : s))
    )
    hls.on(Hls.Events.ERROR, (_e, data) => {
      if (data.fatal) setState({ status: 'error', error: data.details })
    })
    hls.loadSource(url)
    hls.attachMedia(video)
    return () => {
      hls.destroy()
      video.removeAttribute('src')
      video.load()
    }
  }, [videoRef, url, cueMs])
  return state
}

/** The frame on screen as JPEG (same-origin media: the canvas is not tainted). */
export function captureFrame(video: HTMLVideoElement, quality = 0.85): string | null {
  if (!video.videoWidth || !video.videoHeight) return null
  const canvas = document.createElement('canvas')
  canvas.width = video.videoWidth
  canvas.height = video.videoHeight
  const ctx = canvas.getContext('2d')
  if (!ctx) return null
  ctx.drawImage(video, 0, 0)
  return canvas.toDataURL('image/jpeg', quality)
}
