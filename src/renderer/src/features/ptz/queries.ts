import { useQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import { api } from '../../lib/api'
import type { AlarmRuleFields } from '../../../../shared/domain/alarm'

/** Query keys of PTZ, presets, ONVIF links and alarms. */
export const ptzKeys = {
  links: ['ptz', 'links'] as const,
  state: (cameraId: number) => ['ptz', 'state', cameraId] as const,
  presets: (cameraId: number) => ['ptz', 'presets', cameraId] as const,
  alarms: ['alarms', 'list'] as const,
  rules: ['alarms', 'rules'] as const
}

export function useOnvifLinks() {
  return useQuery({ queryKey: ptzKeys.links, queryFn: () => api['onvif:links']({}) })
}

export function usePtzState(cameraId: number | null) {
  return useQuery({
    queryKey: ptzKeys.state(cameraId ?? 0),
    queryFn: () => api['ptz:state']({ cameraId: cameraId! }),
    enabled: cameraId !== null
  })
}

export function usePresets(cameraId: number | null, enabled = true) {
  return useQuery({
    queryKey: ptzKeys.presets(cameraId ?? 0),
    queryFn: () => api['ptz:presets']({ cameraId: cameraId! }),
    enabled: cameraId !== null && enabled
  })
}

export function useAlarms() {
  return useQuery({ queryKey: ptzKeys.alarms, queryFn: () => api['alarms:list']({}) })
}

export function useAlarmRules(enabled = true) {
  return useQuery({ queryKey: ptzKeys.rules, queryFn: () => api['alarms:rules:list']({}), enabled })
}

export function useAckAlarm() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api['alarms:ack']({ id }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['alarms'] })
  })
}

export function useSaveAlarmRule() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id?: number; fields: AlarmRuleFields }) => api['alarms:rules:save'](v),
    onSuccess: () => qc.invalidateQueries({ queryKey: ptzKeys.rules })
  })
}

export function useDeleteAlarmRule() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => api['alarms:rules:delete']({ id }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ptzKeys.rules })
  })
}

export function usePresetMutations(cameraId: number) {
  const qc = useQueryClient()
  const done = () => qc.invalidateQueries({ queryKey: ptzKeys.presets(cameraId) })
  return {
    save: useMutation({
      mutationFn: (name: string) => api['ptz:savePreset']({ cameraId, name }),
      onSuccess: done
    }),
    rename: useMutation({
      mutationFn: (v: { token: string; name: string }) =>
        api['ptz:renamePreset']({ cameraId, ...v }),
      onSuccess: done
    }),
    remove: useMutation({
      mutationFn: (token: string) => api['ptz:deletePreset']({ cameraId, token }),
      onSuccess: done
    })
  }
}
