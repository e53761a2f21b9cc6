import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { queryKeys } from '../../lib/queryClient'

export const useAppInfo = () =>
  useQuery({ queryKey: queryKeys.appInfo, queryFn: () => api['app:info']({}) })

export const useCounts = () =>
  useQuery({ queryKey: queryKeys.counts, queryFn: () => api['app:counts']({}) })

export const useSession = () =>
  useQuery({
    queryKey: queryKeys.session,
    queryFn: () => api['auth:session']({}),
    // asked even while locked (other queries pause then)
    networkMode: 'always'
  })

export const useCameras = () =>
  useQuery({ queryKey: queryKeys.cameras, queryFn: () => api['cameras:list']({}) })

export const useRoads = () =>
  useQuery({ queryKey: queryKeys.roads, queryFn: () => api['roads:list']({}) })
