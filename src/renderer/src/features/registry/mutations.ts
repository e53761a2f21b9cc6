import { useMutation } from '@tanstack/react-query'
import { api } from '../../lib/api'
import { downloadBlob } from '../../lib/download'
import { useChannelMutation } from '../../lib/useChannelMutation'
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

export const useCreateCamera = () => useChannelMutation('cameras:create')
export const useBulkEdit = () => useChannelMutation('cameras:bulkEdit')
export const useRemoveCameras = () => useChannelMutation('cameras:remove')
export const useCreateGroup = () => useChannelMutation('groups:create')

/** Asks main for the file and hands it to the browser as a download. */
export function useExportRegistry() {
  return useMutation({
    mutationFn: async (what: InputOf<'registry:export'>['what']) => {
      const file = await api['registry:export']({ what })
      downloadBlob(new Blob([file.content], { type: file.mime }), file.fileName)
      return file
    }
  })
}

/** Sets or clears a camera's stream account; the cached camera shows only "set" afterwards. */
export const useSetCameraCredentials = () =>
  useChannelMutation('cameras:setCredentials', (cam) => patchCached(cam.id, cam))
