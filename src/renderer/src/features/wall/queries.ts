import { useQuery } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { queryKeys } from '../../lib/queryClient'

export const useLayouts = () => useQuery({ queryKey: queryKeys.layouts, queryFn: () => api['layouts:list']({}) })
