/** The timeline's visible window and the pixel ↔ time mapping. Pure. */
export type TimeView = { start: number; end: number }

export const MIN_SPAN_MS = 10_000
export const MAX_SPAN_MS = 24 * 3600_000

export function xOf(view: TimeView, width: number, t: number): number {
  return ((t - view.start) / (view.end - view.start)) * width
}

export function timeAt(view: TimeView, width: number, x: number): number {
  return view.start + (x / Math.max(1, width)) * (view.end - view.start)
}

/** Zoom by `factor` (<1 zooms in) keeping time `at` under the same pixel. */
export function zoom(view: TimeView, factor: number, at: number): TimeView {
  const span = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, (view.end - view.start) * factor))
  const ratio = (at - view.start) / (view.end - view.start)
  const start = at - ratio * span
  return { start, end: start + span }
}

export function pan(view: TimeView, deltaMs: number): TimeView {
  return { start: view.start + deltaMs, end: view.end + deltaMs }
}

/** A view of `span` centred on `t`. */
export function centred(t: number, span: number): TimeView {
  const s = Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, span))
  return { start: t - s / 2, end: t + s / 2 }
}

/** Keep `t` visible: shift the view when it leaves the middle 90 %. */
export function follow(view: TimeView, t: number): TimeView {
  const span = view.end - view.start
  if (t < view.start + span * 0.05 || t > view.end - span * 0.05)
    return { start: t - span * 0.3, end: t + span * 0.7 }
  return view
}

const STEPS = [
  1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
  3_600_000, 7_200_000, 10_800_000, 21_600_000
]

/** Tick spacing so labels are at least `minPx` apart. */
export function tickStep(view: TimeView, width: number, minPx = 80): number {
  const msPerPx = (view.end - view.start) / Math.max(1, width)
  return STEPS.find((s) => s / msPerPx >= minPx) ?? 21_600_000
}

/** Tick times in the view, aligned to the step in the room's zone (`offsetMs` = zone offset from UTC). */
export function ticks(view: TimeView, step: number, offsetMs: number): number[] {
  const first = Math.ceil((view.start + offsetMs) / step) * step - offsetMs
  const out: number[] = []
  for (let t = first; t <= view.end; t += step) out.push(t)
  return out
}
