import { useMutation } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { useChannelMutation } from '../../lib/useChannelMutation'
import { queryClient, queryKeys } from '../../lib/queryClient'

const invalidate = () => queryClient.invalidateQueries({ queryKey: queryKeys.layouts })

export const useSaveLayout = () => useChannelMutation('layouts:save', invalidate)

export const useDeleteLayout = () =>
  useMutation({ mutationFn: (id: number) => api['layouts:delete']({ id }), onSuccess: invalidate })

export const useSetDefaultLayout = () => useChannelMutation('layouts:setDefault', invalidate)
