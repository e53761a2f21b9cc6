import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { queryKeys } from '../../lib/queryClient'

/** Saved layouts as this workstation sees them (its default first). */
export const useLayouts = (workstationId: string) =>
  useQuery({
    queryKey: [...queryKeys.layouts, workstationId],
    queryFn: () => api['layouts:list']({ workstationId })
  })
