import type { TFunction } from 'i18next'
import { ApiError } from '../../../../shared/ipc/errors'
import { errorMessage } from '../../lib/errors'

/** A translated message for incident and duty failures: which step from which state, who saved first… */
export function incidentErrorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const d = (err.details ?? {}) as {
      reason?: string
      action?: string
      status?: string
      current?: { updatedBy?: string | null; version?: number }
    }
    if (
      err.code === 'invalid_transition' &&
      d.reason === 'incident_transition' &&
      d.action &&
      d.status
    )
      return t('incident.errors.transition', {
        action: t(`incidentAction.${d.action}`),
        status: t(`incidentStatus.${d.status}`)
      })
    if (err.code === 'conflict' && d.reason === 'incident_version')
      return t('incident.errors.conflict', {
        by: d.current?.updatedBy ?? '?',
        version: d.current?.version ?? '?'
      })
    if (d.reason) {
      const key = `incident.errors.${d.reason}`
      const text = t(key)
      if (text !== key) return text
    }
  }
  return errorMessage(t, err)
}
