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
  const actor = (ctx: HandlerContext): Actor => ({
    sql: deps.sql,
    now: deps.now(),
    actor: ctx.actor
  })
  return {
    'duty:handover': () => getHandover(deps.sql),
    'duty:shifts': ({ limit }) => listShifts(deps.sql, limit),
    'duty:startShift': async ({ operators }, ctx) => {
      const s = await startShift(actor(ctx), operators)
      deps.bus.emit('duty:changed', { what: 'shift', id: s.id })
      return s
    },
    'duty:updateShift': async ({ id, operators, handoverNote }, ctx) => {
      const s = await updateShift(actor(ctx), id, { operators, handoverNote })
      deps.bus.emit('duty:changed', { what: 'shift', id: s.id })
      return s
    },
    'duty:endShift': async ({ id, handoverNote }, ctx) => {
      const s = await endShift(actor(ctx), id, handoverNote)
      deps.bus.emit('duty:changed', { what: 'shift', id: s.id })
      return s
    },
    'duty:entries': (q) => listLogEntries(deps.sql, q),
    'duty:addEntry': async ({ text, incidentId }, ctx) => {
      const e = await addLogEntry(actor(ctx), text, incidentId ?? null)
      deps.bus.emit('duty:changed', { what: 'entry', id: e.id })
      return e
    },
    'duty:report': async ({ shiftId }, ctx) => {
      const report = await buildShiftReport(deps.sql, shiftId, deps.now())
      // a printable report leaves the room on paper: it is an export
      await ctx.audit({
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
