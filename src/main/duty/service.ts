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
  insertLogEntry,
  updateShiftRow
} from './repository'
import {
  listIncidentsActiveBetween,
  listNotificationsBetween,
  listOpenIncidents,
  listSteps
} from '../incidents/repository'
import { blockOutageMinutes, listOutages } from '../stats/outages'
import type { Sql } from '../db/sql'

const shiftOpen = (open: Shift | null) =>
  new ApiError('conflict', `Shift ${open?.id ?? '?'} is still on duty; hand it over first.`, {
    reason: 'shift_open',
    current: open
  })

export async function startShift(a: Actor, operators: string[]): Promise<Shift> {
  return a.sql.tx(async (t) => {
    const open = await getCurrentShift(t)
    if (open) throw shiftOpen(open)
    const s = await insertShift(t, { startedAt: a.now, operators, startedBy: a.actor })
    // another desk started one after we looked (PostgreSQL: another room server)
    if (!s) throw shiftOpen(await getCurrentShift(t))
    await appendAudit(t, {
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
export async function updateShift(
  a: Actor,
  id: number,
  s: { operators: string[]; handoverNote: string }
): Promise<Shift> {
  return a.sql.tx(async (t) => {
    const before = await getShift(t, id)
    if (!before) throw new ApiError('not_found', `No shift ${id}`)
    if (before.endedAt !== null || !(await updateShiftRow(t, id, s)))
      throw new ApiError('invalid_transition', 'The shift has ended.', { reason: 'shift_ended' })
    const after = (await getShift(t, id)) as Shift
    await appendAudit(t, {
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
export async function endShift(a: Actor, id: number, handoverNote: string): Promise<Shift> {
  return a.sql.tx(async (t) => {
    const before = await getShift(t, id)
    if (!before) throw new ApiError('not_found', `No shift ${id}`)
    if (
      !(await endShiftRow(t, id, {
        endedAt: Math.max(a.now, before.startedAt),
        handoverNote,
        endedBy: a.actor
      }))
    )
      throw new ApiError('invalid_transition', 'The shift has already ended.', {
        reason: 'shift_ended'
      })
    const after = (await getShift(t, id)) as Shift
    await appendAudit(t, {
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

export async function addLogEntry(
  a: Actor,
  text: string,
  incidentId: number | null
): Promise<DutyLogEntry> {
  return a.sql.tx(async (t) => {
    const shift = await getCurrentShift(t)
    const e = await insertLogEntry(t, {
      at: a.now,
      shiftId: shift?.id ?? null,
      actor: a.actor,
      text,
      incidentId
    })
    await appendAudit(t, {
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

export async function getHandover(sql: Sql): Promise<Handover> {
  return {
    current: await getCurrentShift(sql),
    previous: await getPreviousShift(sql),
    openIncidents: await listOpenIncidents(sql, 100)
  }
}

/** Everything of one shift for the printable report; an open shift is reported up to `now`. */
export async function buildShiftReport(
  sql: Sql,
  shiftId: number,
  now: number
): Promise<ShiftReport> {
  const shift = await getShift(sql, shiftId)
  if (!shift) throw new ApiError('not_found', `No shift ${shiftId}`)
  const from = shift.startedAt
  const to = Math.max(shift.endedAt ?? now, from + 1)
  const incidents = await listIncidentsActiveBetween(sql, from, to)
  const steps = await listSteps(
    sql,
    incidents.map((i) => i.id)
  )
  const outages = await listOutages(sql, from, to, now)
  return {
    shift,
    from,
    to,
    incidents: incidents.map((i) => ({ ...i, steps: steps.get(i.id) ?? [] })),
    notifications: await listNotificationsBetween(sql, from, to),
    outages,
    blockOutages: blockOutageMinutes(outages),
    entries: (await listLogEntries(sql, { fromMs: from, toMs: to, limit: 5000 })).reverse(),
    generatedAt: now
  }
}
