import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { useChannelMutation } from '../../lib/useChannelMutation'
import { queryClient } from '../../lib/queryClient'

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
export const useStartShift = () => useChannelMutation('duty:startShift', refresh)
export const useUpdateShift = () => useChannelMutation('duty:updateShift', refresh)
export const useEndShift = () => useChannelMutation('duty:endShift', refresh)
export const useAddEntry = () => useChannelMutation('duty:addEntry', refresh)
