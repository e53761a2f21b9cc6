import { useMemo } from 'react'
import { useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { api } from '../../lib/api'
import type { InputOf } from '../../../../shared/ipc/contract'
import type { CodeName } from '../../../../shared/domain/incident'

/** Query keys of the incident feature; every key starts with 'incidents' so one event invalidates them all. */
export const incidentKeys = {
  all: ['incidents'] as const,
  config: ['incidents', 'config'] as const,
  alerts: ['incidents', 'alerts'] as const,
  list: (filter: object) => ['incidents', 'list', filter] as const,
  search: (q: object) => ['incidents', 'search', q] as const,
  one: (id: number) => ['incidents', 'one', id] as const,
  attachment: (id: number) => ['incidents', 'attachment', id] as const
}

export type IncidentFilterInput = Omit<InputOf<'incidents:list'>, 'before' | 'limit'>

export const useIncidentConfig = () =>
  useQuery({ queryKey: incidentKeys.config, queryFn: () => api['incidents:config']({}) })

export const useAlerts = () =>
  useQuery({ queryKey: incidentKeys.alerts, queryFn: () => api['incidents:alerts']({}) })

export const useIncident = (id: number | null) =>
  useQuery({
    queryKey: incidentKeys.one(id ?? 0),
    queryFn: () => api['incidents:get']({ id: id ?? 0 }),
    enabled: id !== null
  })

export const useAttachment = (id: number) =>
  useQuery({
    queryKey: incidentKeys.attachment(id),
    queryFn: () => api['incidents:attachment']({ id })
  })

const PAGE = 100

/** Incidents newest first, a page at a time (keyset paging on time and id). */
export function useIncidentPages(filter: IncidentFilterInput) {
  return useInfiniteQuery({
    queryKey: incidentKeys.list(filter),
    queryFn: ({ pageParam }) =>
      api['incidents:list']({ ...filter, before: pageParam, limit: PAGE }),
    initialPageParam: undefined as { at: number; id: number } | undefined,
    getNextPageParam: (last) =>
      last.length < PAGE
        ? undefined
        : { at: last[last.length - 1].at, id: last[last.length - 1].id }
  })
}

export type SearchInput = Omit<InputOf<'incidents:search'>, 'cursor' | 'limit'>

/** Full-text hits over incidents and log entries, a page at a time. */
export function useSearchPages(q: SearchInput | null) {
  return useInfiniteQuery({
    queryKey: incidentKeys.search(q ?? {}),
    queryFn: ({ pageParam }) =>
      api['incidents:search']({ ...(q as SearchInput), cursor: pageParam, limit: 50 }),
    initialPageParam: undefined as
      { incidentBeforeId: number | null; logBeforeId: number | null } | undefined,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled: q !== null
  })
}

/** The room's label of a configured code: the translation of a known default, else the room's own name. */
export function labelOf(
  t: (key: string, opts?: { defaultValue: string }) => string,
  prefix: 'incidentType' | 'department',
  list: readonly CodeName[] | undefined,
  code: string
): string {
  const name = list?.find((x) => x.code === code)?.name ?? code
  return t(`${prefix}.${code}`, { defaultValue: name })
}

/** The room's incident types or departments as options, each under its label in the UI language. */
export function useConfigOptions(
  list: 'types' | 'departments'
): { value: string; label: string }[] {
  const { t } = useTranslation()
  const config = useIncidentConfig()
  return useMemo(() => {
    const codes = config.data?.[list] ?? []
    const prefix = list === 'types' ? 'incidentType' : 'department'
    return codes.map((c) => ({ value: c.code, label: labelOf(t, prefix, codes, c.code) }))
  }, [config.data, list, t])
}
