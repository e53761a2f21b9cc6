import { useMutation } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { queryClient, queryKeys } from '../../lib/queryClient'
import type { CameraView } from '../../../../shared/ipc/contracts/cameras'
import type { CameraPatch } from '../../../../shared/domain/registry'
import type { InputOf } from '../../../../shared/ipc/contract'

const patchCached = (id: number, patch: CameraPatch) =>
  queryClient.setQueryData<CameraView[]>(queryKeys.cameras, (list) =>
    list?.map((c) => (c.id === id ? { ...c, ...patch } : c))
  )

/**
 * Saves camera fields. Map gestures apply optimistically (the camera stays
 * where it was dropped) and roll back if main refuses.
 */
export function useUpdateCamera() {
  return useMutation({
    mutationFn: (input: InputOf<'cameras:update'>) => api['cameras:update'](input),
    onMutate: (input) => {
      const before = queryClient
        .getQueryData<CameraView[]>(queryKeys.cameras)
        ?.find((c) => c.id === input.id)
      patchCached(input.id, input.patch)
      return { before }
    },
    onError: (_err, input, ctx) => {
      if (ctx?.before) patchCached(input.id, ctx.before)
    },
    onSuccess: (cam) => patchCached(cam.id, cam)
  })
}

export const useCreateCamera = () =>
  useMutation({ mutationFn: (input: InputOf<'cameras:create'>) => api['cameras:create'](input) })
export const useBulkEdit = () =>
  useMutation({
    mutationFn: (input: InputOf<'cameras:bulkEdit'>) => api['cameras:bulkEdit'](input)
  })
export const useRemoveCameras = () =>
  useMutation({ mutationFn: (input: InputOf<'cameras:remove'>) => api['cameras:remove'](input) })
export const useCreateGroup = () =>
  useMutation({ mutationFn: (input: InputOf<'groups:create'>) => api['groups:create'](input) })

/** Asks main for the file and hands it to the browser as a download. */
export function useExportRegistry() {
  return useMutation({
    mutationFn: async (what: InputOf<'registry:export'>['what']) => {
      const file = await api['registry:export']({ what })
      const url = URL.createObjectURL(new Blob([file.content], { type: file.mime }))
      const a = document.createElement('a')
      a.href = url
      a.download = file.fileName
      document.body.appendChild(a)
      a.click()
      a.remove()
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000)
      return file
    }
  })
}

/** Sets or clears a camera's stream account; the cached camera shows only "set" afterwards. */
export const useSetCameraCredentials = () =>
  useMutation({
    mutationFn: (input: InputOf<'cameras:setCredentials'>) => api['cameras:setCredentials'](input),
    onSuccess: (cam) => patchCached(cam.id, cam)
  })
