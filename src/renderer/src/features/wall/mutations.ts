import { useMutation } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { queryClient, queryKeys } from '../../lib/queryClient'
import type { InputOf } from '../../../../shared/ipc/contract'

const invalidate = () => queryClient.invalidateQueries({ queryKey: queryKeys.layouts })

export const useSaveLayout = () =>
  useMutation({
    mutationFn: (input: InputOf<'layouts:save'>) => api['layouts:save'](input),
    onSuccess: invalidate
  })

export const useDeleteLayout = () =>
  useMutation({ mutationFn: (id: number) => api['layouts:delete']({ id }), onSuccess: invalidate })

export const useSetDefaultLayout = () =>
  useMutation({
    mutationFn: (input: InputOf<'layouts:setDefault'>) => api['layouts:setDefault'](input),
    onSuccess: invalidate
  })
