import { useMemo } from 'react'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { naturalCompare } from '../../../../shared/domain/naturalOrder'

/** Keys under ['registry'] are invalidated by every `registry:changed` event. */
export const registryKeys = {
  taxonomy: ['registry', 'taxonomy'] as const,
  history: (cameraId: number) => ['registry', 'history', cameraId] as const,
  references: (cameraId: number) => ['registry', 'references', cameraId] as const
}

export const useTaxonomy = () =>
  useQuery({ queryKey: registryKeys.taxonomy, queryFn: () => api['registry:taxonomy']({}) })

/** The registry's blocks as filter options, in the order the statistics list them. */
export function useBlockOptions(): { value: string; label: string }[] {
  const taxonomy = useTaxonomy()
  return useMemo(
    () =>
      (taxonomy.data?.blocks ?? [])
        .map((b) => b.name)
        .sort(naturalCompare)
        .map((b) => ({ value: b, label: b })),
    [taxonomy.data]
  )
}

export const useStatusHistory = (cameraId: number | null) =>
  useQuery({
    queryKey: registryKeys.history(cameraId ?? 0),
    queryFn: () => api['health:history']({ cameraId: cameraId!, limit: 20 }),
    enabled: cameraId !== null,
    // history grows with probes, not with registry edits
    staleTime: 10_000
  })
