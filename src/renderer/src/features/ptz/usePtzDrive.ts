import { useCallback, useEffect, useRef } from 'react'
import { api } from '../../lib/api'
import type { PtzVector } from '../../../../shared/domain/ptz'

/** Must stay below main's PTZ_DEADMAN_MS (1 s): a held move is renewed this often. */
const RENEW_MS = 250

const same = (a: PtzVector | null, b: PtzVector | null) =>
  a === b || (!!a && !!b && a.pan === b.pan && a.tilt === b.tilt && a.zoom === b.zoom)

/**
 * Continuous PTZ from a pad, a drag, keys or the wheel: `drive(v)` starts or
 * changes a move and keeps renewing it while held; `drive(null)` stops. Main
 * stops any move that is not renewed, so a closed tab or a lost network
 * never leaves a dome turning.
 */
export function usePtzDrive(cameraId: number, onError: (err: unknown) => void) {
  const current = useRef<PtzVector | null>(null)
  const timer = useRef<number | undefined>(undefined)
  const errorRef = useRef(onError)
  useEffect(() => {
    errorRef.current = onError
  }, [onError])

  const halt = useCallback(() => {
    window.clearInterval(timer.current)
    timer.current = undefined
    current.current = null
  }, [])

  const send = useCallback(
    (v: PtzVector) =>
      api['ptz:move']({ cameraId, ...v }).catch((err: unknown) => {
        // refused (someone else holds it) or the camera failed: stop pressing
        if (current.current) {
          halt()
          errorRef.current(err)
        }
      }),
    [cameraId, halt]
  )

  const drive = useCallback(
    (v: PtzVector | null) => {
      if (same(v, current.current)) return
      if (!v || (v.pan === 0 && v.tilt === 0 && v.zoom === 0)) {
        const was = current.current
        halt()
        if (was) void api['ptz:stop']({ cameraId }).catch((err: unknown) => errorRef.current(err))
        return
      }
      current.current = v
      void send(v)
      if (timer.current === undefined)
        timer.current = window.setInterval(() => {
          if (current.current) void send(current.current)
        }, RENEW_MS)
    },
    [cameraId, halt, send]
  )

  useEffect(
    () => () => {
      if (current.current) void api['ptz:stop']({ cameraId }).catch(() => undefined)
      halt()
    },
    [cameraId, halt]
  )
  return drive
}
