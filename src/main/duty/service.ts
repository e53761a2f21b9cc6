import { inTransaction } from '../db/database'
import { appendAudit } from '../audit/repository'
import { ApiError } from '../../shared/ipc/errors'
import type { DutyLogEntry, Handover, Shift, ShiftReport } from '../../shared/domain/duty'
import type { Actor } from '../incidents/service'
import {
  endShiftRow,
  getCurrentShift,
  getPreviousShift,
  getShift,
  insertShift,
  listLogEntries,
  prepareLogInsert,
  updateShiftRow
} from './repository'
import {
  listIncidentsActiveBetween,
  listNotificationsBetween,
  listOpenIncidents,
  listSteps
} from '../incidents/repository'
import { blockOutageMinutes, listOutages } from '../stats/outages'
import type { ReadableDb } from '../db/database'

export function startShift(a: Actor, operators: string[]): Shift {
  return inTransaction(a.db, () => {
    const open = getCurrentShift(a.db)
    if (open)
      throw new ApiError('conflict', `Shift ${open.id} is still on duty; hand it over first.`, {
        reason: 'shift_open',
        current: open
      })
    const s = insertShift(a.db, { startedAt: a.now, operators, startedBy: a.actor })
    appendAudit(a.db, {
      at: a.now,
      actor: a.actor,
      action: 'shift.start',
      entity: 'shift',
      entityId: String(s.id),
      before: null,
      after: s
    })
    return s
  })
}

/** Edits the open shift's operators or its draft handover note. */
export function updateShift(
  a: Actor,
  id: number,
  s: { operators: string[]; handoverNote: string }
): Shift {
  return inTransaction(a.db, () => {
    const before = getShift(a.db, id)
    if (!before) throw new ApiError('not_found', `No shift ${id}`)
    if (before.endedAt !== null)
      throw new ApiError('invalid_transition', 'The shift has ended.', { reason: 'shift_ended' })
    updateShiftRow(a.db, id, s)
    const after = getShift(a.db, id) as Shift
    appendAudit(a.db, {
      at: a.now,
      actor: a.actor,
      action: 'shift.update',
      entity: 'shift',
      entityId: String(id),
      before,
      after
    })
    return after
  })
}

/** Hands the shift over: ends it with the handover note for the incoming shift. */
export function endShift(a: Actor, id: number, handoverNote: string): Shift {
  return inTransaction(a.db, () => {
    const before = getShift(a.db, id)
    if (!before) throw new ApiError('not_found', `No shift ${id}`)
    if (
      !endShiftRow(a.db, id, {
        endedAt: Math.max(a.now, before.startedAt),
        handoverNote,
        endedBy: a.actor
      })
    )
      throw new ApiError('invalid_transition', 'The shift has already ended.', {
        reason: 'shift_ended'
      })
    const after = getShift(a.db, id) as Shift
    appendAudit(a.db, {
      at: a.now,
      actor: a.actor,
      action: 'shift.end',
      entity: 'shift',
      entityId: String(id),
      before,
      after
    })
    return after
  })
}

export function addLogEntry(a: Actor, text: string, incidentId: number | null): DutyLogEntry {
  return inTransaction(a.db, () => {
    const shift = getCurrentShift(a.db)
    const e = prepareLogInsert(a.db)({
      at: a.now,
      shiftId: shift?.id ?? null,
      actor: a.actor,
      text,
      incidentId
    })
    appendAudit(a.db, {
      at: a.now,
      actor: a.actor,
      action: 'duty.log',
      entity: 'duty_log',
      entityId: String(e.id),
      before: null,
      after: e
    })
    return e
  })
}

export function getHandover(db: ReadableDb): Handover {
  return {
    current: getCurrentShift(db),
    previous: getPreviousShift(db),
    openIncidents: listOpenIncidents(db, 100)
  }
}

/** Everything of one shift for the printable report; an open shift is reported up to `now`. */
export function buildShiftReport(db: ReadableDb, shiftId: number, now: number): ShiftReport {
  const shift = getShift(db, shiftId)
  if (!shift) throw new ApiError('not_found', `No shift ${shiftId}`)
  const from = shift.startedAt
  const to = Math.max(shift.endedAt ?? now, from + 1)
  const incidents = listIncidentsActiveBetween(db, from, to)
  const steps = listSteps(
    db,
    incidents.map((i) => i.id)
  )
  const outages = listOutages(db, from, to, now)
  return {
    shift,
    from,
    to,
    incidents: incidents.map((i) => ({ ...i, steps: steps.get(i.id) ?? [] })),
    notifications: listNotificationsBetween(db, from, to),
    outages,
    blockOutages: blockOutageMinutes(outages),
    entries: listLogEntries(db, { fromMs: from, toMs: to, limit: 5000 }).reverse(),
    generatedAt: now
  }
}
