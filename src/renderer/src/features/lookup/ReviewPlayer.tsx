import { useCallback, useEffect, useImperativeHandle, useRef, useState, type Ref } from 'react'
import { Button, Tooltip } from 'antd'
import {
  AimOutlined,
  CaretRightOutlined,
  PauseOutlined,
  StepBackwardOutlined,
  StepForwardOutlined
} from '@ant-design/icons'
import { useTranslation } from 'react-i18next'
import { formatTime } from '../../lib/time'
import { captureFrame } from '../../lib/frame'
import { useVodPlayer } from '../player/useVodPlayer'
import { mediaTimeAt, nextSpan, wallTimeAt } from '../playback/model/sync'
import styles from './lookup.module.css'

/** One frame at the demo and recorder's 25 fps. */
const FRAME_S = 1 / 25

export type ReviewPlayerHandle = {
  togglePlay: () => void
  /** the frame on screen: its wall time on the camera's clock and a JPEG of it */
  frame: () => { at: number | null; snapshot: string | null }
}

/**
 * The review tile's player: the picture whole (the camera's burned-in clock
 * stays visible: the controls sit below it, not over it), the window as a
 * bar with the moments the plate was read marked on it, and frame steps.
 * Loads only when `load` is set, so a long review list does not open every
 * stream at once.
 */
export function ReviewPlayer({
  source,
  reads,
  timeZone,
  load,
  handle
}: {
  source: { url: string | null; fromMs: number; toMs: number }
  /** camera-clock times at which the followed plate was read in this window */
  reads: readonly number[]
  timeZone: string
  load: boolean
  handle: Ref<ReviewPlayerHandle>
}) {
  const { t } = useTranslation()
  const videoRef = useRef<HTMLVideoElement | null>(null)
  const cue = useCallback(() => source.fromMs, [source.fromMs])
  const vod = useVodPlayer(videoRef, load ? source.url : null, { cue })
  const { spans } = vod
  const wallAt = (v: HTMLVideoElement) => wallTimeAt(spans, v.currentTime) ?? null
  const [now, setNow] = useState<number | null>(null)
  const [playing, setPlaying] = useState(false)
  const span = Math.max(1000, source.toMs - source.fromMs)

  useEffect(() => {
    const v = videoRef.current
    if (!v) return
    const sync = () => {
      setPlaying(!v.paused)
      const at = wallTimeAt(spans, v.currentTime)
      if (at !== undefined) setNow(at)
    }
    const events = ['timeupdate', 'seeked', 'play', 'pause', 'loadeddata'] as const
    for (const e of events) v.addEventListener(e, sync)
    sync()
    return () => {
      for (const e of events) v.removeEventListener(e, sync)
    }
  }, [spans])

  const seek = (ms: number) => {
    const v = videoRef.current
    // a moment with no footage: the next footage after it
    const to = mediaTimeAt(spans, ms) ?? nextSpan(spans, ms)?.mediaStart
    if (v && to !== undefined) v.currentTime = to
  }
  const step = (frames: number) => {
    const v = videoRef.current
    if (!v) return
    v.pause()
    v.currentTime = Math.max(0, v.currentTime + frames * FRAME_S)
  }
  const togglePlay = () => {
    const v = videoRef.current
    if (!v) return
    if (v.paused) void v.play().catch(() => undefined)
    else v.pause()
  }
  useImperativeHandle(handle, () => ({
    togglePlay,
    frame: () => {
      const v = videoRef.current
      const at = v ? wallAt(v) : null
      return {
        at: at === null ? null : Math.round(at),
        snapshot: v ? captureFrame(v, 'image/jpeg', 0.85) : null
      }
    }
  }))

  const pct = (ms: number) => `${Math.min(100, Math.max(0, ((ms - source.fromMs) / span) * 100))}%`
  const ready = vod.status === 'ready'
  return (
    <>
      <div className={styles.tileVideo} data-state={vod.status}>
        <video ref={videoRef} muted playsInline preload="auto" onClick={togglePlay} />
        {(!source.url || vod.status !== 'ready') && (
          <div className={styles.tileEmpty}>
            {!source.url
              ? t('lookup.noFootage')
              : vod.status === 'error'
                ? t('lookup.playError')
                : t('lookup.loading')}
          </div>
        )}
      </div>
      <div className={styles.scrub}>
        <div
          className={styles.scrubTrack}
          data-testid="review-scrub"
          onClick={(e) => {
            const box = e.currentTarget.getBoundingClientRect()
            seek(source.fromMs + ((e.clientX - box.left) / box.width) * span)
          }}
        >
          {now !== null && <span className={styles.scrubPlayed} style={{ width: pct(now) }} />}
          {reads.map((r) => (
            <Tooltip key={r} title={t('lookup.readAt', { time: formatTime(r, timeZone) })}>
              <span
                className={styles.readMark}
                style={{ left: pct(r) }}
                data-testid="review-read-mark"
                onClick={(e) => {
                  e.stopPropagation()
                  seek(r)
                }}
              />
            </Tooltip>
          ))}
        </div>
        <div className={styles.controls}>
          <Button
            size="small"
            type="text"
            icon={<StepBackwardOutlined />}
            disabled={!ready}
            onClick={() => step(-1)}
            aria-label={t('lookup.frameBack')}
            title={t('lookup.frameBack')}
          />
          <Button
            size="small"
            type="text"
            icon={playing ? <PauseOutlined /> : <CaretRightOutlined />}
            disabled={!ready}
            onClick={togglePlay}
            aria-label={playing ? t('lookup.pause') : t('lookup.play')}
            data-testid="review-play"
          />
          <Button
            size="small"
            type="text"
            icon={<StepForwardOutlined />}
            disabled={!ready}
            onClick={() => step(1)}
            aria-label={t('lookup.frameForward')}
            title={t('lookup.frameForward')}
          />
          <span className={styles.mono} data-testid="review-clock">
            {formatTime(now ?? source.fromMs, timeZone)}
          </span>
          {reads.length > 0 && (
            <Button
              size="small"
              type="link"
              icon={<AimOutlined />}
              disabled={!ready}
              onClick={() => seek(reads[0] - 1000)}
              data-testid="review-goto-read"
            >
              {t('lookup.gotoRead', { time: formatTime(reads[0], timeZone) })}
            </Button>
          )}
        </div>
      </div>
    </>
  )
}
