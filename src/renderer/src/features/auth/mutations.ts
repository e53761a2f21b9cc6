import { useMutation } from '@tanstack/react-query'
import { api, notifySessionChanged } from '../../lib/api'
import { queryClient, queryKeys } from '../../lib/queryClient'
import type { SessionInfo } from '../../../../shared/domain/user'

const sessionChanged = (s: SessionInfo | null) => {
  queryClient.setQueryData(queryKeys.session, s)
  notifySessionChanged()
  // another user may see different things: refetch everything
  void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'auth' })
}

export const useLogin = () =>
  useMutation({ mutationFn: api['auth:login'], onSuccess: sessionChanged })

export const useLogout = () =>
  useMutation({ mutationFn: () => api['auth:logout']({}), onSuccess: () => sessionChanged(null) })

export const useLock = () =>
  useMutation({
    mutationFn: () => api['auth:lock']({}),
    onSuccess: (s) => queryClient.setQueryData(queryKeys.session, s)
  })

export const useUnlock = () =>
  useMutation({
    mutationFn: api['auth:unlock'],
    onSuccess: (s) => queryClient.setQueryData(queryKeys.session, s)
  })
