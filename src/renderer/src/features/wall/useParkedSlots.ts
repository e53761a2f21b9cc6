import { useEffect, useRef, useState } from 'react'
import { PARK_MS } from '../player/state'

/**
 * The camera of every slot to render: the wall's own, then the slots a
 * smaller layout just dropped. Those stay mounted, hidden, for PARK_MS, so
 * that switching back (9 → 4 → 9) resumes their pictures instead of
 * reconnecting; their players are parked meanwhile (no loading, no decoding).
 * Entries at or past `ids.length` are parked slots.
 */
export function useParkedSlots(ids: readonly (number | null)[]): readonly (number | null)[] {
  const [tail, setTail] = useState<readonly (number | null)[]>(ids)
  const key = ids.join(',')
  // grown back to the parked slots or past them: nothing is parked any more
  if (ids.length >= tail.length && tail.join(',') !== key) setTail(ids)
  const latest = useRef(ids)
  useEffect(() => {
    latest.current = ids
  })
  const parked = tail.length > ids.length
  useEffect(() => {
    if (!parked) return
    const id = window.setTimeout(() => setTail(latest.current), PARK_MS)
    return () => window.clearTimeout(id)
  }, [parked, key])
  return parked ? [...ids, ...tail.slice(ids.length)] : ids
}
