import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'

/** Keys under ['registry'] are invalidated by every `registry:changed` event. */
export const registryKeys = {
  taxonomy: ['registry', 'taxonomy'] as const,
  history: (cameraId: number) => ['registry', 'history', cameraId] as const,
  references: (cameraId: number) => ['registry', 'references', cameraId] as const
}

export const useTaxonomy = () =>
  useQuery({ queryKey: registryKeys.taxonomy, queryFn: () => api['registry:taxonomy']({}) })

export const useStatusHistory = (cameraId: number | null) =>
  useQuery({
    queryKey: registryKeys.history(cameraId ?? 0),
    queryFn: () => api['health:history']({ cameraId: cameraId!, limit: 20 }),
    enabled: cameraId !== null,
    // history grows with probes, not with registry edits
    staleTime: 10_000
  })
