import { useEffect } from 'react'
import { useQuery } from '@tanstack/react-query'
import { api } from '../lib/api'
import { useLock } from '../features/auth/mutations'

const ACTIVITY = ['pointerdown', 'pointermove', 'keydown', 'wheel'] as const
/** How often input is reported to main, whose idle lock is the one that counts. */
const REPORT_EVERY_MS = 20_000

/**
 * Locks the session after the room's idle time without keyboard or mouse
 * activity, so the next shift cannot act as the last one.
 */
export function useIdleLock(enabled: boolean): void {
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api['settings:get']({}) })
  const lock = useLock()
  const minutes = enabled ? (settings.data?.lockIdleMinutes ?? 0) : 0
  const { mutate } = lock
  useEffect(() => {
    if (minutes <= 0) return
    let last = Date.now()
    let reported = 0
    const touch = () => {
      last = Date.now()
      if (last - reported < REPORT_EVERY_MS) return
      reported = last
      // a refused report (already locked, logged out) changes nothing here
      api['auth:activity']({}).catch(() => undefined)
    }
    for (const e of ACTIVITY) window.addEventListener(e, touch, { passive: true })
    const id = window.setInterval(() => {
      if (Date.now() - last > minutes * 60_000) mutate()
    }, 5_000)
    return () => {
      window.clearInterval(id)
      for (const e of ACTIVITY) window.removeEventListener(e, touch)
    }
  }, [minutes, mutate])
}
