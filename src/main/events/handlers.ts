import type { AppDeps } from '../app/deps'
import type { HandlersOf } from '../api/dispatch'
import type { eventsContract } from '../../shared/ipc/contracts/events'
import { listSystemEvents } from './repository'

export function eventsHandlers(deps: AppDeps): HandlersOf<typeof eventsContract> {
  return {
    'events:list': (q) => listSystemEvents(deps.sql, q)
  }
}
