import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * Counts the audit rows each API call appends, wherever they are written (a
 * handler, a service inside its transaction, or code the handler awaits), so
 * the dispatcher can tell a declared-audited call that wrote none. Async
 * context rather than a counter on the connection: calls interleave at every
 * await, and a row must be credited to the call that wrote it.
 */
const scope = new AsyncLocalStorage<{ rows: number }>()

export function countAuditRows<T>(fn: () => T): { result: T; rows: () => number } {
  const counter = { rows: 0 }
  const result = scope.run(counter, fn)
  return { result, rows: () => counter.rows }
}

/** Called by appendAudit for every row it writes. */
export function noteAuditRow(): void {
  const counter = scope.getStore()
  if (counter) counter.rows++
}
