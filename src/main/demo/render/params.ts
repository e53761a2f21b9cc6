/**
 * What a demo loop is made of (variants, frame rate, segment length) and what
 * a rendered loop in the cache looks like. No I/O.
 */
import { TS_CLOCK_HZ } from '../../media/hls/tsTimestamps'

export interface DemoCamera {
  code: string
  /** Display name, usually Chinese; burned in when a CJK font exists. */
  name: string
}

export interface DemoVariantSpec {
  name: string
  width: number
  height: number
  /** Target video bitrate. */
  bitrateKbps: number
  /** VBV cap; keeps per-segment peaks near the advertised BANDWIDTH. */
  maxrateKbps: number
}

export interface DemoRenderParams {
  fps: number
  /** Whole seconds per segment; also the GOP length (one IDR per segment). */
  segmentSeconds: number
  loopSegments: number
  variants: readonly DemoVariantSpec[]
}

export const DEMO_VARIANTS: readonly DemoVariantSpec[] = [
  { name: 'main', width: 640, height: 360, bitrateKbps: 500, maxrateKbps: 650 },
  { name: 'sub', width: 320, height: 180, bitrateKbps: 200, maxrateKbps: 260 },
  // For dense walls (36 tiles): cheap to decode in software.
  { name: 'mini', width: 256, height: 144, bitrateKbps: 110, maxrateKbps: 150 }
]

export const DEFAULT_DEMO_RENDER_PARAMS: DemoRenderParams = {
  fps: 15,
  segmentSeconds: 2,
  loopSegments: 5,
  variants: DEMO_VARIANTS
}

/** Bump when the filter graph or encoder settings change so old cache entries are ignored. */
export const RENDER_SCHEMA = 4

export interface RenderedSegment {
  file: string
  durationSec: number
  bytes: number
}

export interface RenderedVariant {
  name: string
  width: number
  height: number
  /** RFC 6381 codec string read from the SPS. */
  codecs: string
  /** Peak and mean bits per second over the loop's segments (container included). */
  peakBandwidth: number
  averageBandwidth: number
  segments: RenderedSegment[]
  /** Payload packets per PID over one loop, mod 16 (continuity counter advance per loop). */
  continuityAdvance: Record<string, number>
  /** First PTS of the loop, 90 kHz. */
  firstPts: number
}

export interface RenderedLoop {
  schema: number
  key: string
  code: string
  name: string
  /** Absolute directory of this cache entry. */
  dir: string
  params: DemoRenderParams
  /** 90 kHz ticks per segment and per loop. */
  segmentTicks: number
  loopTicks: number
  /** Loop position of wall-clock segment 0, so cameras' burned-in clocks differ. */
  phaseSegments: number
  textDrawn: { code: boolean; name: boolean; clock: boolean }
  variants: RenderedVariant[]
  renderMs: number
}

/** Reject parameters that would break loop-seamless timestamps. */
export function validateDemoRenderParams(params: DemoRenderParams): void {
  const { fps, segmentSeconds, loopSegments, variants } = params
  // Whole 90 kHz ticks per frame and whole seconds per segment keep PTS arithmetic exact.
  if (!Number.isInteger(fps) || fps <= 0 || !Number.isInteger(TS_CLOCK_HZ / fps))
    throw new Error(`demo fps must divide 90000: ${fps}`)
  if (!Number.isInteger(segmentSeconds) || segmentSeconds < 1)
    throw new Error(`demo segmentSeconds must be a whole number ≥ 1: ${segmentSeconds}`)
  if (!Number.isInteger(loopSegments) || loopSegments < 1)
    throw new Error(`demo loopSegments must be ≥ 1: ${loopSegments}`)
  if (variants.length === 0) throw new Error('demo render needs at least one variant')
  const names = new Set<string>()
  for (const v of variants) {
    if (!/^[a-z][a-z0-9]{0,15}$/.test(v.name) || names.has(v.name))
      throw new Error(`bad or duplicate demo variant name: ${v.name}`)
    if (v.width % 2 || v.height % 2 || v.width < 16 || v.height < 16)
      throw new Error(`demo variant ${v.name} needs even dimensions ≥ 16`)
    names.add(v.name)
  }
}
