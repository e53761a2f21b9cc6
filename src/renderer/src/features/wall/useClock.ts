import { useSyncExternalStore } from 'react'

/** One shared 1-second tick for every tile clock (not one timer per tile). */
const listeners = new Set<() => void>()
let now = Date.now()
let timer: number | undefined

function subscribe(l: () => void): () => void {
  listeners.add(l)
  if (timer === undefined) {
    now = Date.now()
    timer = window.setInterval(() => {
      now = Date.now()
      for (const f of listeners) f()
    }, 1000)
  }
  return () => {
    listeners.delete(l)
    if (listeners.size === 0) {
      window.clearInterval(timer)
      timer = undefined
    }
  }
}

/** Wall-clock milliseconds, updated every second. */
export function useClock(): number {
  return useSyncExternalStore(subscribe, () => now)
}
