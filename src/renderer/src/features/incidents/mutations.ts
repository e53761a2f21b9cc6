import { useMutation } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { useChannelMutation } from '../../lib/useChannelMutation'
import { queryClient } from '../../lib/queryClient'
import type { Incident } from '../../../../shared/domain/incident'
import { incidentKeys } from './queries'

const refresh = (i?: Incident) => {
  if (i) queryClient.setQueryData(incidentKeys.one(i.id), i)
  void queryClient.invalidateQueries({ queryKey: incidentKeys.all })
  void queryClient.invalidateQueries({ queryKey: ['duty'] })
}

export const useCreateIncident = () => useChannelMutation('incidents:create', refresh)
export const useUpdateIncident = () => useChannelMutation('incidents:update', refresh)

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

export const useNotify = () => useChannelMutation('incidents:notify', () => refresh())

export const useAttach = () => useChannelMutation('incidents:attach', () => refresh())
