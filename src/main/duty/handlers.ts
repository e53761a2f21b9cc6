import type { AppDeps } from '../app/deps'
import type { HandlerContext, HandlersOf } from '../api/dispatch'
import type { dutyContract } from '../../shared/ipc/contracts/duty'
import type { Actor } from '../incidents/service'
import { listLogEntries, listShifts } from './repository'
import {
  addLogEntry,
  buildShiftReport,
  endShift,
  getHandover,
  startShift,
  updateShift
} from './service'

export function dutyHandlers(deps: AppDeps): HandlersOf<typeof dutyContract> {
  const actor = (ctx: HandlerContext): Actor => ({ db: deps.db, now: deps.now(), actor: ctx.actor })
  return {
    'duty:handover': () => getHandover(deps.db),
    'duty:shifts': ({ limit }) => listShifts(deps.db, limit),
    'duty:startShift': ({ operators }, ctx) => {
      const s = startShift(actor(ctx), operators)
      deps.bus.emit('duty:changed', { what: 'shift', id: s.id })
      return s
    },
    'duty:updateShift': ({ id, operators, handoverNote }, ctx) => {
      const s = updateShift(actor(ctx), id, { operators, handoverNote })
      deps.bus.emit('duty:changed', { what: 'shift', id: s.id })
      return s
    },
    'duty:endShift': ({ id, handoverNote }, ctx) => {
      const s = endShift(actor(ctx), id, handoverNote)
      deps.bus.emit('duty:changed', { what: 'shift', id: s.id })
      return s
    },
    'duty:entries': (q) => listLogEntries(deps.db, q),
    'duty:addEntry': ({ text, incidentId }, ctx) => {
      const e = addLogEntry(actor(ctx), text, incidentId ?? null)
      deps.bus.emit('duty:changed', { what: 'entry', id: e.id })
      return e
    },
    'duty:report': ({ shiftId }, ctx) => {
      const report = buildShiftReport(deps.db, shiftId, deps.now())
      // a printable report leaves the room on paper: it is an export
      ctx.audit({
        at: report.generatedAt,
        action: 'export.shift_report',
        entityId: shiftId,
        after: {
          incidents: report.incidents.length,
          notifications: report.notifications.length,
          outages: report.outages.length,
          entries: report.entries.length
        }
      })
      return report
    }
  }
}
