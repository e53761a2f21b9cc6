/**
 * The one master clock of a playback session: footage time (epoch ms) that
 * advances at `rate` while playing. Every tile follows it; nothing else owns
 * time. While `held` (right after a seek, until the tiles have frames) it
 * does not advance, so a seek starts all tiles together.
 */
export type ClockState = {
  anchorTime: number
  anchorAt: number
  rate: number
  playing: boolean
  held: boolean
}

export class PlaybackClock {
  private s: ClockState
  private readonly listeners = new Set<() => void>()

  constructor(
    time: number,
    private readonly now: () => number = () => performance.now()
  ) {
    this.s = { anchorTime: time, anchorAt: now(), rate: 1, playing: false, held: false }
  }

  /** Footage time now. */
  time(): number {
    const { anchorTime, anchorAt, rate, playing, held } = this.s
    return playing && !held ? anchorTime + (this.now() - anchorAt) * rate : anchorTime
  }

  /** The anchor the time is computed from (read by tests from the page: see data-anchor-*). */
  state(): Readonly<ClockState> {
    return this.s
  }

  get rate(): number {
    return this.s.rate
  }
  get playing(): boolean {
    return this.s.playing
  }
  get held(): boolean {
    return this.s.held
  }

  private rebase(patch: Partial<ClockState>): void {
    this.s = { ...this.s, anchorTime: this.time(), anchorAt: this.now(), ...patch }
    for (const l of this.listeners) l()
  }

  play(): void {
    if (!this.s.playing) this.rebase({ playing: true })
  }
  pause(): void {
    if (this.s.playing) this.rebase({ playing: false })
  }
  setRate(rate: number): void {
    this.rebase({ rate })
  }
  /** Jump to `time`; holds the clock until release() (tiles buffering). */
  seek(time: number, hold = true): void {
    this.rebase({ anchorTime: time, held: hold })
  }
  release(): void {
    if (this.s.held) this.rebase({ held: false })
  }
  /** Notified on play/pause/rate/seek (not on every tick). */
  subscribe(l: () => void): () => void {
    this.listeners.add(l)
    return () => this.listeners.delete(l)
  }
}
