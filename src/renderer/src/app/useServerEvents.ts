import { useEffect } from 'react'
import { startEventInvalidation } from '../lib/queryClient'

/** Starts cache invalidation by server-pushed events once logged in. */
export function useServerEvents(): void {
  useEffect(() => {
    startEventInvalidation()
  }, [])
}
