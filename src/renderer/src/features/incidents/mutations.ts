import { useMutation } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { queryClient } from '../../lib/queryClient'
import type { InputOf } from '../../../../shared/ipc/contract'
import type { Incident } from '../../../../shared/domain/incident'
import { incidentKeys } from './queries'

const refresh = (i?: Incident) => {
  if (i) queryClient.setQueryData(incidentKeys.one(i.id), i)
  void queryClient.invalidateQueries({ queryKey: incidentKeys.all })
  void queryClient.invalidateQueries({ queryKey: ['duty'] })
}

export const useCreateIncident = () =>
  useMutation({
    mutationFn: (i: InputOf<'incidents:create'>) => api['incidents:create'](i),
    onSuccess: refresh
  })
export const useUpdateIncident = () =>
  useMutation({
    mutationFn: (i: InputOf<'incidents:update'>) => api['incidents:update'](i),
    onSuccess: refresh
  })

export type WorkflowAction = 'acknowledge' | 'dispatch' | 'resolve' | 'close' | 'reopen'

/** One workflow step; close and reopen go to the supervisors' channels. */
export const useTransition = () =>
  useMutation({
    mutationFn: ({ id, action, note }: { id: number; action: WorkflowAction; note?: string }) =>
      action === 'close'
        ? api['incidents:close']({ id, note })
        : action === 'reopen'
          ? api['incidents:reopen']({ id, reason: note ?? '' })
          : api['incidents:transition']({ id, action, note }),
    onSuccess: refresh
  })

export const useNotify = () =>
  useMutation({
    mutationFn: (n: InputOf<'incidents:notify'>) => api['incidents:notify'](n),
    onSuccess: () => refresh()
  })

export const useAttach = () =>
  useMutation({
    mutationFn: (a: InputOf<'incidents:attach'>) => api['incidents:attach'](a),
    onSuccess: () => refresh()
  })
