import { useMutation, useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { queryClient } from '../../lib/queryClient'
import type { InputOf } from '../../../../shared/ipc/contract'

/** Keys start with 'duty': `duty:changed` and `incident:changed` events invalidate them. */
export const dutyKeys = {
  all: ['duty'] as const,
  handover: ['duty', 'handover'] as const,
  shifts: ['duty', 'shifts'] as const,
  entries: (shiftId: number | null) => ['duty', 'entries', shiftId] as const,
  report: (shiftId: number) => ['duty', 'report', shiftId] as const
}

export const useHandover = () =>
  useQuery({ queryKey: dutyKeys.handover, queryFn: () => api['duty:handover']({}) })
export const useShifts = () =>
  useQuery({ queryKey: dutyKeys.shifts, queryFn: () => api['duty:shifts']({ limit: 30 }) })
export const useEntries = (shiftId: number | null) =>
  useQuery({
    queryKey: dutyKeys.entries(shiftId),
    queryFn: () => api['duty:entries']({ shiftId: shiftId ?? undefined, limit: 300 })
  })
export const useShiftReport = (shiftId: number | null) =>
  useQuery({
    queryKey: dutyKeys.report(shiftId ?? 0),
    queryFn: () => api['duty:report']({ shiftId: shiftId ?? 0 }),
    enabled: shiftId !== null,
    staleTime: 0
  })

const refresh = () => void queryClient.invalidateQueries({ queryKey: dutyKeys.all })
export const useStartShift = () =>
  useMutation({
    mutationFn: (i: InputOf<'duty:startShift'>) => api['duty:startShift'](i),
    onSuccess: refresh
  })
export const useUpdateShift = () =>
  useMutation({
    mutationFn: (i: InputOf<'duty:updateShift'>) => api['duty:updateShift'](i),
    onSuccess: refresh
  })
export const useEndShift = () =>
  useMutation({
    mutationFn: (i: InputOf<'duty:endShift'>) => api['duty:endShift'](i),
    onSuccess: refresh
  })
export const useAddEntry = () =>
  useMutation({
    mutationFn: (i: InputOf<'duty:addEntry'>) => api['duty:addEntry'](i),
    onSuccess: refresh
  })
