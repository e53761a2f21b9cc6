import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { playbackKeys } from './queries'

export const useAddBookmark = () => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (input: { at: number; note: string; cameraIds: number[] }) =>
      api['bookmarks:add'](input),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['bookmarks'] })
  })
}

export const useDeleteBookmark = () => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api['bookmarks:delete']({ id }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['bookmarks'] })
  })
}

export const useCreateExport = () => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (input: { cameraIds: number[]; from: number; to: number; snapshots: number[] }) =>
      api['export:create'](input),
    onSuccess: () => qc.invalidateQueries({ queryKey: playbackKeys.exports })
  })
}

export const useCancelExport = () => {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api['export:cancel']({ id }),
    onSuccess: () => qc.invalidateQueries({ queryKey: playbackKeys.exports })
  })
}

export const useSnapshot = () =>
  useMutation({
    mutationFn: (input: { cameraId: number; at: number }) => api['export:snapshot'](input)
  })
