/**
 * Releases media fragments at the pace of their own timeline. Sources that
 * arrive in bursts (an HLS camera hands over whole segments; the demo source
 * has whole segments ready at once) would otherwise reach the player seconds
 * ahead of real time and then nothing: the player jumps to the newest frame
 * and freezes until the next burst. Sources that arrive in real time (RTSP,
 * RTMP, FLV) are not paced.
 */
export type Pacer<T> = {
  /** `ms`: the fragment's time on the stream's timeline (null: release with the one before) */
  push(item: T, ms: number | null): void
  /** drops what is queued and forgets the timeline (a new init segment, a restart) */
  reset(anchorMs?: number | null): void
  stop(): void
}

/** A timeline that jumps further ahead than this is a new one (a camera restart): rebase. */
const MAX_AHEAD_MS = 5000

/**
 * `anchorMs`: the wall-clock time of the first fragment's timeline position
 * (the demo source knows it: segment n starts at n × its duration since the
 * epoch), so frames come out when they were "captured"; without it the first
 * fragment goes out at once and the rest follow at the stream's pace.
 */
export function createPacer<T>(opts: {
  now: () => number
  release: (item: T) => void
  anchorMs?: number | null
}): Pacer<T> {
  let anchor = opts.anchorMs ?? null
  let offset: number | null = null
  let lastMs = -Infinity
  let lastDue = -Infinity
  let queue: { due: number; item: T }[] = []
  let timer: NodeJS.Timeout | null = null

  const flush = () => {
    timer = null
    const t = opts.now()
    while (queue.length && (queue[0]?.due ?? 0) <= t + 2) opts.release(queue.shift()!.item)
    const head = queue[0]
    if (head) timer = setTimeout(flush, Math.max(1, head.due - t))
  }

  return {
    push(item, ms) {
      const t = opts.now()
      let due = lastDue
      if (ms !== null) {
        // first fragment, a timeline that went backwards or leapt ahead: start a new mapping
        if (offset === null || ms < lastMs || (anchor === null && ms + offset > t + MAX_AHEAD_MS))
          offset = (anchor ?? t) - ms
        anchor = null
        lastMs = ms
        due = ms + offset
      }
      lastDue = Math.max(due, lastDue === -Infinity ? due : lastDue)
      if (queue.length === 0 && lastDue <= t + 2) {
        opts.release(item)
        return
      }
      queue.push({ due: lastDue, item })
      if (!timer) timer = setTimeout(flush, Math.max(1, (queue[0]?.due ?? t) - t))
    },
    reset(anchorMs = null) {
      if (timer) clearTimeout(timer)
      timer = null
      queue = []
      anchor = anchorMs
      offset = null
      lastMs = -Infinity
      lastDue = -Infinity
    },
    stop() {
      if (timer) clearTimeout(timer)
      timer = null
      queue = []
    }
  }
}
