import { useEffect } from 'react'
import { useQuery } from '@tanstack/react-query'
import { api, onServerEvent } from '../../lib/api'
import { queryClient } from '../../lib/queryClient'
import type { TreeGroup } from './model/cameraTree'

const KEY = ['registry', 'taxonomy', 'wall-groups'] as const

/** Camera groups for the tree's "by group" view and for tours; null while unknown. */
export function useCameraGroups(): TreeGroup[] | null {
  const q = useQuery({
    queryKey: KEY,
    queryFn: async () =>
      (await api['registry:taxonomy']({})).groups.map((g) => ({
        id: g.id,
        name: g.name,
        cameraIds: g.cameraIds
      }))
  })
  useEffect(
    () =>
      onServerEvent((msg) => {
        if (msg.event === 'registry:changed') void queryClient.invalidateQueries({ queryKey: KEY })
      }),
    []
  )
  return q.data ?? null
}
