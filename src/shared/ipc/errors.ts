/** Stable error codes an API call can fail with; the UI translates them. */
export const API_ERROR_CODES = [
  'invalid_input',
  'unauthenticated',
  'locked',
  'forbidden',
  'not_found',
  'conflict',
  'import_rejected',
  'invalid_transition',
  'unavailable',
  'rate_limited',
  'internal'
] as const
export type ApiErrorCode = (typeof API_ERROR_CODES)[number]

/** The serializable form of a failed call, identical over IPC and HTTP. */
export type ApiErrorPayload = {
  code: ApiErrorCode
  /** English, for logs and the CLI; the UI shows its own translation of `code` */
  message: string
  /** structured details: zod issues, import row errors, the conflicting version… */
  details?: unknown
}

/** A failure that crosses the API boundary with its code intact. */
export class ApiError extends Error {
  readonly code: ApiErrorCode
  readonly details?: unknown

  constructor(code: ApiErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.details = details
  }

  toPayload(): ApiErrorPayload {
    return { code: this.code, message: this.message, details: this.details }
  }
}

export function isApiErrorPayload(value: unknown): value is ApiErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  )
}

/** What every transport returns for a call. */
export type ApiResponse<T> = { ok: true; result: T } | { ok: false; error: ApiErrorPayload }
