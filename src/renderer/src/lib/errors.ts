import type { TFunction } from 'i18next'
import { ApiError } from '../../../shared/ipc/errors'

/** A user-facing, translated message for any failure of an API call. */
export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const details = err.details as { reason?: string } | undefined
    if (details?.reason) {
      const key = `errors.reason.${details.reason}`
      const text = t(key)
      if (text !== key) return text
    }
    return t(`errors.${err.code}`)
  }
  return t('errors.internal')
}
