import { onlineManager, useMutation } from '@tanstack/react-query'
import { api, notifySessionChanged } from '../../lib/api'
import { queryClient, queryKeys } from '../../lib/queryClient'
import type { SessionInfo } from '../../../../shared/domain/user'

/**
 * While the session is locked main refuses every call: queries pause (as if
 * offline) instead of failing, the wall keeps playing from the media server,
 * and everything resumes where it was on unlock.
 */
export const setLockedQueries = (locked: boolean) => onlineManager.setOnline(!locked)

const sessionChanged = (s: SessionInfo | null) => {
  notifySessionChanged(s !== null)
  if (s === null) {
    // logged out: drop every cached answer so nothing refetches for the next user
    queryClient.cancelQueries().catch(() => undefined)
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'auth' })
    setLockedQueries(false)
    queryClient.setQueryData(queryKeys.session, null)
    return
  }
  setLockedQueries(s.locked)
  queryClient.setQueryData(queryKeys.session, s)
  // another user may see different things: refetch everything
  void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'auth' })
}

export const useLogin = () =>
  useMutation({ mutationFn: api['auth:login'], onSuccess: sessionChanged })

export const useLogout = () =>
  useMutation({
    mutationFn: () => api['auth:logout']({}),
    networkMode: 'always',
    onSuccess: () => sessionChanged(null)
  })

export const useLock = () =>
  useMutation({
    mutationFn: () => api['auth:lock']({}),
    onSuccess: (s) => {
      setLockedQueries(true)
      queryClient.setQueryData(queryKeys.session, s)
    }
  })

export const useUnlock = () =>
  useMutation({
    mutationFn: api['auth:unlock'],
    // the queries are paused while locked; the unlock itself must go out
    networkMode: 'always',
    onSuccess: (s) => {
      queryClient.setQueryData(queryKeys.session, s)
      setLockedQueries(false)
    }
  })
