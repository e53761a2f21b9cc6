import { useEffect, useState } from 'react'
import { tourFrame, type TourFrame, type TourSpec } from './model/tour'

/** The running tour's current frame; re-evaluated exactly when it changes (preparation start, switch). */
export function useTourFrame(spec: TourSpec | null, tileCount: number): TourFrame | null {
  const [now, setNow] = useState(() => Date.now())
  const frame = spec ? tourFrame(spec, tileCount, now) : null
  const nextAt = frame?.nextChangeAt ?? Number.POSITIVE_INFINITY
  useEffect(() => {
    if (!Number.isFinite(nextAt)) return
    const id = window.setTimeout(() => setNow(Date.now()), Math.max(50, nextAt - Date.now() + 10))
    return () => window.clearTimeout(id)
  }, [nextAt, now])
  return frame
}
