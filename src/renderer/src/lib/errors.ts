import type { TFunction } from 'i18next'
import { ApiError } from '../../../shared/ipc/errors'

/** A user-facing, translated message for any failure of an API call. */
export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    const details = err.details as { reason?: string; retryAfterS?: number } | undefined
    if (err.code === 'rate_limited' && typeof details?.retryAfterS === 'number') {
      // a lockout says how long: "3 分 20 秒后再试"
      const s = Math.max(1, Math.ceil(details.retryAfterS))
      const wait =
        s >= 60
          ? t('errors.waitMinutes', { m: Math.floor(s / 60), s: s % 60 })
          : t('errors.waitSeconds', { s })
      return t('errors.rateLimitedFor', { wait })
    }
    if (details?.reason) {
      const key = `errors.reason.${details.reason}`
      const text = t(key)
      if (text !== key) return text
    }
    return t(`errors.${err.code}`)
  }
  return t('errors.internal')
}
