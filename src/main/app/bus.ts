import type { ServerEventMessage, ServerEventName, ServerEvents } from '../../shared/ipc/events'

export type EventBus = {
  emit<K extends ServerEventName>(event: K, payload: ServerEvents[K]): void
  /** Every event, for transports that forward them all. Returns unsubscribe. */
  subscribe(listener: (msg: ServerEventMessage) => void): () => void
}

/** The typed in-process bus main's services publish on and transports forward. */
export function createEventBus(): EventBus {
  const listeners = new Set<(msg: ServerEventMessage) => void>()
  return {
    emit(event, payload) {
      const msg = { event, payload } as ServerEventMessage
      for (const l of listeners) {
        try {
          l(msg)
        } catch (err) {
          console.error('event listener failed', err)
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
