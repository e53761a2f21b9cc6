import { randomBytes } from 'node:crypto'
import type { Writable } from 'node:stream'
import type { DemoSource } from '../demo/source'

/** What the live service uses of the built-in demo source (its exported interface, nothing more). */
export type DemoFeedSource = Pick<
  DemoSource,
  'segment' | 'getFailure' | 'segmentSeconds' | 'ensure'
>

export type DemoFeed = {
  /** wall-clock time (epoch ms) at which the first segment fed starts */
  anchorMs: number
  stop(): void
}

/**
 * Feeds a demo camera's live segments into an ingest's stdin, as a camera
 * would send them: segment n (the demo source's wall-clock segment
 * [n·d, (n+1)·d)) is written the moment it starts, so the ingest can pace
 * its frames by the wall clock. The demo source's drills act here as they
 * would on a camera: `offline` ends the feed (`onGone`), `stall` sends
 * nothing, `corrupt` sends noise.
 */
export function startDemoFeed(opts: {
  source: DemoFeedSource
  code: string
  variant: string
  sink: Writable
  now: () => number
  onGone: () => void
}): DemoFeed {
  const segMs = opts.source.segmentSeconds * 1000
  let seq = Math.floor(opts.now() / segMs)
  let stopped = false
  let timer: NodeJS.Timeout | null = null
  opts.sink.on('error', () => undefined)

  const schedule = () => {
    if (stopped) return
    // the next segment exists from its first instant on; a little late is harmless
    const wait = Math.max(20, seq * segMs - opts.now() + 20)
    timer = setTimeout(() => void tick(), Math.min(wait, 500))
  }

  async function tick(): Promise<void> {
    timer = null
    if (stopped) return
    const failure = opts.source.getFailure(opts.code)
    if (failure === 'offline') {
      stopped = true
      opts.onGone()
      return
    }
    const current = Math.floor(opts.now() / segMs)
    if (failure === 'stall') seq = current + 1
    while (!stopped && failure !== 'stall' && seq <= current) {
      const bytes = await opts.source.segment(opts.code, opts.variant, seq)
      // not servable right now (its render is being redone): try again shortly
      if (!bytes || stopped) break
      opts.sink.write(failure === 'corrupt' ? randomBytes(bytes.length) : bytes)
      seq++
    }
    schedule()
  }

  void tick()
  return {
    anchorMs: seq * segMs,
    stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      opts.sink.end()
    }
  }
}
