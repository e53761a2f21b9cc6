import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'
import type { LookupQuery } from '../../../../shared/lookup/types'

/** Query keys of the lookup feature. */
export const lookupKeys = {
  all: ['lookup'] as const,
  run: (q: LookupQuery | null) => ['lookup', 'run', q] as const,
  reach: (q: LookupQuery | null) => ['lookup', 'reach', q] as const,
  trail: (plate: string | null, fromMs: number, toMs: number) =>
    ['lookup', 'trail', plate, fromMs, toMs] as const,
  cases: ['lookup', 'cases'] as const,
  case: (id: number | null) => ['lookup', 'cases', id] as const
}

/** The lookup for a submitted query (null: nothing run yet). */
export const useLookupRun = (q: LookupQuery | null) =>
  useQuery({
    queryKey: lookupKeys.run(q),
    queryFn: () => api['lookup:run'](q!),
    enabled: q !== null,
    placeholderData: keepPreviousData
  })

export const useReach = (q: LookupQuery | null) =>
  useQuery({
    queryKey: lookupKeys.reach(q),
    queryFn: () => api['lookup:reach'](q!),
    enabled: q !== null
  })

export const useTrail = (plate: string | null, fromMs: number, toMs: number) =>
  useQuery({
    queryKey: lookupKeys.trail(plate, fromMs, toMs),
    queryFn: () => api['lookup:trail']({ plate: plate!, fromMs, toMs }),
    enabled: plate !== null
  })

export const useLookupCases = () =>
  useQuery({ queryKey: lookupKeys.cases, queryFn: () => api['lookup:cases:list']({}) })

export const useLookupCase = (id: number | null) =>
  useQuery({
    queryKey: lookupKeys.case(id),
    queryFn: () => api['lookup:cases:get']({ id: id! }),
    enabled: id !== null
  })

/** Open incidents to link a case to. */
export const useIncidentChoices = () =>
  useQuery({
    queryKey: ['incidents', 'choices'],
    queryFn: () => api['incidents:list']({ limit: 100 })
  })
