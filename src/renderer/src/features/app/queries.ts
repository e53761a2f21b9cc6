import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { queryClient, queryKeys } from '../../lib/queryClient'
import type { AppInfo } from '../../../../shared/ipc/contracts/app'
import { DEFAULT_ROOM_ZONE } from '../../../../shared/domain/roomTime'

export const useAppInfo = () =>
  useQuery({ queryKey: queryKeys.appInfo, queryFn: () => api['app:info']({}) })

/** The room's IANA zone, in which every time is shown (the default until `app:info` answers). */
export const useRoomZone = (): string => useAppInfo().data?.timeZone ?? DEFAULT_ROOM_ZONE

/** `useRoomZone()` for code outside React: what the cache holds now, without subscribing. */
export const getRoomZone = (): string =>
  queryClient.getQueryData<AppInfo>(queryKeys.appInfo)?.timeZone ?? DEFAULT_ROOM_ZONE

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
