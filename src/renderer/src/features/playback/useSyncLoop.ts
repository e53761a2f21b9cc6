import { useEffect, useRef, type RefObject } from 'react'
import type { PlaybackClock } from './model/clock'
import { correction, mediaTimeAt, nextSpan } from './model/sync'
import type { VodPlayer } from '../player/useVodPlayer'

/** How often every tile is brought back to the clock. */
const SYNC_INTERVAL_MS = 100
/** After a seek the clock waits this long at most for every tile to have a frame. */
const HOLD_MAX_MS = 2000

/**
 * The sync loop of a playback session: every 100 ms each tile's <video> is
 * brought to the master clock (a playbackRate nudge for a small drift, a
 * seek for a large one; paused or held, exactly the clock's frame), a tile
 * with no footage at the clock is paused and cued where its footage
 * resumes, and a held clock (right after a seek) is released once every
 * tile has a frame there. `onTick` gets the clock's time and which tiles
 * are in a gap.
 */
export function useSyncLoop(opts: {
  clock: PlaybackClock
  cameraIds: readonly number[]
  players: RefObject<Map<number, VodPlayer>>
  /** whether a camera has footage to load in the window (a tile without a player then holds the clock) */
  hasSource: (cameraId: number) => boolean
  /** when the last seek started (performance.now()) */
  holdSince: RefObject<number>
  onTick: (clockMs: number, gaps: Record<number, boolean>) => void
}): void {
  const { clock, cameraIds, players, hasSource, holdSince } = opts
  const onTick = useRef(opts.onTick)
  useEffect(() => {
    onTick.current = opts.onTick
  })

  useEffect(() => {
    const timer = window.setInterval(() => {
      const T = clock.time()
      const rate = clock.rate
      const gaps: Record<number, boolean> = {}
      let allReady = true
      for (const id of cameraIds) {
        const p = players.current?.get(id)
        if (!p) {
          if (hasSource(id)) allReady = false
          continue
        }
        const v = p.video
        const target = mediaTimeAt(p.spans, T)
        if (target === undefined) {
          gaps[id] = true
          if (!v.paused) v.pause()
          // Cue the tile where its footage resumes, so it starts at once when the clock gets there.
          const next = nextSpan(p.spans, T)
          if (next && Math.abs(v.currentTime - next.mediaStart) > 0.05 && !v.seeking)
            v.currentTime = next.mediaStart
          continue
        }
        gaps[id] = false
        if (v.readyState < 3 || v.seeking) allReady = false
        if (clock.playing && !clock.held) {
          const c = correction(v.currentTime, target, rate)
          if (c.kind === 'seek') {
            if (!v.seeking) v.currentTime = c.to
          } else if (c.kind === 'rate' && Math.abs(v.playbackRate - c.playbackRate) > 0.005) {
            v.playbackRate = c.playbackRate
          }
          if (v.paused && !v.seeking) void v.play().catch(() => undefined)
        } else {
          if (!v.paused) v.pause()
          // Paused or held: show exactly the frame at the clock.
          if (Math.abs(v.currentTime - target) > 0.5 / p.fps && !v.seeking) v.currentTime = target
        }
      }
      if (clock.held && (allReady || performance.now() - (holdSince.current ?? 0) > HOLD_MAX_MS))
        clock.release()
      onTick.current(T, gaps)
    }, SYNC_INTERVAL_MS)
    return () => window.clearInterval(timer)
  }, [clock, cameraIds, players, hasSource, holdSince])
}
